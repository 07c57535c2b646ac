package dev.fulcrum.app;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hundred parallel 3.9 MB "passwords" against a server with a 256 MB heap, in its own JVM: each is refused
 * before it is read whole, so there is no OutOfMemoryError and no 500, and the server answers afterwards.
 */
@StartsProcesses
class HugePasswordsTest {
    private static final int PARALLEL = 100;
    private static final byte[] PASSWORD = filled(3_900_000);

    @TempDir
    Path dir;

    @Test
    void a_hundred_parallel_huge_passwords_on_a_256_mb_heap_are_refused_without_running_out_of_memory() throws Exception {
        Files.writeString(dir.resolve("config.yaml"), "port: 0\n" + TestDatabases.stateStoreConfig(dir.resolve("var/fulcrum")));
        String token = Processes.run(dir, "token", "create", "--name", "huge").lastLine();
        Processes.Server server = Processes.serve(List.of("-Xmx256m"), dir, "config.yaml");
        try {
            int port = server.port();
            given().port(port).header("x-imply-api-token", token).body("{\"user\":{\"name\":\"huge@example.com\"}}")
                    .post("/api/v1/users").then().statusCode(200);
            List<Integer> statuses = attack(port, List.of(
                    head("/ui/sign-in", "application/x-www-form-urlencoded", "", PASSWORD.length + 40, false)
                            + "user=huge%40example.com&csrf=x&password=",
                    head("/api/v1/user-auths/huge@example.com/verify", "application/json", token, PASSWORD.length + 14, false)
                            + "{\"password\":\"",
                    head("/api/v1/user-auths/huge@example.com/verify", "application/json", token, -1, true)
                            + Integer.toHexString(PASSWORD.length + 13) + "\r\n{\"password\":\"",
                    head("/ui/sign-in", "application/x-www-form-urlencoded", "", -1, true)
                            + Integer.toHexString(PASSWORD.length + 39) + "\r\nuser=huge%40example.com&csrf=x&password="));
            assertThat(statuses).as("no 500, whatever else").doesNotContain(500);
            assertThat(statuses.stream().filter(status -> status > 0)).allSatisfy(status -> assertThat(status).isBetween(400, 499));
            assertThat(given().port(port).get("/health").statusCode()).isEqualTo(200);
            assertThat(given().port(port).header("x-imply-api-token", token).body("{\"password\":\"" + "q".repeat(2_000) + "\"}")
                    .post("/api/v1/user-auths/huge@example.com/verify").statusCode()).isEqualTo(400);
            assertThat(server.process().isAlive()).isTrue();
            assertThat(server.output().toString()).doesNotContain("OutOfMemoryError", "internal error");
        } finally {
            server.terminate();
        }
    }

    /** Sends {@link #PARALLEL} requests, spread over the heads, all at once; answers each status (0: none came). */
    private static List<Integer> attack(int port, List<String> heads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(PARALLEL);
        try {
            List<Callable<Integer>> requests = new ArrayList<>();
            for (int i = 0; i < PARALLEL; i++) {
                String head = heads.get(i % heads.size());
                requests.add(() -> send(port, head, head.contains("Transfer-Encoding")));
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> status : pool.invokeAll(requests)) {
                statuses.add(status.get());
            }
            return statuses;
        } finally {
            pool.shutdownNow();
        }
    }

    private static String head(String path, String type, String token, long length, boolean chunked) {
        return "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: " + type + "\r\n"
                + (token.isEmpty() ? "" : "x-imply-api-token: " + token + "\r\n")
                + (chunked ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + length + "\r\n") + "Connection: close\r\n\r\n";
    }

    private static int send(int port, String head, boolean chunked) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(head.getBytes(StandardCharsets.US_ASCII));
                for (int offset = 0; offset < PASSWORD.length; offset += 65_536) {
                    out.write(PASSWORD, offset, Math.min(65_536, PASSWORD.length - offset));
                }
                out.write((chunked ? "\"}\r\n0\r\n\r\n" : "\"}").getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } catch (IOException refusedWhileSending) {
                // the server answered and closed before the body was sent: read what it answered
            }
            return status(socket.getInputStream());
        } catch (IOException reset) {
            return 0;
        }
    }

    private static int status(InputStream in) throws IOException {
        byte[] line = in.readNBytes(12);
        String text = new String(line, StandardCharsets.US_ASCII);
        return text.startsWith("HTTP/1.1 ") ? Integer.parseInt(text.substring(9, 12)) : 0;
    }

    private static byte[] filled(int size) {
        byte[] bytes = new byte[size];
        Arrays.fill(bytes, (byte) 'p');
        return bytes;
    }
}
