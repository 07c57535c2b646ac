package dev.fulcrum.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.response.Response;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** E-mail addresses are checked without recursion, bounded, and only as the mailer would send them. */
class EmailAddressesTest {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        Examples.createReferencedDocuments(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Stream<String> badAddresses() {
        return Stream.of("a@b" + ".c".repeat(3_000), "x".repeat(250) + "@b.co", "a\r\nRCPT TO:<evil@x.io>@b.co",
                "a@b\u0000.co", "a\u0085b@c.co", "a\u2028b@c.co", "a\u001b@c.co", "caf\u00e9@b.co", "a@b\u0131.co",
                "a\u0100\u0140evil@b.co", "a b@c.co", "<a@b.co>", "a@b.co,c@d.co", "a;b@c.co", "\"a\"@b.co", "a@b..co",
                "a@-b.co", "a@b", "@b.co", "a@@b.co");
    }

    @ParameterizedTest
    @MethodSource("badAddresses")
    void a_user_email_the_mailer_would_mangle_or_that_is_too_long_is_a_400(String address) {
        Response response = server.api().body(Json.MAPPER.createObjectNode().set("user",
                Json.MAPPER.createObjectNode().put("name", "mail-user").put("email", address)).toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)).post("/api/v1/users");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.jsonPath().getString("details[0].path")).isEqualTo("user.email");
        assertThat(response.asString().length()).as("the answer does not echo a huge address").isLessThan(1_000);
    }

    @ParameterizedTest
    @MethodSource("badAddresses")
    void a_report_external_email_the_mailer_would_mangle_is_a_400(String address) {
        var report = Json.MAPPER.createObjectNode().put("name", "mail-report");
        report.putObject("essence").put("dataCube", "wiki_edits");
        report.putArray("externalEmails").add("ok@example.com").add(address);
        Response response = server.api().body(Json.MAPPER.createObjectNode().set("report", report).toString()
                .getBytes(java.nio.charset.StandardCharsets.UTF_8)).post("/api/v1/reports");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.jsonPath().getString("details[0].path")).isEqualTo("report.externalEmails[1]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"someuser@imply.io", "some.user+tag@imply.io", "o'brien@example.co.uk", "a_b-c@sub-1.example.com"})
    void ordinary_addresses_are_accepted(String address) {
        Response response = server.api().body(Json.MAPPER.createObjectNode().set("user",
                Json.MAPPER.createObjectNode().put("name", "ok-" + address.hashCode()).put("email", address)).toString()
                .getBytes(java.nio.charset.StandardCharsets.UTF_8)).post("/api/v1/users");
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
    }

    @Test
    void fifty_deep_addresses_in_a_row_are_each_a_400_and_leave_the_server_answering() {
        String deep = "a@b" + ".c".repeat(3_000);
        for (int i = 0; i < 50; i++) {
            assertThat(server.api().body("{\"user\":{\"name\":\"deep\",\"email\":\"" + deep + "\"}}").post("/api/v1/users")
                    .statusCode()).isEqualTo(400);
        }
        assertThat(server.anonymous().get("/health").statusCode()).isEqualTo(200);
    }
}
