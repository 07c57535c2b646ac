package dev.fulcrum.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fulcrum.model.Kind;
import dev.fulcrum.model.Kinds;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** GET /api/v1/export and POST /api/v1/import over HTTP. */
class ExportImportTest {
    private static TestServer source;

    @BeforeAll
    static void start() {
        source = TestServer.start();
        Bundles.seedWithSecrets(source);
    }

    @AfterAll
    static void stop() {
        source.close();
    }

    private static JsonNode plan(Response response) {
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
        return Jsons.parse(response.asString());
    }

    private static String actionOf(JsonNode plan, String resource, String name) {
        for (JsonNode document : plan.get("documents")) {
            if (document.get("resource").asText().equals(resource) && document.get("name").asText().equals(name)) {
                return document.get("action").asText();
            }
        }
        throw new AssertionError(resource + " '" + name + "' is not in the plan " + plan);
    }

    @Nested
    class Export {
        @Test
        void holds_every_kind_after_the_kinds_it_references_and_each_kind_by_name() {
            JsonNode bundle = Jsons.parse(Bundles.export(source, "").asString());
            assertThat(bundle.get("fulcrumBundle").asInt()).isEqualTo(1);
            List<String> fields = new ArrayList<>();
            bundle.fieldNames().forEachRemaining(fields::add);
            assertThat(fields).containsExactly("fulcrumBundle", "resources");
            List<String> order = new ArrayList<>();
            bundle.get("resources").fieldNames().forEachRemaining(order::add);
            assertThat(order).containsExactlyInAnyOrderElementsOf(Kinds.all().stream().map(Kind::resource).toList());
            for (Kind kind : Kinds.all()) {
                for (String referenced : kind.strategy().referencedResources()) {
                    assertThat(order.indexOf(referenced)).as(kind.resource() + " after " + referenced)
                            .isLessThan(order.indexOf(kind.resource()));
                }
                List<String> names = new ArrayList<>();
                bundle.get("resources").get(kind.resource()).forEach(document -> names.add(document.get("name").asText()));
                assertThat(names).as(kind.resource()).isSorted();
            }
            assertThat(bundle.get("resources").get("connections").findValuesAsText("name"))
                    .as("sorted by name as Java compares strings, the same on every database")
                    .containsExactly("Broker-B", "druid-main", "pg-main");
        }

        @Test
        void of_some_resources_holds_only_those() {
            JsonNode bundle = Jsons.parse(Bundles.export(source, "?resources=connections,roles").asString());
            List<String> order = new ArrayList<>();
            bundle.get("resources").fieldNames().forEachRemaining(order::add);
            assertThat(order).containsExactly("roles", "connections");
        }

        @ParameterizedTest
        @ValueSource(strings = {"?resources=cubes", "?resources=", "?resources=roles,,users", "?includeSecrets=yes"})
        void with_an_unknown_resource_or_a_bad_flag_is_a_400(String query) {
            Response response = Bundles.export(source, query);
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(Jsons.parse(response.asString()).get("error").asText()).isNotBlank();
        }

        @Test
        void leaves_secrets_out_unless_asked() {
            String bundle = Bundles.export(source, "").asString();
            assertThat(bundle).doesNotContain(Bundles.PG_PASSWORD, "$argon2id$", "passwordHash", "\"secrets\"")
                    .contains("\"password\":\"********\"");
        }

        @Test
        void with_secrets_encrypts_them_under_the_passphrase() throws Exception {
            String bundle = Bundles.exportWithSecrets(source);
            assertThat(bundle).doesNotContain(Bundles.PG_PASSWORD, "$argon2id$", "passwordHash");
            JsonNode secrets = Bundles.openSecrets(Jsons.parse(bundle), Bundles.PASSPHRASE);
            assertThat(secrets.get("connections").get("pg-main").get("password").asText()).isEqualTo(Bundles.PG_PASSWORD);
            assertThat(secrets.get("user-auths").get("bob@example.com").get("passwordHash").asText()).startsWith("$argon2id$");
            assertThat(Jsons.parse(bundle).get("secrets").get("iterations").asInt()).isGreaterThanOrEqualTo(600_000);
            assertThat(Bundles.documentsOf(Bundles.exportWithSecrets(source))).as("only the envelope is fresh each time")
                    .isEqualTo(Bundles.documentsOf(bundle));
        }

        @Test
        void with_secrets_needs_a_long_passphrase_in_a_header_and_never_in_the_url() {
            assertThat(Bundles.export(source, "?includeSecrets=true").statusCode()).isEqualTo(400);
            Response shortOne = source.api().header(Bundles.PASSPHRASE_HEADER, "too short").get("/api/v1/export?includeSecrets=true");
            assertThat(shortOne.statusCode()).isEqualTo(400);
            assertThat(shortOne.asString()).contains("12").doesNotContain("too short");
            Response inUrl = Bundles.export(source, "?includeSecrets=true&passphrase=" + "x".repeat(20));
            assertThat(inUrl.statusCode()).isEqualTo(400);
            assertThat(inUrl.asString()).contains("header");
            Response withoutFlag = source.api().header(Bundles.PASSPHRASE_HEADER, Bundles.PASSPHRASE).get("/api/v1/export");
            assertThat(withoutFlag.statusCode()).isEqualTo(400);
        }
    }

