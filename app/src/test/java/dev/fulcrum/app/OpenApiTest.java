package dev.fulcrum.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fulcrum.model.Kind;
import dev.fulcrum.model.Kinds;
import io.javalin.router.ParsedEndpoint;
import io.restassured.response.Response;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** GET /api/v1/openapi.json: a valid OpenAPI 3.1 document that describes every route the server answers. */
class OpenApiTest {
    private static TestServer server;
    private static JsonNode document;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        Response response = server.anonymous().get("/api/v1/openapi.json");
        assertThat(response.statusCode()).as("needs no token").isEqualTo(200);
        document = Jsons.parse(response.asString());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void the_document_is_valid_openapi_3_1() {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult result = new OpenAPIV3Parser().readContents(document.toString(), null, options);
        assertThat(result.getMessages()).isEmpty();
        assertThat(result.getOpenAPI().getOpenapi()).isEqualTo("3.1.0");
        assertThat(result.getOpenAPI().getPaths()).containsKeys("/api/v1/data-cubes", "/api/v1/data-cubes/{name}");
    }

    @Test
    void every_route_the_server_answers_is_described() {
        List<String> missing = new ArrayList<>();
        for (ParsedEndpoint endpoint : server.routes()) {
            String method = endpoint.endpoint.method.name().toLowerCase();
            String path = endpoint.endpoint.path;
            if (method.equals("before") || method.equals("after") || method.equals("head") || method.equals("options")
                    || !path.startsWith("/api/") && !path.startsWith("/health")) { // the web page is not API
                continue;
            }
            List<String> concrete = new ArrayList<>();
            if (path.contains("{resource}")) {
                for (Kind kind : Kinds.all()) {
                    concrete.add(path.replace("{resource}", kind.resource()));
                }
            } else {
                concrete.add(path);
            }
            for (String each : concrete) {
                if (!document.path("paths").path(each).has(method)) {
                    missing.add(method.toUpperCase() + " " + each);
                }
            }
        }
        assertThat(missing).isEmpty();
    }

    @Test
    void each_kind_has_a_schema_recorded_from_its_validation() {
        JsonNode schemas = document.path("components").path("schemas");
        assertThat(schemas.path("Connection").path("required").toString()).isEqualTo("[\"name\",\"type\"]");
        assertThat(schemas.path("Connection").path("properties").path("protocol").path("enum").toString())
                .isEqualTo("[\"plain\",\"tls\",\"tls-loose\"]");
        assertThat(schemas.path("Connection").path("properties").path("passphrase").path("writeOnly").asBoolean()).isTrue();
        assertThat(schemas.path("Alert").path("properties").path("checkFrequency").path("format").asText()).isEqualTo("duration");
        assertThat(schemas.path("Report").path("properties").path("delivery").path("properties").path("time").path("maximum").asInt())
                .isEqualTo(23);
        assertThat(schemas.path("Role").path("properties").path("permissions").path("items").path("properties")
                .path("name").path("enum").toString()).contains("ManageApiTokens");
        assertThat(schemas.path("UserStatus").path("required").toString()).isEqualTo("[\"name\"]");
        assertThat(document.path("paths").path("/api/v1/connections").path("get").path("parameters").toString())
                .contains("\"name\":\"type\"", "\"name\":\"per_page\"");
    }

    @Test
    void every_operation_has_a_unique_id_a_declared_tag_and_a_description() {
        Set<String> declared = new HashSet<>();
        document.path("tags").forEach(tag -> declared.add(tag.path("name").asText()));
        Set<String> ids = new HashSet<>();
        List<String> wrong = new ArrayList<>();
        for (Map.Entry<String, JsonNode> path : document.path("paths").properties()) {
            for (Map.Entry<String, JsonNode> method : path.getValue().properties()) {
                if (method.getKey().equals("parameters")) {
                    continue;
                }
                JsonNode operation = method.getValue();
                String where = method.getKey() + " " + path.getKey();
                if (!ids.add(operation.path("operationId").asText()) || operation.path("operationId").asText().isEmpty()) {
                    wrong.add(where + ": operationId " + operation.path("operationId"));
                }
                if (operation.path("tags").size() != 1 || !declared.contains(operation.path("tags").path(0).asText())) {
                    wrong.add(where + ": tags " + operation.path("tags"));
                }
                if (operation.path("description").asText().isBlank()) {
                    wrong.add(where + ": no description");
                }
            }
        }
        assertThat(wrong).isEmpty();
        JsonNode dataCubes = document.path("paths").path("/api/v1/data-cubes");
        assertThat(dataCubes.path("get").path("operationId").asText()).isEqualTo("listDataCubes");
        assertThat(dataCubes.path("post").path("operationId").asText()).isEqualTo("createDataCube");
        assertThat(dataCubes.path("post").path("tags").toString()).isEqualTo("[\"data-cubes\"]");
        JsonNode dataCube = document.path("paths").path("/api/v1/data-cubes/{name}");
        assertThat(List.of("get", "post", "put", "patch", "delete")).map(method -> dataCube.path(method).path("operationId").asText())
                .containsExactly("getDataCube", "updateDataCube", "replaceDataCube", "patchDataCube", "deleteDataCube");
        assertThat(document.path("paths").path("/api/v1/data-cubes/{name}/history/{version}/restore").path("post")
                .path("operationId").asText()).isEqualTo("restoreDataCubeVersion");
        assertThat(document.path("paths").path("/api/v1/connections/{name}/start").path("post").path("operationId").asText())
                .isEqualTo("startConnection");
        assertThat(dataCube.path("get").path("responses").path("200").path("content").path("application/json")
                .path("schema").path("$ref").asText()).as("a kind's bodies are named").isEqualTo("#/components/schemas/DataCubeRead");
        assertThat(document.path("components").path("schemas").path("DataCubeWritten").path("properties").has("dataCube")).isTrue();
        assertThat(dataCube.path("delete").path("description").asText())
                .as("the permissions the kind's access rule names for the verb").contains("AdministerDataCubes");
    }

    @Test
    void every_array_schema_says_what_its_items_are() {
        List<String> without = new ArrayList<>();
        findArraysWithoutItems(document, "", without);
        assertThat(without).isEmpty();
        assertThat(document.path("components").path("schemas").path("Alert").path("properties").path("webhooks")
                .path("items").isObject()).isTrue();
    }

    private static void findArraysWithoutItems(JsonNode node, String where, List<String> without) {
        if (node.isObject() && node.path("type").asText().equals("array") && !node.has("items")) {
            without.add(where);
        }
        if (node.isObject()) {
            node.properties().forEach(field -> findArraysWithoutItems(field.getValue(), where + "/" + field.getKey(), without));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                findArraysWithoutItems(node.get(i), where + "/" + i, without);
            }
        }
    }
}
