package dev.fulcrum.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.restassured.response.Response;
import jakarta.mail.internet.MimeMessage;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Pivot's sendWelcomeEmail, against a real SMTP server in the JVM (GreenMail). */
class WelcomeEmailTest {
    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("fulcrum", "smtp-pass-93ac"));

    private static String emailConfig(int port) {
        return "email:\n  host: 127.0.0.1\n  port: " + port + "\n  from: fulcrum@example.com\n  startTls: false\n"
                + "  user: fulcrum\n  password: smtp-pass-93ac\n  timeoutMillis: 3000\n";
    }

    @Test
    void a_new_user_gets_a_welcome_email_and_the_answer_says_ok() throws Exception {
        try (TestServer server = TestServer.startWith(emailConfig(SMTP.getSmtp().getPort()))) {
            Response response = server.api().body("{\"user\":{\"name\":\"someuser@imply.io\",\"firstName\":\"Some\","
                    + "\"email\":\"some.user@imply.io\"},\"sendWelcomeEmail\":true,\"clientUrl\":\"https://pivot.example.com/\"}")
                    .post("/api/v1/users");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.jsonPath().getString("sendEmailStatus")).isEqualTo("ok");
            MimeMessage[] received = SMTP.getReceivedMessages();
            assertThat(received).hasSize(1);
            assertThat(received[0].getAllRecipients()[0].toString()).isEqualTo("some.user@imply.io");
            assertThat(received[0].getFrom()[0].toString()).isEqualTo("fulcrum@example.com");
            assertThat(received[0].getSubject()).isEqualTo("Welcome to Fulcrum");
            assertThat(GreenMailUtil.getBody(received[0])).contains("Hello Some", "someuser@imply.io",
                    "https://pivot.example.com/");

            Response again = server.api().body("{\"user\":{\"name\":\"someuser@imply.io\"},\"sendWelcomeEmail\":true}")
                    .post("/api/v1/users");
            assertThat(again.jsonPath().getString("sendEmailStatus")).isEqualTo("skipped");
            assertThat(SMTP.getReceivedMessages()).hasSize(1);
        }
    }

    @Test
    void a_dry_run_sends_no_email_and_the_real_write_then_does() throws Exception {
        try (TestServer server = TestServer.startWith(emailConfig(SMTP.getSmtp().getPort()))) {
            String body = "{\"user\":{\"name\":\"dry@imply.io\"},\"sendWelcomeEmail\":true}";
            Response dryRun = server.api().body(body).post("/api/v1/users?dryRun=true");
            assertThat(dryRun.statusCode()).as(dryRun.asString()).isEqualTo(200);
            assertThat(dryRun.jsonPath().getString("message")).isEqualTo("Created successfully");
            assertThat(server.api().get("/api/v1/users/dry@imply.io").statusCode()).isEqualTo(404);

            Response real = server.api().body(body).post("/api/v1/users");
            assertThat(real.jsonPath().getString("sendEmailStatus")).isEqualTo("ok");
            // the real write's message is the only one: had the dry run sent one, it would be here by now
            assertThat(SMTP.getReceivedMessages()).hasSize(1);
        }
    }

    @Test
    void when_delivery_fails_the_user_is_still_created_and_the_answer_says_failed() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (TestServer server = TestServer.startWith(emailConfig(closedPort))) {
            Response response = server.api().body("{\"user\":{\"name\":\"late@imply.io\"},\"sendWelcomeEmail\":true}")
                    .post("/api/v1/users");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.jsonPath().getString("sendEmailStatus")).isEqualTo("failed");
            assertThat(response.jsonPath().getString("message")).isEqualTo("Created successfully");
            assertThat(server.api().get("/api/v1/users/late@imply.io").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void without_an_email_section_the_answer_says_not_configured() {
        try (TestServer server = TestServer.start()) {
            Response response = server.api().body("{\"user\":{\"name\":\"x@imply.io\"},\"sendWelcomeEmail\":true}")
                    .post("/api/v1/users");
            assertThat(response.jsonPath().getString("sendEmailStatus")).isEqualTo("not-configured");
        }
    }
}
