package dev.fulcrum.app;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every kind of secret, through successes and failures, then a search of everything the server printed,
 * every response and every byte it stored: none of them may hold a secret in plain text.
 */
@StartsProcesses
class SecretsNeverLeaveTest {
    private static final String PASSPHRASE = "passphrase-5c1f0e";
    private static final String KEY = "private-key-77b2aa";
    private static final String SOCK = "sock-password-0d9e31";
    private static final String PASSWORD = "user-password-4be8f2";
    private static final String SMTP = "smtp-password-a61c07";
    private static final String UNDECLARED = "secure-json-data-3e9d42";

    @TempDir
    Path dir;

    @Test
    void no_secret_reaches_a_response_the_log_or_the_database_file() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Files.writeString(dir.resolve("config.yaml"), "port: 0\nemail:\n  host: 127.0.0.1\n  port: " + closedPort
                + "\n  from: f@example.com\n  startTls: false\n  user: u\n  password: " + SMTP + "\n  timeoutMillis: 2000\n");
        String token = Processes.run(dir, "token", "create", "--name", "secrets").lastLine();
        Processes.Server server = Processes.serve(dir, "config.yaml");
        List<String> responses = new ArrayList<>();
        try {
            String connection = "\"type\":\"druid\",\"queryHosts\":[\"h\"],\"key\":\"" + KEY + "\",\"passphrase\":\""
                    + PASSPHRASE + "\",\"sockPassword\":\"" + SOCK + "\",\"secureJsonData\":{\"aws_access_secrets\":\""
                    + UNDECLARED + "\"}";
            // each request is asserted to have done what it was meant to, so no search below passes vacuously
            post(server, token, 200, "/api/v1/connections", "{\"connection\":{\"name\":\"c\"," + connection + "}}", responses);
            post(server, token, 400, "/api/v1/connections", "{\"connection\":{\"name\":\"bad\"," + connection
                    + ",\"protocol\":\"https\"}}", responses);
            post(server, token, 400, "/api/v1/connections", "{\"connection\":{\"name\":\"c\"," + connection + ",}}", responses);
            post(server, token, 400, "/api/v1/connections", "{\"connection\":{\"name\":\"c\",\"type\":\"druid\",\"queryHosts\":[\"h\"],"
                    + "\"aws_access_secrets\":\"" + UNDECLARED + "\",\"secureJsonData\":{\"n\":{\"v\":\"" + UNDECLARED + "\"}}}}", responses);
            post(server, token, 200, "/api/v1/users", "{\"user\":{\"name\":\"ada@example.com\"},\"sendWelcomeEmail\":true}",
                    responses);
            post(server, token, 200, "/api/v1/user-auths", "{\"userAuth\":{\"name\":\"ada@example.com\","
                    + "\"currentPass\":{\"pass\":\"" + PASSWORD + "\",\"hashStrategy\":\"none\"}}}", responses);
            post(server, token, 400, "/api/v1/user-auths", "{\"userAuth\":{\"name\":\"ada@example.com\","
                    + "\"currentPass\":{\"pass\":\"" + PASSWORD + "\",\"hashStrategy\":\"" + PASSWORD + "\"}}}", responses);
            post(server, token, 200, "/api/v1/user-auths/ada@example.com/verify", "{\"password\":\"" + PASSWORD + "\"}", responses);
            assertThat(responses.get(responses.size() - 1)).isEqualTo("{\"valid\":true}");
            post(server, token, 200, "/api/v1/user-auths/ada@example.com/verify", "{\"password\":\"" + PASSWORD + "x\"}", responses);
            assertThat(responses.get(responses.size() - 1)).isEqualTo("{\"valid\":false}");
            for (String path : List.of("/api/v1/connections", "/api/v1/connections/c?pretty", "/api/v1/user-auths",
                    "/api/v1/user-auths/ada@example.com")) {
                Response read = api(server, token).get(path);
                assertThat(read.statusCode()).as(path).isEqualTo(200);
                responses.add(read.asString());
            }
            // the connection's secrets were stored: reads show each as set
            assertThat(Jsons.parse(api(server, token).get("/api/v1/connections/c").asString()).get("connection").toString())
                    .contains("\"key\":\"********\"", "\"passphrase\":\"********\"", "\"sockPassword\":\"********\"",
                            "\"secureJsonFields\":{\"aws_access_secrets\":true}");
            Response badToken = api(server, "fulcrum_" + PASSWORD).get("/api/v1/users");
            assertThat(badToken.statusCode()).isEqualTo(401);
            responses.add(badToken.asString());
        } finally {
            server.terminate();
        }
        String log = server.output().toString();
        assertThat(log).contains("e-mail to ada@example.com failed"); // the failure is logged, without secrets
        List<String> secrets = List.of(PASSPHRASE, KEY, SOCK, PASSWORD, SMTP, UNDECLARED, token);
        for (String response : responses) {
            assertThat(response).doesNotContain(secrets.subList(0, 6));
        }
        assertThat(log).doesNotContain(secrets);
        assertThat(storedBytes()).doesNotContain(secrets);
    }

    private static RequestSpecification api(Processes.Server server, String token) {
        return given().port(server.port()).header("x-imply-api-token", token);
    }

    private static void post(Processes.Server server, String token, int expected, String path, String body,
                             List<String> responses) {
        Response response = api(server, token).body(body).post(path);
        assertThat(response.statusCode()).as(path + " " + response.asString()).isEqualTo(expected);
        responses.add(response.asString());
    }

    private String storedBytes() throws IOException {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.walk(dir.resolve("var"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                all.append(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
            }
        }
        return all.toString();
    }
}
