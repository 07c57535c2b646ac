package dev.fulcrum.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fulcrum.app.FulcrumApp;
import dev.fulcrum.app.config.ConfigLoader;
import dev.fulcrum.client.api.ConnectionsApi;
import dev.fulcrum.client.api.DataCubesApi;
import dev.fulcrum.client.model.Connection;
import dev.fulcrum.client.model.ConnectionRequest;
import dev.fulcrum.client.model.DataCube;
import dev.fulcrum.client.model.DataCubeDimensionsInner;
import dev.fulcrum.client.model.DataCubeMeasuresInner;
import dev.fulcrum.client.model.DataCubeRead;
import dev.fulcrum.client.model.DataCubeRequest;
import dev.fulcrum.client.model.DataCubeSource;
import dev.fulcrum.client.model.DataCubeWritten;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Java client openapi-generator made from the API description at build time ({@code client-test/pom.xml}),
 * against a real server on a random port with an H2 database of its own: the README's first request, a list, an
 * update with {@code If-Match} and a delete, each through the generated methods and models only.
 */
class GeneratedClientTest {
    private static Path dir;
    private static FulcrumApp server;
    private static ConnectionsApi connections;
    private static DataCubesApi dataCubes;

    @BeforeAll
    static void start() throws IOException {
        dir = Files.createTempDirectory("fulcrum-client");
        Path config = dir.resolve("config.yaml");
        Files.writeString(config, "port: 0\nstateStore:\n  type: h2\n  connection: " + dir.resolve("db/state")
                + "\nsecretKeyFile: " + dir.resolve("secret.key") + "\n");
        server = FulcrumApp.start(ConfigLoader.load(config));
        String token = server.tokens().create("generated-client");
        ApiClient client = new ApiClient();
        client.updateBaseUri("http://127.0.0.1:" + server.port());
        // the native library leaves authentication to the caller: the header the description's apiToken scheme names
        client.setRequestInterceptor(request -> request.header("x-imply-api-token", token));
        connections = new ConnectionsApi(client);
        dataCubes = new DataCubesApi(client);
    }

    @AfterAll
    static void stop() throws IOException {
        server.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        }
    }

    @Test
    void the_server_serves_the_description_the_client_was_generated_from() throws IOException, InterruptedException {
        HttpResponse<String> served = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.port() + "/api/v1/openapi.json")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(served.statusCode()).isEqualTo(200);
        Path generatedFrom = Path.of(System.getProperty("openapi.file"));
        if (!served.body().equals(Files.readString(generatedFrom))) {
            Path copy = generatedFrom.resolveSibling("openapi-served.json");
            Files.writeString(copy, served.body());
            throw new AssertionError("the server serves another description than " + generatedFrom
                    + ", which the client was generated from (OpenApiFile): compare it with " + copy);
        }
    }

    @Test
    void the_readme_first_request_through_the_generated_client() throws Exception {
        connections.createConnection(new ConnectionRequest().connection(new Connection().name("6027")
                .type(Connection.TypeEnum.DRUID).queryHosts(List.of("localhost:8082"))), null, null);
        DataCubeWritten created = dataCubes.createDataCube(new DataCubeRequest().dataCube(new DataCube()
                .name("zzz_hello").title("zzz").connectionName("6027").source(new DataCubeSource("wikipedia"))
                .addDimensionsItem(new DataCubeDimensionsInner().name("articleName"))
                .addMeasuresItem(new DataCubeMeasuresInner().name("count").formula("$main.sum($count)"))), null, null);
        assertThat(created.getMessage()).isEqualTo("Created successfully");

        DataCube read = dataCubes.getDataCube("zzz_hello", null, null, null).getDataCube();
        assertThat(read.getSource().getString()).isEqualTo("wikipedia");
        assertThat(read.getDimensions().get(0).getTitle()).isEqualTo("Article Name");
        JsonNode asTheClientSeesIt = JSON.getDefault().getMapper().valueToTree(new DataCubeRead().dataCube(read));
        assertThat(asTheClientSeesIt).as("the README's answer, read into the generated models and written back")
                .isEqualTo(JSON.getDefault().getMapper().readTree(readmeFirstAnswer()));
    }

    @Test
    void a_list_an_update_with_if_match_and_a_delete() throws Exception {
        connections.createConnection(new ConnectionRequest().connection(new Connection().name("client-druid")
                .type(Connection.TypeEnum.DRUID).queryHosts(List.of("localhost:8082"))), null, null);
        for (String name : List.of("client_a", "client_b")) {
            dataCubes.createDataCube(new DataCubeRequest().dataCube(new DataCube().name(name)
                    .connectionName("client-druid").source(new DataCubeSource("wikipedia"))), null, null);
        }
        assertThat(dataCubes.listDataCubes(null, null, null, "client-druid", null, null, null, null, null).getDataCubes())
                .extracting(DataCube::getName).containsExactly("client_a", "client_b");

        ApiResponse<DataCubeRead> read = dataCubes.getDataCubeWithHttpInfo("client_a", null, null, null);
        String etag = read.getHeaders().get("etag").get(0);
        DataCube changed = read.getData().getDataCube().title("Changed");
        DataCubeWritten updated = dataCubes.updateDataCube("client_a",
                new DataCubeRequest().dataCube(changed), etag, null);
        assertThat(updated.getMessage()).isEqualTo("Updated successfully");
        assertThat(updated.getDataCube().getTitle()).isEqualTo("Changed");
        assertThatThrownBy(() -> dataCubes.updateDataCube("client_a", new DataCubeRequest().dataCube(changed.title("Lost")),
                etag, null)).as("a second write with the first version's ETag")
                .isInstanceOfSatisfying(ApiException.class, refused -> assertThat(refused.getCode()).isEqualTo(412));

        String current = dataCubes.getDataCubeWithHttpInfo("client_a", null, null, null).getHeaders().get("etag").get(0);
        assertThat(dataCubes.deleteDataCube("client_a", current, null).getMessage()).isEqualTo("Deleted successfully");
        assertThatThrownBy(() -> dataCubes.getDataCube("client_a", null, null, null))
                .isInstanceOfSatisfying(ApiException.class, gone -> assertThat(gone.getCode()).isEqualTo(404));
        assertThat(dataCubes.listDataCubes(null, null, null, "client-druid", null, null, null, null, null).getDataCubes())
                .extracting(DataCube::getName).containsExactly("client_b");
    }

    /** The first JSON block of the README: the answer to the first request's read. */
    private static String readmeFirstAnswer() throws IOException {
        String readme = Files.readString(Path.of(System.getProperty("readme.file")));
        int start = readme.indexOf("```json\n") + "```json\n".length();
        return readme.substring(start, readme.indexOf("```", start));
    }
}
