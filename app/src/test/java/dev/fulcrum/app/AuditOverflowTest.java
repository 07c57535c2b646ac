package dev.fulcrum.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fulcrum.app.tokens.TokenRequest;
import java.io.FileInputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit queue overflowing for real: the audit log file is a pipe whose reader (a log shipper) stops reading,
 * so the queue's writer blocks on it while refused requests keep coming. Beyond 10,000 distinct entries waiting,
 * requests are counted, and one entry with method {@code -} says how many were not recorded once the writer moves
 * again: every request is either recorded or counted there.
 */
class AuditOverflowTest {
    private static final int CAPACITY = 10_000;
    private static final int PREFILL = 800; // about 200 KB of lines: more than a pipe holds, so the writer blocks
    private static final int FLOOD = CAPACITY + 400;

    @TempDir
    Path dir;

    @Test
    void beyond_ten_thousand_waiting_entries_requests_are_counted_and_one_dash_entry_says_how_many() throws Exception {
        Path pipe = dir.resolve("audit.pipe");
        assertThat(new ProcessBuilder("mkfifo", pipe.toString()).start().waitFor()).isZero();
        CountDownLatch mayRead = new CountDownLatch(1);
        Thread shipper = new Thread(() -> {
            try (InputStream in = new FileInputStream(pipe.toFile())) {
                mayRead.await();
                in.transferTo(java.io.OutputStream.nullOutputStream());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        shipper.setDaemon(true);
        shipper.start();
        // each refused request comes (through a trusted proxy) from its own address: refusals without a valid token
        // from one address are one entry per second, so only many addresses make many entries
        try (TestServer server = TestServer.startWith("auditLogFile: " + pipe + "\ntrustedProxies: [\"127.0.0.1\"]\n")) {
            refuse(server, "pre-", PREFILL, 1);
            Thread.sleep(1_500); // the writer took them (after their second of gathering) and is blocked on the full pipe
            refuse(server, "ov-", FLOOD, 32);
            mayRead.countDown();
            server.flushAudit();

            // the writer has 10,000 entries and more to write once the pipe moves: wait for them (flush waits 10 s)
            long deadline = System.nanoTime() + 60_000_000_000L;
            Tally tally = tally(server);
            while (tally.recorded + tally.lost() < PREFILL + FLOOD && System.nanoTime() < deadline) {
                Thread.sleep(500);
                tally = tally(server);
            }
            List<JsonNode> dashes = tally.dashes;
            long recorded = tally.recorded;
            assertThat(dashes).as("one entry says how many were not recorded").hasSize(1);
            String says = dashes.get(0).path("name").asText();
            assertThat(says).matches("\\d+ requests not recorded: the audit queue was full or the database refused them");
            long lost = Long.parseLong(says.substring(0, says.indexOf(' ')));
            assertThat(lost).as("the queue overflowed").isPositive();
            assertThat(recorded).as("at most 10,000 waited while the writer was blocked, plus what it had taken")
                    .isLessThan(PREFILL + FLOOD);
            assertThat(recorded + lost).as("every refused request is recorded or counted").isEqualTo(PREFILL + FLOOD);
        } finally {
            mayRead.countDown();
        }
    }

    /** The refused requests of this test recorded in the audit log, and the {@code -} entries. */
    private record Tally(long recorded, List<JsonNode> dashes) {
        long lost() {
            return dashes.stream().mapToLong(dash -> Long.parseLong(dash.path("name").asText().split(" ", 2)[0])).sum();
        }
    }

    private static Tally tally(TestServer server) {
        long recorded = 0;
        List<JsonNode> dashes = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = Jsons.parse(server.api().get("/api/v1/audit?limit=1000"
                    + (cursor == null ? "" : "&cursor=" + cursor)).asString());
            for (JsonNode entry : page.get("audit")) {
                if (entry.path("method").asText().equals("-")) {
                    dashes.add(entry);
                } else if (entry.path("path").asText().matches("/api/v1/users/(pre|ov)-\\d+")) {
                    assertThat(entry.path("status").asInt()).isEqualTo(401);
                    recorded += entry.path("count").asLong();
                }
            }
            cursor = page.path("nextCursor").isNull() ? null : page.path("nextCursor").asText();
        } while (cursor != null);
        return new Tally(recorded, dashes);
    }

    @Test
    void a_thousand_bad_token_requests_to_new_paths_from_one_address_are_an_entry_a_second() throws Exception {
        // the second black-box review: 7,859 such requests were 7,864 rows and 75 MB of database
        try (TestServer server = TestServer.start()) {
            floodAndCount(server, i -> "fulcrum_wrong-" + i, 401, "");
        }
    }

    @Test
    void a_thousand_refusals_of_a_valid_token_to_new_paths_are_an_entry_a_second() throws Exception {
        // the third black-box review: a token with no permissions wrote a row per 403, 10 MB of database a second
        try (TestServer server = TestServer.start()) {
            server.create("roles", "role", "{\"name\":\"nothing\",\"permissions\":[]}");
            String weak = server.tokenService().create(new TokenRequest("flooder", "nothing", null, "cli", null));
            floodAndCount(server, i -> weak, 403, "&actor=flooder");
        }
    }

    /**
     * Sends 1,000 requests to new paths with the token {@code tokens} gives each, all answered {@code status}; then
     * every one is counted in the audit log, in about one entry a second.
     */
    private static void floodAndCount(TestServer server, IntFunction<String> tokens, int status, String auditQuery)
            throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long started = System.nanoTime();
        List<CompletableFuture<Integer>> answers = new ArrayList<>();
        Semaphore slots = new Semaphore(16);
        for (int i = 0; i < 1_000; i++) {
            slots.acquire();
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/v1/users/flood-"
                    + i)).header("x-imply-api-token", tokens.apply(i)).build();
            answers.add(http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).thenApply(HttpResponse::statusCode)
                    .whenComplete((answered, failure) -> slots.release()));
        }
        for (CompletableFuture<Integer> answer : answers) {
            assertThat(answer.join()).isEqualTo(status);
        }
        long seconds = (System.nanoTime() - started) / 1_000_000_000L;
        server.flushAudit();
        long entries = 0;
        long counted = 0;
        for (JsonNode entry : Jsons.parse(server.api().get("/api/v1/audit?limit=1000" + auditQuery).asString()).get("audit")) {
            if (entry.path("path").asText().startsWith("/api/v1/users/flood-")) {
                entries++;
                counted += entry.path("count").asLong(1);
                assertThat(entry.path("status").asInt()).isEqualTo(status);
            }
        }
        assertThat(counted).as("every refusal is counted").isEqualTo(1_000);
        assertThat(entries).as("entries for %d s of refusals", seconds).isBetween(1L, seconds + 2);
    }

    /**
     * {@code count} requests without a token, each to its own path from its own address (so none is merged), each
     * on a connection of its own, {@code inFlight} at a time. Raw sockets, not an HTTP client: a client that retries
     * a GET on a connection the server closed (the JDK's does, unseen) would send more requests than the test counts.
     */
    private static void refuse(TestServer server, String prefix, int count, int inFlight) throws Exception {
        ExecutorService senders = Executors.newFixedThreadPool(inFlight);
        try {
            List<Future<String>> answers = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String request = "GET /api/v1/users/" + prefix + i + " HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Forwarded-For: 10."
                        + (prefix.equals("pre-") ? 0 : 1) + "." + (i >> 8) + "." + (i & 255) + "\r\nConnection: close\r\n\r\n";
                answers.add(senders.submit(() -> {
                    try (Socket socket = new Socket("127.0.0.1", server.port())) {
                        socket.setSoTimeout(30_000);
                        socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
                        return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                    }
                }));
            }
            for (Future<String> answer : answers) {
                assertThat(answer.get()).startsWith("HTTP/1.1 401");
            }
        } finally {
            senders.shutdownNow();
        }
    }
}
