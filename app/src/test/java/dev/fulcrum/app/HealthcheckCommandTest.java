package dev.fulcrum.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fulcrum healthcheck}, the HEALTHCHECK of an image without a shell or curl, in its own JVM. */
@StartsProcesses
class HealthcheckCommandTest {
    @TempDir
    Path dir;

    @Test
    void a_serving_server_is_healthy_and_a_refused_probe_or_a_closed_port_is_not() throws Exception {
        try (TestServer server = TestServer.start()) {
            String port = String.valueOf(server.port());
            Processes.Result healthy = Processes.run(dir, "healthcheck", "--port", port);
            assertThat(healthy.exitCode()).as(healthy.err()).isZero();
            assertThat(healthy.out()).startsWith("200 ");

            Processes.Result missing = Processes.run(dir, "healthcheck", "--port", port, "--path", "/health/none");
            assertThat(missing.exitCode()).isEqualTo(1);
            assertThat(missing.out()).startsWith("404 ");
        }
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        Processes.Result down = Processes.run(dir, "healthcheck", "--port", String.valueOf(closed));
        assertThat(down.exitCode()).isEqualTo(1);
        assertThat(down.err()).contains("unhealthy", "did not answer");
    }
}
