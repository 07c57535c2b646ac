package dev.fulcrum.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.response.Response;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** One slow SMTP server cannot hold a request longer than the e-mail timeout allows for the whole exchange. */
class SmtpDeadlineTest {

    /** An SMTP server on loopback that never finishes its greeting: one byte every two seconds. */
    private static final class TricklingSmtp implements AutoCloseable {
        final ServerSocket listener;
        final CopyOnWriteArrayList<Socket> clients = new CopyOnWriteArrayList<>();

        TricklingSmtp() throws IOException {
            listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        Socket client = listener.accept();
                        clients.add(client);
                        Thread trickle = new Thread(() -> trickle(client));
                        trickle.setDaemon(true);
                        trickle.start();
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
        }

        private static void trickle(Socket client) {
            try {
                OutputStream out = client.getOutputStream();
                while (true) {
                    out.write('2');
                    out.flush();
                    Thread.sleep(2_000);
                }
            } catch (IOException | InterruptedException closed) {
                // the client gave up, as it should
            }
        }

        @Override
        public void close() throws IOException {
            listener.close();
            for (Socket client : clients) {
                client.close();
            }
        }
    }

    @Test
    void a_smtp_server_trickling_one_byte_every_two_seconds_holds_a_new_user_no_longer_than_the_timeout() throws Exception {
        try (TricklingSmtp smtp = new TricklingSmtp();
             TestServer server = TestServer.startWith("email:\n  host: 127.0.0.1\n  port: " + smtp.listener.getLocalPort()
                     + "\n  from: fulcrum@example.com\n  startTls: false\n  timeoutMillis: 3000\n")) {
            // the first request of a test JVM loads rest-assured's Groovy, which takes seconds: not what is measured
            assertThat(server.api().body("{\"user\":{\"name\":\"warm-up@imply.io\"}}").post("/api/v1/users")
                    .jsonPath().getString("user.name")).isEqualTo("warm-up@imply.io");
            long start = System.nanoTime();
            Response response = server.api().body("{\"user\":{\"name\":\"slow-mail@imply.io\"},\"sendWelcomeEmail\":true}")
                    .post("/api/v1/users");
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.jsonPath().getString("sendEmailStatus")).isEqualTo("failed");
            assertThat(millis).as("the whole exchange is bounded by timeoutMillis").isLessThan(5_000);
            assertThat(server.api().get("/api/v1/users/slow-mail@imply.io").statusCode()).isEqualTo(200);
        }
    }
}
