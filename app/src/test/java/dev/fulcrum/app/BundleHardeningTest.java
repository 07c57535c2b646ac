package dev.fulcrum.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fulcrum.app.engine.BundleOutline;
import dev.fulcrum.app.tokens.TokenRequest;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The smaller findings of the black-box review about export and import: a refused secret export is audited
 * whatever its status, passphrase derivations are bounded in cost and in number, and an import dry run does not
 * tell a caller which documents of a kind it cannot read exist.
 */
class BundleHardeningTest {
    private static TestServer server;
    private static String connectionManager;
    private static String cubeAdministrator;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        server.create("roles", "role", "{\"name\":\"connection-managers\",\"permissions\":[{\"name\":\"ManageConnections\"}]}");
        server.create("roles", "role", "{\"name\":\"cube-administrators\",\"permissions\":[{\"name\":\"AdministerDataCubes\"}]}");
        connectionManager = server.tokenService().create(new TokenRequest("connection-manager", "connection-managers", null,
                "test", null));
        cubeAdministrator = server.tokenService().create(new TokenRequest("cube-administrator", "cube-administrators", null,
                "test", null));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void a_refused_secret_export_that_ends_in_a_400_is_audited() {
        for (String query : new String[] {"includeSecrets=true&passphrase=in-the-url", "includeSecrets=true&resources=bogus",
                "includeSecrets=yes"}) {
            Response refused = server.anonymous().header("x-imply-api-token", connectionManager)
                    .header(Bundles.PASSPHRASE_HEADER, Bundles.PASSPHRASE).get("/api/v1/export?" + query);
            assertThat(refused.statusCode()).as(query).isEqualTo(400);
        }
        server.flushAudit();
        long audited = 0;
        for (JsonNode entry : Jsons.parse(server.api().get("/api/v1/audit?resource=export").asString()).path("audit")) {
            if (entry.path("status").asInt() == 400) {
                audited += entry.path("count").asLong();
                assertThat(entry.path("actor").path("token").asText()).isEqualTo("connection-manager");
                assertThat(entry.toString()).doesNotContain("in-the-url", Bundles.PASSPHRASE);
            }
        }
        assertThat(audited).isEqualTo(3);
    }

    /** A bundle whose secrets ask for {@code iterations} PBKDF2 rounds and that no passphrase opens. */
    private static String costly(int iterations) {
        return "{\"fulcrumBundle\":1,\"resources\":{\"connections\":[]},\"secrets\":{\"cipher\":\"AES-256-GCM\","
                + "\"kdf\":\"PBKDF2-HMAC-SHA256\",\"iterations\":" + iterations + ",\"salt\":\"AAAAAAAAAAAAAAAAAAAAAA==\","
                + "\"data\":\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\"}}";
    }

    private static Response importCostly(String token, int iterations) {
        return server.anonymous().header("x-imply-api-token", token).header(Bundles.PASSPHRASE_HEADER, Bundles.PASSPHRASE)
                .body(costly(iterations)).post("/api/v1/import?dryRun=true");
    }

    @Test
    void a_bundle_may_ask_for_no_more_pbkdf2_iterations_than_the_server_uses() {
        for (int iterations : new int[] {10_000_000, 1_000_001, 600_001}) {
            long started = System.nanoTime();
            Response refused = importCostly(connectionManager, iterations);
            assertThat(refused.statusCode()).isEqualTo(400);
            assertThat(Jsons.parse(refused.asString()).path("error").asText()).contains("100000 to 600000");
            assertThat((System.nanoTime() - started) / 1_000_000).as("refused before deriving").isLessThan(500);
        }
        Response derived = importCostly(connectionManager, 600_000);
        assertThat(Jsons.parse(derived.asString()).path("error").asText()).contains("passphrase does not open");
    }