    @Nested
    class Import {
        @Test
        void a_dry_run_answers_the_plan_and_stores_nothing() {
            try (TestServer target = TestServer.start()) {
                JsonNode plan = plan(Bundles.importWithPassphrase(target, "?dryRun=true", Bundles.exportWithSecrets(source)));
                assertThat(plan.get("dryRun").asBoolean()).isTrue();
                assertThat(actionOf(plan, "data-cubes", "wiki_edits")).isEqualTo("create");
                assertThat(actionOf(plan, "roles", "super-admin")).isEqualTo("unchanged");
                assertThat(plan.get("summary").get("conflict").asInt()).isZero();
                assertThat(target.api().get("/api/v1/connections/druid-main").statusCode()).isEqualTo(404);
                assertThat(target.api().get("/api/v1/data-cubes").asString()).isEqualTo("{\"dataCubes\":[]}");
            }
        }

        @Test
        void the_plan_tells_create_update_unchanged_skip_and_conflict_and_on_existing_decides() {
            try (TestServer target = TestServer.start()) {
                target.create("connections", "connection", Bundles.druidMain());
                target.create("roles", "role", "{\"name\":\"analysts\",\"title\":\"Other title\"}");
                String bundle = Bundles.export(source, "?resources=roles,connections").asString();

                JsonNode failing = plan(Bundles.importBundle(target, "?dryRun=true", bundle));
                assertThat(actionOf(failing, "connections", "druid-main")).isEqualTo("unchanged");
                assertThat(actionOf(failing, "connections", "Broker-B")).isEqualTo("create");
                assertThat(actionOf(failing, "roles", "analysts")).isEqualTo("conflict");
                assertThat(failing.toString()).contains("onExisting=overwrite");

                Response refused = Bundles.importBundle(target, "", bundle);
                assertThat(refused.statusCode()).as("a conflict with what is stored").isEqualTo(409);
                assertThat(Jsons.parse(refused.asString()).get("details").get(0).get("path").asText())
                        .isEqualTo("resources.roles[0]");
                assertThat(target.api().get("/api/v1/connections/Broker-B").statusCode()).as("nothing changed").isEqualTo(404);

                JsonNode skipping = plan(Bundles.importBundle(target, "?onExisting=skip", bundle));
                assertThat(actionOf(skipping, "roles", "analysts")).isEqualTo("skip");
                assertThat(actionOf(skipping, "connections", "Broker-B")).isEqualTo("create");
                assertThat(target.api().get("/api/v1/roles/analysts").asString()).contains("Other title");

                JsonNode overwriting = plan(Bundles.importBundle(target, "?onExisting=overwrite", bundle));
                assertThat(actionOf(overwriting, "roles", "analysts")).isEqualTo("update");
                assertThat(actionOf(overwriting, "connections", "Broker-B")).isEqualTo("unchanged");
                assertThat(target.api().get("/api/v1/roles/analysts").asString()).contains("Analysts");
                assertThat(target.api().get("/api/v1/connections/druid-main").header("ETag")).as("no new version").isEqualTo("\"1\"");
            }
        }

        @Test
        void one_invalid_document_refuses_the_whole_bundle_with_its_path_in_the_bundle() {
            try (TestServer target = TestServer.start()) {
                ObjectNode bundle = (ObjectNode) Jsons.parse(Bundles.export(source, "?resources=connections,data-cubes").asString());
                ObjectNode cube = (ObjectNode) bundle.get("resources").get("data-cubes").get(1);
                ((ObjectNode) cube.get("dimensions").get(0)).put("name", "");
                Response refused = Bundles.importBundle(target, "", bundle.toString());
                assertThat(refused.statusCode()).isEqualTo(400);
                assertThat(Jsons.parse(refused.asString()).get("details").get(0).get("path").asText())
                        .isEqualTo("resources.data-cubes[1].dimensions[0].name");
                assertThat(target.api().get("/api/v1/connections").asString()).as("all or nothing").isEqualTo("{\"connections\":[]}");
            }
        }

        @Test
        void a_reference_to_a_document_neither_stored_nor_in_the_bundle_is_a_conflict() {
            try (TestServer target = TestServer.start()) {
                JsonNode plan = plan(Bundles.importBundle(target, "?dryRun=true",
                        Bundles.export(source, "?resources=data-cubes").asString()));
                assertThat(actionOf(plan, "data-cubes", "wiki_edits")).isEqualTo("conflict");
                assertThat(plan.toString()).contains("resources.data-cubes[1].connectionName", "does not exist");
            }
        }

