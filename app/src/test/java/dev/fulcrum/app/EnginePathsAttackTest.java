package dev.fulcrum.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fulcrum.app.tokens.TokenRequest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Breaks found by the black-box review of issue 12 (one engine, one guard, one set of hooks). Each test fails on the
 * code it was written against; see attacks/ for the curl scripts that found them.
 */
class EnginePathsAttackTest {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        role("dash", "AdministerDashboards");
        role("hr", "ManageUsers");
        role("ops", "ManageConnections", "ManageUserRoles", "ExportSecrets");
        role("conn", "ManageConnections");
        role("alertonly", "AccessAlerts");
        role("tokadm", "ManageApiTokens", "ManageUsers", "AccessAlerts");
        server.create("users", "user", "{\"name\":\"admin@example.com\",\"roles\":[\"super-admin\"]}");
        server.create("connections", "connection", "{\"name\":\"c1\",\"type\":\"druid\",\"queryHosts\":[\"127.0.0.1:1\"]}");
        server.create("data-cubes", "dataCube", "{\"name\":\"secretcube\",\"connectionName\":\"c1\",\"source\":\"s\"}");
        server.create("alerts", "alert", "{\"name\":\"admins-alert\",\"owner\":\"admin@example.com\",\"dataCube\":\"secretcube\"}");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static void role(String name, String... permissions) {
        StringBuilder list = new StringBuilder();
        for (String permission : permissions) {
            list.append(list.length() == 0 ? "" : ",").append("{\"name\":\"").append(permission).append("\"}");
        }
        server.create("roles", "role", "{\"name\":\"" + name + "\",\"permissions\":[" + list + "]}");
    }

    private static RequestSpecification as(String token) {
        return server.anonymous().header("x-imply-api-token", token);
    }

    private static String token(String name, String role) {
        return server.tokenService().create(new TokenRequest(name, role, null, "test", null));
    }

    private static Response dashboardDryRun(String token, String cube) {
        return as(token).body("{\"dashboard\":{\"name\":\"probe\",\"pages\":[{\"name\":\"p\",\"label\":\"p\",\"tiles\":"
                + "[{\"facetEssence\":{\"dataCube\":\"" + cube + "\"}}]}]}}").post("/api/v1/dashboards?dryRun=true");
    }

    @Test
    void a_dry_run_write_does_not_tell_a_token_which_documents_exist_of_a_kind_it_may_not_read() {
        String dash = token("dash-probe", "dash");
        assertThat(as(dash).get("/api/v1/data-cubes/secretcube").statusCode()).isEqualTo(403);
        // the import's dry run refuses exactly this ("a dry run of dashboards would tell which data-cubes exist")
        assertThat(as(dash).body("{\"fulcrumBundle\":1,\"resources\":{\"dashboards\":[{\"name\":\"probe\"}]}}")
                .post("/api/v1/import?dryRun=true").statusCode()).isEqualTo(403);
        // a plain dry run, unaudited and storing nothing, answers 200 for an existing cube and 400 for an absent one
        int existing = dashboardDryRun(dash, "secretcube").statusCode();
        int absent = dashboardDryRun(dash, "no-such-cube").statusCode();
        assertThat(existing).as("dry run over an existing data cube vs an absent one").isEqualTo(absent);
    }

    @Test
    void a_dry_run_user_write_does_not_tell_a_token_without_ManageUserRoles_which_roles_exist_and_what_they_grant() {
        String hr = token("hr-probe", "hr");
        assertThat(as(hr).get("/api/v1/roles/ops").statusCode()).isEqualTo(403);
        Response existing = as(hr).body("{\"user\":{\"name\":\"probe@example.com\",\"roles\":[\"ops\"]}}")
                .post("/api/v1/users?dryRun=true");
        Response absent = as(hr).body("{\"user\":{\"name\":\"probe@example.com\",\"roles\":[\"no-such-role\"]}}")
                .post("/api/v1/users?dryRun=true");
        assertThat(existing.statusCode()).as(existing.asString()).isEqualTo(absent.statusCode());
        assertThat(existing.asString()).doesNotContain("ExportSecrets");
    }

    @Test
    void a_token_that_may_not_set_a_super_admins_password_cannot_mint_a_token_acting_as_that_user() {
        String tokadm = token("tokadm", "tokadm");
        // it may not sign in as the admin: setting the admin's password is refused by the escalation rule
        assertThat(as(tokadm).body("{\"userAuth\":{\"name\":\"admin@example.com\",\"currentPass\":{\"pass\":"
                + "\"attacker password 1\",\"hashStrategy\":\"none\"}}}").post("/api/v1/user-auths").statusCode()).isEqualTo(403);
        // ... yet it may make a token that belongs to the admin, and act as the admin with it
        Response minted = as(tokadm).body("{\"apiToken\":{\"name\":\"as-admin\",\"role\":\"alertonly\",\"user\":\"admin@example.com\"}}")
                .post("/api/v1/api-tokens");
        if (minted.statusCode() == 200) {
            String asAdmin = minted.jsonPath().getString("token");
            Response changed = as(asAdmin).body("{\"alert\":{\"owner\":\"admin@example.com\",\"dataCube\":\"secretcube\","
                    + "\"title\":\"changed by tokadm\"}}").put("/api/v1/alerts/admins-alert");
            assertThat(changed.statusCode()).as("the admin's alert, changed in the admin's name by a weaker token")
                    .isEqualTo(403);
        }
        assertThat(server.api().get("/api/v1/alerts/admins-alert").asString()).doesNotContain("changed by tokadm");
    }

