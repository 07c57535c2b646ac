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
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends mail through the SMTP server of config.yaml's {@code email:} section (Jakarta Mail). The whole exchange,
 * connecting included, must end within {@code timeoutMillis}: at the deadline its sockets are closed.
 */
public final class SmtpMailer implements Mailer {
    private static final Logger LOG = LoggerFactory.getLogger(SmtpMailer.class);
    private static final ScheduledExecutorService DEADLINES = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "smtp-deadline");
        thread.setDaemon(true);
        return thread;
    });
    private final Properties properties;
    private final Authenticator authenticator;
    private final String from;
    private final long timeoutMillis;

    public SmtpMailer(FulcrumConfig.Email email) {
        this.properties = new Properties();
        properties.put("mail.smtp.host", email.host);
        properties.put("mail.smtp.port", String.valueOf(email.port));
        properties.put("mail.smtp.starttls.enable", String.valueOf(email.startTls));
        properties.put("mail.smtp.starttls.required", String.valueOf(email.startTls));
        properties.put("mail.smtp.connectiontimeout", String.valueOf(email.timeoutMillis));
        properties.put("mail.smtp.timeout", String.valueOf(email.timeoutMillis));
        properties.put("mail.smtp.writetimeout", String.valueOf(email.timeoutMillis));
        // without these, Jakarta Mail looks up this machine's name in DNS (for EHLO and the Message-ID), which
        // no deadline can interrupt and which took seconds where DNS does not answer
        properties.put("mail.smtp.localhost", "localhost");
        properties.put("mail.from", email.from);
        Authenticator credentials = null;
        if (email.user != null) {
            properties.put("mail.smtp.auth", "true");
            String password = email.password();
            credentials = new Authenticator() {
                @Override
                protected PasswordAuthentication getPasswordAuthentication() {
                    return new PasswordAuthentication(email.user, password);
                }
            };
        }
        this.authenticator = credentials;
        this.from = email.from;
        this.timeoutMillis = email.timeoutMillis;
    }

    @Override
    public Status send(String to, String subject, String text) {
        DeadlineSocketFactory sockets = new DeadlineSocketFactory();
        Properties exchange = new Properties();
        exchange.putAll(properties);
        exchange.put("mail.smtp.socketFactory", sockets);
        exchange.put("mail.smtp.socketFactory.fallback", "false");
        ScheduledFuture<?> deadline = DEADLINES.schedule(sockets::expire, timeoutMillis, TimeUnit.MILLISECONDS);
        try {
            MimeMessage message = new MimeMessage(Session.getInstance(exchange, authenticator));
            message.setFrom(new InternetAddress(from));
            message.setRecipient(Message.RecipientType.TO, new InternetAddress(to, true));
            message.setSubject(subject, "UTF-8");
            message.setText(text, "UTF-8");
            message.setSentDate(new Date());
            Transport.send(message);
            return Status.OK;
        } catch (MessagingException | RuntimeException e) {
            // the message text and the SMTP password never reach the log; the cause's class and text do
            LOG.warn("e-mail to {} failed: {}", to, sockets.expired() ? "no answer within timeoutMillis (" + timeoutMillis
                    + " ms)" : e.getClass().getSimpleName() + ": " + e.getMessage());
            return Status.FAILED;
        } finally {
            deadline.cancel(false);
        }
    }
}
