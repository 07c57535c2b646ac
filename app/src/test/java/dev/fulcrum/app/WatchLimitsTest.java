package dev.fulcrum.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fulcrum.app.tokens.TokenRequest;
import io.restassured.response.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The bounds of the watch streams: a cap per instance, a client that does not read is dropped (by its queue's event
 * count or its bytes), and a token stops working whatever the database does.
 */
class WatchLimitsTest {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.startWith("watch:\n  maxWatchers: 2\n  queueEvents: 4\n  heartbeatMillis: 1000\n");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void a_watcher_beyond_the_cap_is_a_503_and_a_closed_stream_gives_its_place_back() {
        // streams of the other test may still hold places until the server notices their clients left
        try (WatchClient one = admitted("/api/v1/watch");
             WatchClient two = admitted("/api/v1/roles?watch=true")) {
            assertThat(one.status).isEqualTo(200);
            assertThat(two.status).isEqualTo(200);
            Response third = server.api().get("/api/v1/watch");
            assertThat(third.statusCode()).isEqualTo(503);
            assertThat(third.header("Retry-After")).isEqualTo("1");
            assertThat(Jsons.parse(third.asString()).get("error").asText()).contains("watch.maxWatchers");
        }
    }

    /** Opens and closes watch streams until one is let in (the places of streams that ended are free again). */
    private static void waitForAPlace() {
        admitted("/api/v1/watch").close();
    }

