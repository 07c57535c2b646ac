package dev.fulcrum.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fulcrum.app.tokens.TokenRequest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** History, restore, the audit log, export and import under least-privilege tokens. */
class HistoryAuditBundlePermissionsTest {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        server.create("connections", "connection", "{\"name\":\"pc\",\"type\":\"druid\",\"queryHosts\":[\"h\"],\"password\":\"PC-PW-1\"}");
        server.create("data-cubes", "dataCube", "{\"name\":\"cube\",\"connectionName\":\"pc\",\"source\":\"s\",\"title\":\"one\"}");
        server.create("data-cubes", "dataCube", "{\"name\":\"cube\",\"connectionName\":\"pc\",\"source\":\"s\",\"title\":\"two\"}");
        server.create("dashboards", "dashboard", "{\"name\":\"board\"}");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static RequestSpecification as(String role, String... permissions) {
        StringBuilder list = new StringBuilder();
        for (String permission : permissions) {
            list.append(list.length() == 0 ? "" : ",").append("{\"name\":\"").append(permission).append("\"}");
        }
        server.api().body("{\"role\":{\"name\":\"" + role + "\",\"permissions\":[" + list + "]}}").post("/api/v1/roles");
        String token = server.tokenService().create(new TokenRequest(role + "-token", role, null, "test", null));
        return server.anonymous().header("x-imply-api-token", token);
    }

    @Test
    void the_audit_log_needs_see_audit_log_which_changes_nothing_else() {
        Response refused = as("editors", "AdministerDataCubes").get("/api/v1/audit");
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.jsonPath().getString("error")).contains("SeeAuditLog");

        RequestSpecification auditor = as("auditors", "SeeAuditLog");
        server.flushAudit();
        Response log = auditor.get("/api/v1/audit?resource=audit");
        assertThat(log.statusCode()).isEqualTo(200);
        assertThat(log.jsonPath().getList("audit.actor.token")).contains("editors-token"); // its 403 is recorded
        assertThat(auditor.body("{\"dashboard\":{\"name\":\"x\"}}").post("/api/v1/dashboards").statusCode()).isEqualTo(403);
    }

    @Test
    void history_is_read_like_its_kind_and_a_restore_is_the_write_it_amounts_to() {
        RequestSpecification stranger = as("strangers", "ManageUsers");
        assertThat(stranger.get("/api/v1/data-cubes/cube/history").statusCode()).isEqualTo(403);
        assertThat(stranger.get("/api/v1/data-cubes/cube/history/1").statusCode()).isEqualTo(403);

        RequestSpecification changer = as("changers", "ChangeDataCubes");
        assertThat(changer.get("/api/v1/data-cubes/cube/history").jsonPath().getList("history.version", Integer.class))
                .containsExactly(2, 1);
        Response restored = changer.post("/api/v1/data-cubes/cube/history/1/restore");
        assertThat(restored.statusCode()).isEqualTo(200);
        assertThat(restored.jsonPath().getString("dataCube.title")).isEqualTo("one");

        server.create("data-cubes", "dataCube", "{\"name\":\"gone\",\"connectionName\":\"pc\",\"source\":\"s\"}");
        server.api().delete("/api/v1/data-cubes/gone");
        Response recreate = changer.post("/api/v1/data-cubes/gone/history/1/restore");
        assertThat(recreate.statusCode()).isEqualTo(403); // bringing it back creates it: AdministerDataCubes
        assertThat(recreate.jsonPath().getString("error")).contains("AdministerDataCubes");
        assertThat(server.api().get("/api/v1/data-cubes/gone").statusCode()).isEqualTo(404);
    }

    @Test
    void an_export_needs_to_read_all_it_holds_and_its_secrets_need_export_secrets() {
        RequestSpecification connectionsOnly = as("connection-admins", "ManageConnections");
        Response everything = connectionsOnly.get("/api/v1/export");
        assertThat(everything.statusCode()).isEqualTo(403);
        assertThat(connectionsOnly.get("/api/v1/export?resources=connections").statusCode()).isEqualTo(200);
        Response withoutExportSecrets = connectionsOnly.header(Bundles.PASSPHRASE_HEADER, Bundles.PASSPHRASE)
                .get("/api/v1/export?resources=connections&includeSecrets=true");
        assertThat(withoutExportSecrets.statusCode()).isEqualTo(403);
        assertThat(withoutExportSecrets.jsonPath().getString("error")).contains("ExportSecrets");

        RequestSpecification exporter = as("connection-exporters", "ManageConnections", "ExportSecrets");
        assertThat(exporter.header(Bundles.PASSPHRASE_HEADER, Bundles.PASSPHRASE)
                .get("/api/v1/export?resources=connections&includeSecrets=true").statusCode()).isEqualTo(200);
        RequestSpecification cubeless = as("cubeless-exporters", "ManageConnections", "ExportSecrets"); // a spec is used once
        Response unreadable = cubeless.header(Bundles.PASSPHRASE_HEADER, Bundles.PASSPHRASE)
                .get("/api/v1/export?resources=data-cubes&includeSecrets=true");
        assertThat(unreadable.statusCode()).as(unreadable.asString()).isEqualTo(403);
        assertThat(unreadable.jsonPath().getString("error")).contains("AdministerDataCubes");
    }

    @Test
    void an_import_checks_every_document_as_the_write_it_is_and_changes_nothing_when_one_is_refused() {
        String bundle = server.api().get("/api/v1/export?resources=data-cubes,dashboards").asString();
        server.api().delete("/api/v1/dashboards/board");
        // an import tells which referenced documents exist, so it needs read access to them (the cubes' connections)
        RequestSpecification cubesOnly = as("cube-admins", "AdministerDataCubes", "ManageConnections");
        Response refused = cubesOnly.body(bundle).post("/api/v1/import?onExisting=overwrite");
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.jsonPath().getString("error")).contains("AdministerDashboards");
        assertThat(server.api().get("/api/v1/dashboards/board").statusCode()).isEqualTo(404);

        RequestSpecification both = as("both-admins", "AdministerDataCubes", "AdministerDashboards", "ManageConnections");
        Response imported = both.body(bundle).post("/api/v1/import?onExisting=overwrite");
        assertThat(imported.statusCode()).as(imported.asString()).isEqualTo(200);
        Response history = server.api().get("/api/v1/dashboards/board/history");
        assertThat(history.jsonPath().getString("history[0].changedBy.token")).isEqualTo("both-admins-token");
    }
}