        @Test
        void secrets_need_the_passphrase_they_were_exported_with() {
            try (TestServer target = TestServer.start()) {
                String bundle = Bundles.exportWithSecrets(source);
                Response missing = Bundles.importBundle(target, "", bundle);
                assertThat(missing.statusCode()).isEqualTo(400);
                assertThat(missing.asString()).contains("passphrase");
                Response wrong = target.api().header(Bundles.PASSPHRASE_HEADER, "not the right passphrase").body(bundle)
                        .post("/api/v1/import");
                assertThat(wrong.statusCode()).isEqualTo(400);
                assertThat(Jsons.parse(wrong.asString()).get("error").asText()).contains("passphrase does not open");
                assertThat(target.api().get("/api/v1/users").asString()).isEqualTo("{\"users\":[]}");
            }
        }

        @Test
        void a_bundle_without_secrets_keeps_the_stored_ones() {
            try (TestServer target = TestServer.start()) {
                Bundles.importWithPassphrase(target, "", Bundles.exportWithSecrets(source));
                ObjectNode bundle = (ObjectNode) Jsons.parse(Bundles.export(source, "?resources=connections,user-auths").asString());
                JsonNode unchanged = plan(Bundles.importBundle(target, "", bundle.toString()));
                assertThat(unchanged.get("summary").get("unchanged").asInt()).isEqualTo(5);
                ((ObjectNode) bundle.get("resources").get("connections").get(2)).put("title", "Renamed");
                JsonNode updated = plan(Bundles.importBundle(target, "?onExisting=overwrite", bundle.toString()));
                assertThat(actionOf(updated, "connections", "pg-main")).isEqualTo("update");
                assertThat(target.api().get("/api/v1/connections/pg-main").asString()).contains("\"password\":\"********\"");
                String reexported = Bundles.exportWithSecrets(target);
                assertThat(reexported).doesNotContain(Bundles.PG_PASSWORD);
                Response login = target.api().body("{\"password\":\"" + Bundles.NEW_USER_PASSWORD + "\"}")
                        .post("/api/v1/user-auths/bob@example.com/verify");
                assertThat(login.jsonPath().getBoolean("valid")).isTrue();
            }
        }

        @Test
        void a_user_auth_without_its_secret_cannot_be_created() {
            try (TestServer target = TestServer.start()) {
                JsonNode plan = plan(Bundles.importBundle(target, "?dryRun=true", Bundles.export(source, "").asString()));
                assertThat(actionOf(plan, "user-auths", "bob@example.com")).isEqualTo("conflict");
                assertThat(plan.toString()).contains("includeSecrets=true");
            }
        }

        @Test
        void a_built_in_document_is_unchanged_even_when_the_bundle_differs() {
            try (TestServer target = TestServer.start()) {
                ObjectNode bundle = (ObjectNode) Jsons.parse(Bundles.export(source, "?resources=roles").asString());
                ArrayNode roles = (ArrayNode) bundle.get("resources").get("roles");
                for (JsonNode role : roles) {
                    if (role.get("name").asText().equals("super-admin")) {
                        ((ObjectNode) role).put("title", "Changed");
                    }
                }
                JsonNode plan = plan(Bundles.importBundle(target, "?onExisting=overwrite", bundle.toString()));
                assertThat(actionOf(plan, "roles", "super-admin")).isEqualTo("unchanged");
                assertThat(target.api().get("/api/v1/roles/super-admin").asString()).contains("Super Admin");
            }
        }

        @Test
        void fixed_connections_are_kept_unless_the_bundle_agrees_with_them() {
            try (TestServer target = TestServer.startWith("fixedConnections: true\nconnections:\n"
                    + "  - {name: druid-main, type: druid, queryHosts: ['elsewhere:8082']}\n")) {
                Response refused = Bundles.importBundle(target, "?onExisting=overwrite",
                        Bundles.export(source, "?resources=connections").asString());
                assertThat(refused.statusCode()).isEqualTo(409);
                assertThat(refused.asString()).contains("fixedConnections");
            }
        }

        @Test
        void a_bundle_may_be_larger_than_max_body_bytes_but_not_than_max_import_bytes() {
            String bundle = Bundles.export(source, "?resources=roles,connections,data-cubes").asString();
            assertThat(bundle.length()).isBetween(1100, 4000);
            try (TestServer roomy = TestServer.startWith("maxBodyBytes: 1024\n");
                 TestServer tight = TestServer.startWith("maxImportBytes: 1024\n")) {
                assertThat(plan(Bundles.importBundle(roomy, "", bundle)).get("summary").get("create").asInt()).isPositive();
                Response tooLarge = Bundles.importBundle(tight, "", bundle);
                assertThat(tooLarge.statusCode()).isEqualTo(413);
                assertThat(Jsons.parse(tooLarge.asString()).get("error").asText()).contains("maxImportBytes");
            }
        }
    }
}