    /** A watch stream of {@code path}, once there is a place for it (within 10 s). */
    private static WatchClient admitted(String path) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            WatchClient watch = WatchClient.open(server, path);
            if (watch.status == 200) {
                return watch;
            }
            watch.close();
            assertThat(System.nanoTime()).as("a place within 10 s").isLessThan(deadline);
        }
    }

    @Test
    void a_watcher_that_takes_nothing_while_its_queue_is_full_is_dropped_and_the_others_go_on() throws Exception {
        try (WatchClient reader = admitted("/api/v1/dashboards?watch=true");
             Socket stalled = stalledStream()) {
            String notes = "n".repeat(200_000);
            for (int i = 0; i < 30; i++) {
                server.create("dashboards", "dashboard", "{\"name\":\"big-" + i + "\",\"title\":\"B\",\"notes\":\"" + notes + "\"}");
            }
            // the client that reads gets every event, in order
            for (int i = 0; i < 30; i++) {
                assertThat(reader.next(10).json().get("name").asText()).isEqualTo("big-" + i);
            }
            // the one that reads nothing loses its stream (and its place: a third watcher fits beside the reader)
            waitForAPlace();
            assertThat(readsToTheEnd(stalled)).as("the server closed the stalled stream").isTrue();
        }
    }

    /**
     * However many events a stream's queue may take, it holds at most 4 MB past its first event: a client that reads
     * nothing while 10 MB of documents change is dropped like one whose queue is full of events.
     */
    @Test
    void a_stream_whose_client_takes_nothing_holds_at_most_4_mb_whatever_its_event_count() throws Exception {
        try (TestServer roomy = TestServer.startWith("watch:\n  queueEvents: 1000\n  heartbeatMillis: 500\n");
             Socket stalled = stalledStream(roomy)) {
            String notes = "n".repeat(250_000);
            for (int i = 0; i < 40; i++) { // 10 MB: more than the stream's 4 MB and the sockets' buffers together
                roomy.create("dashboards", "dashboard", "{\"name\":\"bytes-" + i + "\",\"title\":\"B\",\"notes\":\"" + notes + "\"}");
            }
            assertThat(readsToTheEnd(stalled)).as("the server dropped the stream at its byte bound").isTrue();
        }
    }

    /**
     * The kernel holds little for a client that does not read: its socket's send buffer is fixed small, where it would
     * grow by itself to 4 MB (1,000 such streams took about 2 GB of the host). Read from {@code /proc/net/tcp*}, the
     * bytes queued on the server's side of the stalled connection while 10 MB of documents change.
     */
    @Test
    void a_client_that_does_not_read_holds_little_of_the_kernels_memory() throws Exception {
        assumeTrue(Files.exists(Path.of("/proc/net/tcp")), "Linux only");
        try (TestServer patient = TestServer.startWith("watch:\n  queueEvents: 1000\n  heartbeatMillis: 60000\n");
             Socket stalled = stalledStream(patient)) {
            String notes = "n".repeat(250_000);
            long most = 0;
            for (int i = 0; i < 40; i++) {
                patient.create("dashboards", "dashboard", "{\"name\":\"kernel-" + i + "\",\"title\":\"B\",\"notes\":\"" + notes + "\"}");
                most = Math.max(most, sendQueue(patient.port(), stalled.getLocalPort()));
            }
            for (int i = 0; i < 20; i++) { // the last events reach the socket
                Thread.sleep(100);
                most = Math.max(most, sendQueue(patient.port(), stalled.getLocalPort()));
            }
            assertThat(most).as("bytes queued in the kernel for the stalled client").isGreaterThan(0)
                    .isLessThan(512 * 1024);
        }
    }

    /** The bytes the kernel queues to send on the server's side of the connection from {@code clientPort}. */
    private static long sendQueue(int serverPort, int clientPort) throws IOException {
        String local = String.format(":%04X", serverPort);
        String remote = String.format(":%04X", clientPort);
        for (String table : new String[] {"/proc/net/tcp", "/proc/net/tcp6"}) {
            for (String line : Files.readAllLines(Path.of(table))) {
                String[] fields = line.trim().split("\\s+");
                if (fields.length > 4 && fields[1].endsWith(local) && fields[2].endsWith(remote)) {
                    return Long.parseLong(fields[4].substring(0, fields[4].indexOf(':')), 16);
                }
            }
        }
        return 0;
    }

    /**
     * The token of a stream is checked whatever the reads of the change stream do: an expiring token's stream ends
     * while those reads wait (here the numbering of a committed write's event waits for the sequencer's row, locked
     * by another client; as reads of a database that stopped answering would), and heartbeats go on.
     */
    @Test
    void an_expired_tokens_stream_ends_even_while_the_change_stream_cannot_be_read() {
        try (TestServer own = TestServer.startWith("watch:\n  heartbeatMillis: 300\n");
             Handle holder = Jdbi.create(own.dataSource()).open()) {
            String brief = own.tokenService().create(new TokenRequest("brief", null, null, "test", Duration.ofSeconds(3)));
            try (WatchClient watch = WatchClient.open(own.port(), "/api/v1/watch", brief, null)) {
                assertThat(watch.status).isEqualTo(200);
                holder.begin();
                holder.createQuery("SELECT last_position FROM event_sequence WHERE id = 1 FOR UPDATE").mapTo(Long.class).one();
                own.create("dashboards", "dashboard", "{\"name\":\"waits\",\"title\":\"D\"}"); // its event waits to be numbered
                long heartbeats = 0;
                WatchClient.Event refused;
                do { // heartbeats go on meanwhile, then the refusal
                    refused = watch.nextAny(6);
                    heartbeats += refused.comment() != null ? 1 : 0;
                } while (refused.comment() != null);
                assertThat(refused.event()).isEqualTo("error");
                assertThat(refused.json().get("status").asInt()).isEqualTo(401);
                assertThat(heartbeats).as("heartbeats while the reads wait").isGreaterThan(2);
                assertThat(watch.ended(Duration.ofSeconds(5))).isTrue();
            } finally {
                holder.rollback();
            }
        }
    }

    /**
     * A watch stream whose client reads its status line and nothing more, with a small receive window so that the
     * server's writes back up soon; opened once there is a place for it.
     */
    private static Socket stalledStream() throws IOException {
        return stalledStream(server);
    }

    private static Socket stalledStream(TestServer server) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            Socket socket = new Socket();
            socket.setReceiveBufferSize(1024); // before connecting: the window is agreed on then
            socket.connect(new InetSocketAddress("127.0.0.1", server.port()));
            OutputStream request = socket.getOutputStream();
            request.write(("GET /api/v1/dashboards?watch=true HTTP/1.1\r\nHost: 127.0.0.1\r\nx-imply-api-token: "
                    + server.token + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            request.flush();
            StringBuilder status = new StringBuilder();
            InputStream in = socket.getInputStream();
            for (int c = in.read(); c >= 0 && c != '\n'; c = in.read()) {
                status.append((char) c);
            }
            if (status.toString().startsWith("HTTP/1.1 200")) {
                return socket;
            }
            socket.close();
            assertThat(System.nanoTime()).as("a place within 10 s").isLessThan(deadline);
        }
    }

    /** Reads until the server closes the connection (true), or 10 s pass (false). */
    private static boolean readsToTheEnd(Socket socket) throws IOException {
        socket.setSoTimeout(200);
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[65536];
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try {
                if (in.read(buffer) < 0) {
                    return true;
                }
            } catch (SocketTimeoutException quiet) {
                // nothing yet
            } catch (IOException reset) {
                return true; // closed with a reset: the server dropped what it could not write
            }
        }
        return false;
    }
}
