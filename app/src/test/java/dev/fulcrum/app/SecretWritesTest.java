package dev.fulcrum.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.response.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What a write does to a stored secret ("Secrets" in the README): {@code "********"} or an absent field keeps
 * it, {@code null} clears it, another value replaces it; and a write that changes where a connection's secrets
 * go must send them again. The secret itself is never shown, so a SOCKS proxy that demands it tells which one is stored.
 */
class SecretWritesTest {
    private static final String PROXY_PASSWORD = "proxy-pass-6e0d";
    private static TestServer server;
    private static FakeDruid druid;
    private static FakeSocks proxy;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        druid = FakeDruid.plain();
        proxy = new FakeSocks("proxy-user", PROXY_PASSWORD);
    }

    @AfterAll
    static void stop() throws Exception {
        proxy.close();
        druid.close();
        server.close();
    }

    private static String viaProxy(String name, String extra) {
        return "{\"connection\":{\"name\":\"" + name + "\",\"type\":\"druid\",\"queryHosts\":[\"" + druid.host() + "\"],"
                + "\"sockHost\":\"127.0.0.1:" + proxy.port() + "\",\"sockUsername\":\"proxy-user\"" + extra + "}}";
    }

    private static boolean testSaved(String name) {
        Response tested = server.api().post("/api/v1/connections/" + name + "/test");
        assertThat(tested.statusCode()).isEqualTo(200);
        return tested.jsonPath().getBoolean("success");
    }

    private static Response put(String name, String body) {
        return server.api().body(body).put("/api/v1/connections/" + name);
    }

    @Test
    void the_mask_or_an_absent_field_keeps_the_stored_secret_null_clears_it_and_a_new_value_replaces_it() {
        server.create("connections", "connection", Jsons.parse(viaProxy("kept", ",\"sockPassword\":\"" + PROXY_PASSWORD + "\""))
                .get("connection").toString());
        assertThat(testSaved("kept")).as("the stored password opens the proxy").isTrue();

        assertThat(put("kept", viaProxy("kept", ",\"title\":\"masked\",\"sockPassword\":\"********\"")).statusCode()).isEqualTo(200);
        assertThat(testSaved("kept")).as("after a write sending the mask").isTrue();

        assertThat(put("kept", viaProxy("kept", ",\"title\":\"absent\"")).statusCode()).isEqualTo(200);
        assertThat(testSaved("kept")).as("after a write leaving the field out").isTrue();

        assertThat(put("kept", viaProxy("kept", ",\"sockPassword\":\"another-value-1\"")).statusCode()).isEqualTo(200);
        assertThat(testSaved("kept")).as("after a write replacing it").isFalse();

        Response cleared = put("kept", viaProxy("kept", ",\"sockPassword\":null"));
        assertThat(cleared.statusCode()).isEqualTo(200);
        assertThat(Jsons.parse(cleared.asString()).get("connection").has("sockPassword")).isFalse();
        assertThat(testSaved("kept")).as("after a write clearing it").isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "type | \"type\":\"postgres\",\"host\":\"db\",\"port\":5432,\"database\":\"d\",\"user\":\"u\" | \"type\":\"mysql\",\"host\":\"db\",\"port\":5432,\"database\":\"d\",\"user\":\"u\"",
        "host | \"type\":\"postgres\",\"host\":\"db\",\"database\":\"d\",\"user\":\"u\" | \"type\":\"postgres\",\"host\":\"elsewhere\",\"database\":\"d\",\"user\":\"u\"",
        "port | \"type\":\"postgres\",\"host\":\"db\",\"database\":\"d\",\"user\":\"u\" | \"type\":\"postgres\",\"host\":\"db\",\"port\":6543,\"database\":\"d\",\"user\":\"u\"",
        "ssl | \"type\":\"mysql\",\"host\":\"db\",\"database\":\"d\",\"user\":\"u\",\"ssl\":true | \"type\":\"mysql\",\"host\":\"db\",\"database\":\"d\",\"user\":\"u\",\"ssl\":false",
        "ca | \"type\":\"druid\",\"queryHosts\":[\"h\"],\"protocol\":\"tls\" | \"type\":\"druid\",\"queryHosts\":[\"h\"],\"protocol\":\"tls\",\"ca\":\"mine\""
    })
    void a_write_that_changes_where_the_secrets_go_must_send_them_again(String field, String before, String after) {
        String name = "moved-" + field;
        String secret = before.contains("druid") ? "sockPassword" : "password";
        server.create("connections", "connection", "{\"name\":\"" + name + "\"," + before + ",\"" + secret + "\":\"S-1\"}");
        for (String kept : new String[] {"", ",\"" + secret + "\":\"********\""}) {
            Response moved = put(name, "{\"connection\":{" + after + kept + "}}");
            assertThat(moved.statusCode()).as(moved.asString()).isEqualTo(400);
            assertThat(moved.jsonPath().getString("details[0].path")).isEqualTo("connection." + secret);
            assertThat(moved.jsonPath().getString("details[0].message")).contains("must be sent again", field);
        }
        Response unchanged = put(name, "{\"connection\":{" + before + ",\"title\":\"same place\"}}");
        assertThat(unchanged.statusCode()).as("the same destination keeps it: " + unchanged.asString()).isEqualTo(200);
        assertThat(unchanged.jsonPath().getString("connection." + secret)).isEqualTo("********");
        Response resent = put(name, "{\"connection\":{" + after + ",\"" + secret + "\":\"S-2\"}}");
        assertThat(resent.statusCode()).as(resent.asString()).isEqualTo(200);
        assertThat(resent.jsonPath().getString("connection." + secret)).isEqualTo("********");
    }
}
