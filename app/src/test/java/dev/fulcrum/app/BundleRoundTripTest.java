package dev.fulcrum.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.restassured.response.Response;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Export from one server on H2, import into a fresh one on H2 or PostgreSQL, export again: the same bundle. */
class BundleRoundTripTest {
    private static TestServer source;

    @BeforeAll
    static void start() {
        source = TestServer.startOn("h2");
        Bundles.seedWithSecrets(source);
    }

    @AfterAll
    static void stop() {
        source.close();
    }

    /** The fresh servers a bundle is imported into: each database Fulcrum runs on is one more here. */
    static Stream<Named<Supplier<TestServer>>> targets() {
        return Stream.of(Named.of("H2", () -> TestServer.startOn("h2")), Named.of("PostgreSQL", () -> TestServer.startOn("pg")));
    }

    @ParameterizedTest(name = "into {0}")
    @MethodSource("targets")
    void a_bundle_without_secrets_comes_back_byte_for_byte(Supplier<TestServer> target) {
        String query = "?resources=roles,users,connections,data-cubes,dashboards,alerts,reports,user-statuses&pretty";
        TestServer plain = TestServer.startOn("h2");
        Bundles.seedWithoutSecrets(plain);
        try (plain; TestServer fresh = target.get()) {
            String bundle = Bundles.export(plain, query).asString();
            Response imported = Bundles.importBundle(fresh, "", bundle);
            assertThat(imported.statusCode()).as(imported.asString()).isEqualTo(200);
            assertThat(Bundles.export(fresh, query).asString()).isEqualTo(bundle);
        }
    }

    @ParameterizedTest(name = "into {0}")
    @MethodSource("targets")
    void a_bundle_with_secrets_comes_back_with_the_same_documents_and_secrets(Supplier<TestServer> target) throws Exception {
        try (TestServer fresh = target.get()) {
            String bundle = Bundles.exportWithSecrets(source);
            Response imported = Bundles.importWithPassphrase(fresh, "", bundle);
            assertThat(imported.statusCode()).as(imported.asString()).isEqualTo(200);
            JsonNode summary = Jsons.parse(imported.asString()).get("summary");
            assertThat(summary.get("conflict").asInt()).isZero();
            assertThat(summary.get("unchanged").asInt()).as("only the built-in super-admin").isEqualTo(1);

            String again = Bundles.exportWithSecrets(fresh);
            assertThat(Bundles.documentsOf(again)).isEqualTo(Bundles.documentsOf(bundle));
            assertThat(Bundles.openSecrets(Jsons.parse(again), Bundles.PASSPHRASE))
                    .isEqualTo(Bundles.openSecrets(Jsons.parse(bundle), Bundles.PASSPHRASE));
            assertThat(Bundles.export(fresh, "").asString()).isEqualTo(Bundles.export(source, "").asString());

            Response login = fresh.api().body("{\"password\":\"" + Bundles.NEW_USER_PASSWORD + "\"}")
                    .post("/api/v1/user-auths/bob@example.com/verify");
            assertThat(login.jsonPath().getBoolean("valid")).as("the password hash came along").isTrue();

            JsonNode twice = Jsons.parse(Bundles.importWithPassphrase(fresh, "", again).asString()).get("summary");
            assertThat(twice.get("unchanged").asInt()).as("a second import changes nothing").isEqualTo(documents(again));
        }
    }

    private static int documents(String bundle) {
        int documents = 0;
        for (JsonNode kind : Jsons.parse(bundle).get("resources")) {
            documents += kind.size();
        }
        return documents;
    }
}
