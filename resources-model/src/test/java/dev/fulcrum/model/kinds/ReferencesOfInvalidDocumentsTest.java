package dev.fulcrum.model.kinds;

import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fulcrum.model.Kind;
import dev.fulcrum.model.Kinds;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The engine asks an invalid document for its references too (their problems come in the same 400 as the fields'),
 * so {@code references} must not throw whatever the document holds: here every field of every kind's example, at
 * any depth, removed or given a value of each JSON type.
 */
class ReferencesOfInvalidDocumentsTest {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    static Stream<Kind> kinds() {
        return Kinds.all().stream();
    }

    private static List<JsonNode> wrongValues() {
        return List.of(NODES.numberNode(7), NODES.textNode("x"), NODES.arrayNode(), NODES.objectNode(), NODES.nullNode(),
                NODES.arrayNode().add(1), NODES.objectNode().put("a", 1), NODES.booleanNode(true));
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void references_of_a_document_with_any_field_wrong_or_missing_do_not_throw(Kind kind) {
        ObjectNode example = kind.strategy().example("x");
        List<ObjectNode> variants = new ArrayList<>();
        variants.add(NODES.objectNode());
        variants(example, example, variants);
        for (ObjectNode variant : variants) {
            assertThatCode(() -> kind.strategy().references(variant)).as(variant.toString()).doesNotThrowAnyException();
        }
    }

    /** Adds, for each field or element inside {@code node}, copies of {@code root} with it removed and replaced. */
    private static void variants(ObjectNode root, JsonNode node, List<ObjectNode> into) {
        List<String> fields = new ArrayList<>();
        node.fieldNames().forEachRemaining(fields::add);
        for (String field : fields) {
            ObjectNode object = (ObjectNode) node;
            JsonNode original = object.get(field);
            object.remove(field);
            into.add(root.deepCopy());
            for (JsonNode wrong : wrongValues()) {
                object.set(field, wrong);
                into.add(root.deepCopy());
            }
            object.set(field, original); // back in its place: field order does not matter to references
            variants(root, original, into);
        }
        if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                JsonNode original = array.get(i);
                for (JsonNode wrong : wrongValues()) {
                    array.set(i, wrong);
                    into.add(root.deepCopy());
                }
                array.set(i, original);
                variants(root, original, into);
            }
        }
    }
}
