package dev.fulcrum.app.email;

import dev.fulcrum.app.config.FulcrumConfig;
import jakarta.mail.Authenticator;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.util.Date;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Sends mail through the SMTP server of config.yaml's {@code email:} section (Jakarta Mail). */
public final class SmtpMailer implements Mailer {
    private static final Logger LOG = LoggerFactory.getLogger(SmtpMailer.class);
    private final Session session;
    private final String from;

    public SmtpMailer(FulcrumConfig.Email email) {
        Properties properties = new Properties();
        properties.put("mail.smtp.host", email.host);
        properties.put("mail.smtp.port", String.valueOf(email.port));
        properties.put("mail.smtp.starttls.enable", String.valueOf(email.startTls));
        properties.put("mail.smtp.starttls.required", String.valueOf(email.startTls));
        properties.put("mail.smtp.connectiontimeout", String.valueOf(email.timeoutMillis));
        properties.put("mail.smtp.timeout", String.valueOf(email.timeoutMillis));
        properties.put("mail.smtp.writetimeout", String.valueOf(email.timeoutMillis));
        Authenticator authenticator = null;
        if (email.user != null) {
            properties.put("mail.smtp.auth", "true");
            String password = email.password();
            authenticator = new Authenticator() {
                @Override
                protected PasswordAuthentication getPasswordAuthentication() {
                    return new PasswordAuthentication(email.user, password);
                }
            };
        }
        this.session = Session.getInstance(properties, authenticator);
        this.from = email.from;
    }

    @Override
    public Status send(String to, String subject, String text) {
        try {
            MimeMessage message = new MimeMessage(session);
            message.setFrom(new InternetAddress(from));
            message.setRecipient(Message.RecipientType.TO, new InternetAddress(to, true));
            message.setSubject(subject, "UTF-8");
            message.setText(text, "UTF-8");
            message.setSentDate(new Date());
            Transport.send(message);
            return Status.OK;
        } catch (MessagingException | RuntimeException e) {
            // the message text and the SMTP password never reach the log; the cause's class and text do
            LOG.warn("e-mail to {} failed: {}", to, e.getClass().getSimpleName() + ": " + e.getMessage());
            return Status.FAILED;
        }
    }
}
