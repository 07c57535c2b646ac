package dev.fulcrum.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fulcrum.app.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fulcrum export} and {@code fulcrum import}, in their own JVMs, on the databases directly. */
@StartsProcesses
class BundleCliTest {
    private static final Map<String, String> PASSPHRASE = Map.of("BUNDLE_PASSPHRASE", Bundles.PASSPHRASE);

    @TempDir
    Path dir;

    @Test
    void a_bundle_exported_beside_a_running_server_imports_into_a_fresh_database_and_exports_the_same() throws Exception {
        Path target = dir.resolve("target.yaml");
        Files.writeString(target, "port: 0\nstateStore:\n  type: h2\n  connection: " + dir.resolve("target/state")
                + "\nsecretKeyFile: " + dir.resolve("target/secret.key") + "\n");
        try (TestServer source = TestServer.start()) {
            Bundles.seedWithSecrets(source);
            Processes.Result exported = Processes.run(dir, PASSPHRASE, "export", "--config", source.configFile().toString(),
                    "--include-secrets", "--passphrase-env", "BUNDLE_PASSPHRASE");
            assertThat(exported.exitCode()).as(exported.err()).isZero();
            assertThat(exported.out()).doesNotContain(Bundles.PG_PASSWORD).contains("\n  \"resources\": {");
            assertThat(Bundles.documentsOf(exported.out())).isEqualTo(Bundles.documentsOf(Bundles.exportWithSecrets(source)));
            Path bundle = Files.writeString(dir.resolve("bundle.json"), exported.out());

            Processes.Result dryRun = Processes.run(dir, PASSPHRASE, "import", bundle.toString(), "--config", target.toString(),
                    "--dry-run", "--passphrase-env", "BUNDLE_PASSPHRASE");
            assertThat(dryRun.exitCode()).as(dryRun.err()).isZero();
            assertThat(Jsons.parse(dryRun.out()).get("dryRun").asBoolean()).isTrue();

            Processes.Result missing = Processes.run(dir, "import", bundle.toString(), "--config", target.toString());
            assertThat(missing.exitCode()).isNotZero();
            assertThat(missing.err()).contains("passphrase");

            Processes.Result imported = Processes.run(dir, PASSPHRASE, "import", bundle.toString(), "--config", target.toString(),
                    "--passphrase-env", "BUNDLE_PASSPHRASE");
            assertThat(imported.exitCode()).as(imported.err()).isZero();
            assertThat(Jsons.parse(imported.out()).get("summary").get("conflict").asInt()).isZero();

            ObjectNode changed = (ObjectNode) Jsons.parse(Bundles.export(source, "?resources=roles").asString());
            ((ObjectNode) changed.get("resources").get("roles").get(0)).put("title", "Changed");
            Path conflicting = Files.writeString(dir.resolve("conflicting.json"), changed.toString());
            Processes.Result refused = Processes.run(dir, "import", conflicting.toString(), "--config", target.toString());
            assertThat(refused.exitCode()).isEqualTo(1);
            assertThat(refused.err()).contains("changed nothing", "resources.roles[0]: exists and differs");

            try (FulcrumApp app = FulcrumApp.start(ConfigLoader.load(target))) {
                String again = io.restassured.RestAssured.given().baseUri("http://127.0.0.1").port(app.port())
                        .header("x-imply-api-token", app.tokens().create("check")).get("/api/v1/export").asString();
                assertThat(again).isEqualTo(Bundles.export(source, "").asString());
            }
        }
    }
}
