package dev.fulcrum.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fulcrum.model.kinds.ConnectionField;
import dev.fulcrum.model.kinds.ConnectionTypes;
import io.restassured.response.Response;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Walks the declaration in {@link ConnectionTypes}, not a hand list: for every type and every field declared a
 * destination, changing it without the secrets is a 400 naming each secret, and with them a 200.
 */
class SecretDestinationFieldsTest {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.startWith("allowConnectionTests: false\n"); // nothing here may be probed: no traffic
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Stream<Arguments> destinations() {
        return ConnectionTypes.ALL.stream().flatMap(type -> Stream.concat(Stream.of(Arguments.of(type.type(), "type")),
                type.fields().stream().filter(ConnectionField::destination).map(field -> Arguments.of(type.type(), field.name()))));
    }

    /** Two valid, different values of a field, from its form alone. */
    private static JsonNode[] values(ConnectionField field) {
        return switch (field.form()) {
            case "string" -> new JsonNode[] {NODES.textNode("first-value"), NODES.textNode("second-value")};
            case "integer" -> new JsonNode[] {NODES.numberNode(1), NODES.numberNode(2)};
            case "port" -> new JsonNode[] {NODES.numberNode(5000), NODES.numberNode(5001)};
            case "boolean" -> new JsonNode[] {NODES.booleanNode(false), NODES.booleanNode(true)};
            case "enum" -> new JsonNode[] {NODES.textNode(field.choices().get(0)), NODES.textNode(field.choices().get(1))};
            case "host" -> new JsonNode[] {NODES.textNode("a.example.invalid"), NODES.textNode("b.example.invalid")};
            case "hostPort" -> new JsonNode[] {NODES.textNode("a.example.invalid:1080"), NODES.textNode("b.example.invalid:1080")};
            case "hosts" -> new JsonNode[] {NODES.arrayNode().add("a.example.invalid"), NODES.arrayNode().add("b.example.invalid:8082")};
            case "name" -> new JsonNode[] {NODES.textNode("alpha"), NODES.textNode("beta")};
            case "stringOrObject" -> new JsonNode[] {NODES.textNode("first"), NODES.objectNode().put("second", 1)};
            default -> throw new IllegalStateException("a new field form needs values here: " + field.form());
        };
    }

    @ParameterizedTest(name = "{0}.{1}")
    @MethodSource("destinations")
    void changing_a_destination_field_needs_every_secret_sent_again(String typeName, String fieldName) {
        ConnectionTypes.ConnectionType type = ConnectionTypes.byType(typeName).orElseThrow();
        String name = "dest-" + typeName + "-" + fieldName;
        ObjectNode base = NODES.objectNode().put("name", name).put("type", typeName);
        ObjectNode secrets = NODES.objectNode();
        for (ConnectionField field : type.fields()) {
            if (field.secret()) {
                secrets.put(field.name(), "S-" + field.name());
            } else {
                base.set(field.name(), values(field)[0]);
            }
        }
        assertThat(server.api().body(wrap(base.deepCopy().setAll(secrets))).post("/api/v1/connections").statusCode())
                .isEqualTo(200);
        ObjectNode change = NODES.objectNode();
        if (fieldName.equals("type")) { // a type with the same fields: only the type changes
            change.put("type", ConnectionTypes.ALL.stream().filter(other -> !other.type().equals(typeName)
                    && names(other).equals(names(type))).findFirst().orElseThrow().type());
        } else {
            change.set(fieldName, values(type.fields().stream().filter(f -> f.name().equals(fieldName)).findFirst().orElseThrow())[1]);
        }
        Response refused = server.api().body(wrap(change)).patch("/api/v1/connections/" + name);
        assertThat(refused.statusCode()).as(refused.asString()).isEqualTo(400);
        List<String> secretPaths = secrets.properties().stream().map(entry -> "connection." + entry.getKey()).toList();
        assertThat(refused.jsonPath().getList("details.path", String.class)).containsExactlyInAnyOrderElementsOf(secretPaths);
        assertThat(refused.jsonPath().getList("details.message", String.class)).allMatch(m -> m.contains("must be sent again"));
        Response accepted = server.api().body(wrap(change.deepCopy().setAll(secrets))).patch("/api/v1/connections/" + name);
        assertThat(accepted.statusCode()).as(accepted.asString()).isEqualTo(200);
    }

    private static List<String> names(ConnectionTypes.ConnectionType type) {
        return type.fields().stream().map(ConnectionField::name).toList();
    }

    private static String wrap(ObjectNode connection) {
        return NODES.objectNode().set("connection", connection).toString();
    }
}