    @Test
    void an_unchanged_write_does_not_restart_a_stopped_connection() throws InterruptedException {
        server.create("connections", "connection", "{\"name\":\"quiet\",\"type\":\"druid\",\"queryHosts\":[\"127.0.0.1:1\"]}");
        String etag = server.api().get("/api/v1/connections/quiet").header("ETag");
        assertThat(server.api().post("/api/v1/connections/quiet/stop").jsonPath().getString("state")).isEqualTo("STOPPED");
        Response same = server.api().body("{\"connection\":{\"type\":\"druid\",\"queryHosts\":[\"127.0.0.1:1\"]}}")
                .put("/api/v1/connections/quiet");
        assertThat(same.statusCode()).isEqualTo(200);
        assertThat(same.header("ETag")).as("nothing was written").isEqualTo(etag);
        Thread.sleep(300);
        // an unchanged import leaves it STOPPED; the same unchanged write through PUT restarts it
        assertThat(server.api().get("/api/v1/connections/quiet/status").jsonPath().getString("state")).isEqualTo("STOPPED");
    }

    @Test
    void restoring_the_current_version_of_a_connection_writes_nothing() {
        String conn = token("conn-restore", "conn");
        server.create("connections", "connection", "{\"name\":\"plain\",\"type\":\"druid\",\"queryHosts\":[\"127.0.0.1:1\"]}");
        String etag = server.api().get("/api/v1/connections/plain").header("ETag");
        String version = etag.replace("\"", "");
        Response restored = as(conn).post("/api/v1/connections/plain/history/" + version + "/restore");
        assertThat(restored.statusCode()).isEqualTo(200);
        assertThat(restored.jsonPath().getString("message")).as("README: restoring what is already current writes nothing")
                .startsWith("Version " + version + " is what version " + version + " holds already");
    }

    @Test
    void a_weaker_admin_cannot_take_over_a_deleted_super_admins_alerts_by_creating_the_user_again() {
        server.create("users", "user", "{\"name\":\"boss@example.com\",\"roles\":[\"super-admin\"]}");
        server.create("alerts", "alert", "{\"name\":\"boss-alert\",\"owner\":\"boss@example.com\",\"dataCube\":\"secretcube\"}");
        String tokadm = token("tokadm-2", "tokadm");
        // the owner cannot be deleted while it owns the alert (an owner is a reference while the user exists)
        Response deleted = as(tokadm).delete("/api/v1/users/boss@example.com");
        assertThat(deleted.statusCode()).isEqualTo(409);
        assertThat(deleted.asString()).contains("alerts 'boss-alert'");
        Response minted = as(tokadm).body("{\"apiToken\":{\"name\":\"boss-tok\",\"role\":\"alertonly\",\"user\":\"boss@example.com\"}}")
                .post("/api/v1/api-tokens");
        if (minted.statusCode() == 200) {
            as(minted.jsonPath().getString("token")).body("{\"alert\":{\"owner\":\"boss@example.com\",\"dataCube\":\"secretcube\","
                    + "\"title\":\"taken over\"}}").put("/api/v1/alerts/boss-alert");
        }
        // the alert belonged to the super-admin user that was deleted, not to the new, role-less user of the same name
        assertThat(server.api().get("/api/v1/alerts/boss-alert").asString()).doesNotContain("taken over");
    }

    /** A bundle that is refused whatever happens (its second dashboard is invalid), so it writes and audits nothing. */
    private static Response refusedImport(String token, String cube) {
        return as(token).body("{\"fulcrumBundle\":1,\"resources\":{\"dashboards\":[{\"name\":\"probe\",\"pages\":[{\"name\":"
                + "\"p\",\"label\":\"p\",\"tiles\":[{\"facetEssence\":{\"dataCube\":\"" + cube + "\"}}]}]},"
                + "{\"name\":\"probe2\",\"title\":7}]}}").post("/api/v1/import");
    }

    @Test
    void a_refused_import_does_not_tell_a_token_which_documents_exist_of_a_kind_it_may_not_read() {
        String dash = token("dash-import-probe", "dash");
        Response existing = refusedImport(dash, "secretcube");
        Response absent = refusedImport(dash, "no-such-cube");
        assertThat(existing.statusCode()).isEqualTo(absent.statusCode());
        // the plan names the first dashboard as a conflict only when the data cube is absent
        assertThat(existing.asString().contains("resources.dashboards[0]"))
                .as("refused import over an existing data cube vs an absent one")
                .isEqualTo(absent.asString().contains("resources.dashboards[0]"));
    }
}