    @Test
    void imports_derive_one_passphrase_key_at_a_time_and_exports_keep_a_slot_of_their_own() throws Exception {
        // the second review: a ManageConnections token sending import dry runs kept a super-admin from exporting
        int parallel = 8;
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        CyclicBarrier together = new CyclicBarrier(parallel + 1);
        List<Future<Response>> answers = new ArrayList<>();
        for (int i = 0; i < parallel; i++) {
            answers.add(pool.submit(() -> {
                together.await();
                return importCostly(connectionManager, 600_000);
            }));
        }
        together.await();
        Response export = server.api().header(Bundles.PASSPHRASE_HEADER, Bundles.PASSPHRASE)
                .get("/api/v1/export?includeSecrets=true");
        assertThat(export.statusCode()).as("an export while imports take their slot: %s", export.asString()).isEqualTo(200);
        int derived = 0;
        int busy = 0;
        for (Future<Response> answer : answers) {
            Response response = answer.get();
            assertThat(response.statusCode()).as(response.asString()).isIn(400, 503);
            if (response.statusCode() == 503) {
                busy++;
                assertThat(response.header("Retry-After")).isEqualTo("1");
                assertThat(Jsons.parse(response.asString()).path("error").asText()).contains("passphrase keys for imports");
            } else {
                derived++;
            }
        }
        pool.shutdown();
        assertThat(derived).isGreaterThanOrEqualTo(1);
        assertThat(busy).as("eight at once, one slot").isGreaterThanOrEqualTo(1);
    }

    @Test
    void a_bundle_with_more_plain_passwords_than_one_import_hashes_is_refused_before_any_hash() {
        // the second review: 5,000 plain passwords in one bundle would take minutes of CPU
        StringBuilder users = new StringBuilder();
        StringBuilder auths = new StringBuilder();
        for (int i = 0; i <= BundleOutline.MAX_PLAIN_PASSWORDS; i++) {
            users.append(i == 0 ? "" : ",").append("{\"name\":\"plain").append(i).append("\"}");
            auths.append(i == 0 ? "" : ",").append("{\"name\":\"plain").append(i)
                    .append("\",\"currentPass\":{\"pass\":\"a long enough password\",\"hashStrategy\":\"none\"}}");
        }
        long started = System.nanoTime();
        Response refused = server.api().body("{\"fulcrumBundle\":1,\"resources\":{\"users\":[" + users + "],\"user-auths\":["
                + auths + "]}}").post("/api/v1/import");
        assertThat(refused.statusCode()).as(refused.asString()).isEqualTo(413);
        assertThat(refused.jsonPath().getString("error")).contains(BundleOutline.MAX_PLAIN_PASSWORDS + " plain passwords");
        assertThat((System.nanoTime() - started) / 1_000_000).as("refused before hashing (201 hashes take 9 s)").isLessThan(5_000);
        assertThat(server.api().get("/api/v1/users/plain1").statusCode()).isEqualTo(404);
    }

    private static String cubeReferring(String connection) {
        return "{\"fulcrumBundle\":1,\"resources\":{\"data-cubes\":[{\"name\":\"probe-cube\",\"connectionName\":\""
                + connection + "\",\"source\":\"x\"}]}}";
    }

    @Test
    void an_import_dry_run_tells_nothing_of_documents_the_caller_cannot_read() {
        server.create("connections", "connection", "{\"name\":\"hidden-conn\",\"type\":\"druid\",\"queryHosts\":[\"b:8082\"]}");
        Response existing = server.anonymous().header("x-imply-api-token", cubeAdministrator).body(cubeReferring("hidden-conn"))
                .post("/api/v1/import?dryRun=true");
        Response absent = server.anonymous().header("x-imply-api-token", cubeAdministrator).body(cubeReferring("absent-conn"))
                .post("/api/v1/import?dryRun=true");
        assertThat(existing.statusCode()).isEqualTo(absent.statusCode()).isEqualTo(403);
        assertThat(existing.asString()).isEqualTo(absent.asString()).contains("ManageConnections");
        assertThat(server.api().body(cubeReferring("hidden-conn")).post("/api/v1/import?dryRun=true").statusCode())
                .as("a caller that may read connections gets its plan").isEqualTo(200);
    }
}
