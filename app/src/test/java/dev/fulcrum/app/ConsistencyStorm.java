package dev.fulcrum.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Many clients doing random POST, PUT, PATCH (each adding a field of its own), DELETE, restore and import on a few
 * dashboards, and changing a connection's secret and a user's password (sealed and Argon2-hashed writes, the slow
 * ones), for a fixed time, recording every answer; then {@link #check} proves from the API alone that no
 * acknowledged write was lost or changed, that history and documents agree, and that every document still
 * accepts writes. Also run for minutes by {@code bench/storm.sh}.
 */
final class ConsistencyStorm {
    static final String RESOURCE = "dashboards";
    /** The resources besides dashboards, each with one document the storm keeps rewriting, and their wrappers. */
    private static final Map<String, String> WRAPPERS = Map.of(RESOURCE, "dashboard", "connections", "connection",
            "user-auths", "userAuth");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String names;
    private final int nameCount;
    private final AtomicLong sequence = new AtomicLong();
    /** Every request that got an answer. */
    final Queue<Answer> answers = new ConcurrentLinkedQueue<>();
    /** Requests sent that got no answer (the server was killed under them): they may or may not have landed. */
    final Queue<String> unanswered = new ConcurrentLinkedQueue<>();

    /** One answered request: which operation, on which name, its sequence number, status and body. */
    record Answer(String resource, String operation, String name, long sequence, int status, String body) {
        boolean acknowledged() {
            return status == 200 || status == 201; // 201: a PUT that created the document
        }

        /** The document the answer carries (null for a delete or an import, which answer with none). */
        ObjectNode document() {
            JsonNode document = Jsons.parse(body).get(WRAPPERS.get(resource));
            return document instanceof ObjectNode object ? object : null;
        }

        /** The version the answer's ETag named, or -1 (deletes and imports answer none). */
        long version() {
            return Jsons.parse(body).path("_version").asLong(-1);
        }
    }

    ConsistencyStorm(String prefix, int nameCount) {
        this.names = prefix;
        this.nameCount = nameCount;
    }

    String name(int index) {
        return names + index;
    }

    /** The one connection (whose secret the storm changes) and the one user (whose password it changes). */
    private String secretHolder() {
        return names + "-secrets";
    }

    /** Creates the connection and the user with a password whose writes the storm mixes in: before {@link #run}. */
    void prepare(int port, String token) {
        given(port, token).body("{\"connection\":{\"name\":\"" + secretHolder() + "\",\"type\":\"druid\","
                + "\"queryHosts\":[\"h:1\"],\"sockPassword\":\"initial\"}}").post("/api/v1/connections").then().statusCode(200);
        given(port, token).body("{\"user\":{\"name\":\"" + secretHolder() + "\"}}").post("/api/v1/users").then().statusCode(200);
        given(port, token).body("{\"userAuth\":{\"name\":\"" + secretHolder() + "\",\"currentPass\":{\"pass\":"
                + "\"initial-password\",\"hashStrategy\":\"none\"}}}").post("/api/v1/user-auths").then().statusCode(200);
    }

    /** Runs {@code threads} clients against {@code port} for {@code duration}; answers are collected as they come. */
    void run(int port, String token, int threads, Duration duration) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long end = System.nanoTime() + duration.toNanos();
        List<Future<?>> clients = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            clients.add(pool.submit(() -> {
                while (System.nanoTime() < end) {
                    if (!oneRequest(port, token)) {
                        return null; // the server is gone
                    }
                }
                return null;
            }));
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(duration.toSeconds() + 120, TimeUnit.SECONDS)).as("the storm ends").isTrue();
    }

    private boolean oneRequest(int port, String token) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        String name = name(random.nextInt(nameCount));
        long seq = sequence.incrementAndGet();
        String base = "http://127.0.0.1:" + port + "/api/v1/" + RESOURCE;
        String resource = RESOURCE;
        HttpRequest.Builder request;
        String operation;
        switch (random.nextInt(12)) {
            case 0, 1 -> {
                operation = "POST";
                request = send(base, "POST", "{\"dashboard\":{\"name\":\"" + name + "\",\"title\":\"t" + seq + "\"}}");
            }
            case 2 -> {
                operation = "PUT";
                request = send(base + "/" + name, "PUT", "{\"dashboard\":{\"title\":\"t" + seq + "\"}}");
            }
            case 3, 4, 5, 6 -> {
                operation = "PATCH";
                request = send(base + "/" + name, "PATCH", "{\"dashboard\":{\"p" + seq + "\":" + seq + "}}");
            }
            case 7 -> {
                operation = "DELETE";
                request = HttpRequest.newBuilder(URI.create(base + "/" + name)).DELETE();
            }
            case 8 -> {
                operation = "RESTORE";
                request = send(base + "/" + name + "/history/" + (1 + random.nextInt(8)) + "/restore", "POST", "");
            }
            case 10 -> {
                operation = "SECRET";
                resource = "connections";
                name = secretHolder();
                request = send("http://127.0.0.1:" + port + "/api/v1/connections/" + name, "PATCH",
                        "{\"connection\":{\"sockPassword\":\"s" + seq + "\",\"title\":\"t" + seq + "\"}}");
            }
            case 11 -> {
                operation = "PASSWORD";
                resource = "user-auths";
                name = secretHolder();
                request = send("http://127.0.0.1:" + port + "/api/v1/user-auths/" + name, "PATCH",
                        "{\"userAuth\":{\"currentPass\":{\"pass\":\"long-password-" + seq + "\",\"hashStrategy\":\"none\"},"
                                + "\"note\":\"n" + seq + "\"}}");
            }
            default -> {
                operation = "IMPORT";
                request = send("http://127.0.0.1:" + port + "/api/v1/import?onExisting=overwrite", "POST",
                        "{\"fulcrumBundle\":1,\"resources\":{\"dashboards\":[{\"name\":\"" + name + "\",\"title\":\"t" + seq
                                + "\"}]}}");
            }
        }
        try {
            HttpResponse<String> response = HTTP.send(request.header("x-imply-api-token", token)
                    .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
            String etag = response.headers().firstValue("ETag").orElse(null);
            answers.add(new Answer(resource, operation, name, seq, response.statusCode(),
                    etag == null ? response.body() : withVersion(response.body(), etag)));
            return true;
        } catch (IOException e) {
            unanswered.add(name);
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The answer's body with the ETag's version added as "_version", so that checks need one field only. */
    private static String withVersion(String body, String etag) {
        ObjectNode parsed = (ObjectNode) Jsons.parse(body);
        parsed.put("_version", Long.parseLong(etag.replace("\"", "")));
        return parsed.toString();
    }

    private static HttpRequest.Builder send(String url, String method, String body) {
        return HttpRequest.newBuilder(URI.create(url)).method(method, HttpRequest.BodyPublishers.ofString(body))
                .header("content-type", "application/json");
    }

    /**
     * The five checks of issue 11, from the API of the server on {@code port}: (1) every acknowledged version is in the
     * history once, with the acknowledged content; (2) each document is its history's newest version; (3) the field of
     * every acknowledged PATCH that nothing replaced afterwards is there; (4) no 5xx and no 412; (5) every name still
     * accepts a write.
     */
    void check(int port, String token) {
        assertThat(answers).as("the storm made requests").isNotEmpty();
        for (Answer answer : answers) {
            assertThat(answer.status()).as("%s %s: %s", answer.operation(), answer.name(), answer.body())
                    .isIn(200, 201, 404);
            if (answer.operation().equals("IMPORT") || answer.operation().equals("POST")) {
                assertThat(answer.status()).as("%s %s: %s", answer.operation(), answer.name(), answer.body()).isEqualTo(200);
            }
        }
        long acknowledged = answers.stream().filter(Answer::acknowledged).count();
        assertThat(acknowledged).as("acknowledged writes").isPositive();
        System.out.printf("storm on %s: %d answers, %d acknowledged, %d unanswered%n", TestDatabases.STORE, answers.size(),
                acknowledged, unanswered.size());
        for (int i = 0; i < nameCount; i++) {
            checkName(port, token, RESOURCE, name(i));
        }
        checkName(port, token, "connections", secretHolder());
        checkName(port, token, "user-auths", secretHolder());
    }

    private void checkName(int port, String token, String resource, String name) {
        String wrapper = WRAPPERS.get(resource);
        Map<Long, JsonNode> history = history(port, token, resource, name);
        Map<Long, Answer> acknowledged = new HashMap<>();
        for (Answer answer : answers) {
            if (!answer.resource().equals(resource) || !answer.name().equals(name) || !answer.acknowledged()
                    || answer.document() == null) {
                continue;
            }
            long version = answer.version();
            Answer earlier = acknowledged.put(version, answer);
            if (earlier != null) {
                // only a restore of what is current writes nothing and answers the current version again
                assertThat(answer.operation().equals("RESTORE") || earlier.operation().equals("RESTORE"))
                        .as("%s version %d acknowledged twice: %s and %s", name, version, earlier, answer).isTrue();
                assertThat(answer.document()).isEqualTo(earlier.document());
            }
            JsonNode entry = history.get(version);
            assertThat(entry).as("%s version %d (%s) is in the history", name, version, answer.operation()).isNotNull();
            assertThat(entry.get(wrapper)).as("%s version %d as acknowledged", name, version)
                    .isEqualTo(answer.document());
        }
        long newest = history.keySet().stream().mapToLong(Long::longValue).max().orElse(0);
        var current = given(port, token).get("/api/v1/" + resource + "/" + name);
        if (newest > 0 && history.get(newest).path("change").asText().equals("delete")) {
            assertThat(current.statusCode()).as("%s: its newest history entry is a delete", name).isEqualTo(404);
        } else if (newest > 0) {
            assertThat(current.statusCode()).as("%s exists", name).isEqualTo(200);
            assertThat(current.header("ETag")).as("%s is its history's newest version", name).isEqualTo("\"" + newest + "\"");
            JsonNode document = Jsons.parse(current.asString()).get(wrapper);
            assertThat(document).as("%s has its newest version's content", name).isEqualTo(history.get(newest).get(wrapper));
            checkPatchesKept(name, acknowledged, history, document);
            checkFilterFinds(port, token, resource, name, document);
        }
        // (5) every name accepts a write afterwards
        var write = resource.equals(RESOURCE)
                ? given(port, token).body("{\"dashboard\":{\"name\":\"" + name + "\",\"title\":\"after\"}}").post("/api/v1/" + RESOURCE)
                : given(port, token).body("{\"" + wrapper + "\":{\"title\":\"after\"}}").patch("/api/v1/" + resource + "/" + name);
        assertThat(write.statusCode()).as("%s accepts a write: %s", name, write.asString()).isEqualTo(200);
    }

    /**
     * (6) The document's filterable title finds it: the field index was written in the same transaction as the
     * document (H2 2.5 could leave a commit cut by kill -9 half applied: the new document beside the old index).
     */
    private static void checkFilterFinds(int port, String token, String resource, String name, JsonNode document) {
        if (!resource.equals(RESOURCE) || !document.path("title").isTextual()) {
            return;
        }
        String title = document.get("title").asText();
        var found = given(port, token).get("/api/v1/" + RESOURCE + "?title=" + title + "&per_page=1000");
        assertThat(found.statusCode()).as(found.asString()).isEqualTo(200);
        assertThat(found.jsonPath().getList("dashboards.name")).as("dashboards titled %s", title).contains(name);
    }

    /**
     * (3) A PATCH's field is still there unless a later version was not a PATCH (a replace, a delete, a restore, an
     * import, or a write whose answer was lost with the server).
     */
    private static void checkPatchesKept(String name, Map<Long, Answer> acknowledged, Map<Long, JsonNode> history,
                                         JsonNode document) {
        for (Map.Entry<Long, Answer> entry : acknowledged.entrySet()) {
            long version = entry.getKey();
            boolean onlyPatchesSince = history.keySet().stream().filter(later -> later > version)
                    .allMatch(later -> acknowledged.containsKey(later) && acknowledged.get(later).operation().equals("PATCH"));
            if (entry.getValue().operation().equals("PATCH") && onlyPatchesSince) {
                String field = "p" + entry.getValue().sequence();
                assertThat(document.has(field)).as("%s keeps %s from the PATCH acknowledged as version %d", name, field,
                        version).isTrue();
            }
        }
    }

    /** Every history entry of a dashboard, by version, read through the API's pages. */
    static Map<Long, JsonNode> history(int port, String token, String name) {
        return history(port, token, RESOURCE, name);
    }

    static Map<Long, JsonNode> history(int port, String token, String resource, String name) {
        Map<Long, JsonNode> entries = new HashMap<>();
        for (int page = 1; ; page++) {
            var response = given(port, token).get("/api/v1/" + resource + "/" + name + "/history?per_page=1000&page=" + page);
            if (response.statusCode() == 404) {
                return entries;
            }
            assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
            JsonNode list = Jsons.parse(response.asString()).get("history");
            for (JsonNode entry : list) {
                JsonNode earlier = entries.put(entry.get("version").asLong(), entry);
                assertThat(earlier).as("%s version %s appears once in the history", name, entry.get("version")).isNull();
            }
            if (list.size() < 1000) {
                return entries;
            }
        }
    }

    /**
     * The checks' requests, each given a minute at most: a server that never answers (a write spinning in the
     * database once did, on 2026-12-02) fails the check at once instead of hanging the suite.
     */
    static io.restassured.specification.RequestSpecification given(int port, String token) {
        return io.restassured.RestAssured.given().config(CHECKS).baseUri("http://127.0.0.1").port(port)
                .urlEncodingEnabled(false).header("x-imply-api-token", token);
    }

    private static final io.restassured.config.RestAssuredConfig CHECKS = io.restassured.config.RestAssuredConfig.config()
            .httpClient(io.restassured.config.HttpClientConfig.httpClientConfig()
                    .setParam("http.connection.timeout", 10_000).setParam("http.socket.timeout", 60_000));
}
