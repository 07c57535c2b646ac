package dev.fulcrum.app;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fulcrum.model.Kind;
import dev.fulcrum.model.Kinds;
import dev.fulcrum.model.Reference;
import dev.fulcrum.model.Registry;

/**
 * Documents of any kind for tests, from the kind's own example ({@code ResourceStrategy.example}), and the
 * documents they reference, found through the kind's own {@code references}. Only
 * {@link #createReferencedDocuments}, for tests written before the examples, names kinds.
 */
final class Examples {
    private Examples() {
    }

    /** The kind's example named {@code name}. */
    static ObjectNode of(Kind kind, String name) {
        return kind.strategy().example(name);
    }

    /** {@code {"<singular>": document}}, the body of a write. */
    static String wrap(Kind kind, JsonNode document) {
        return "{\"" + kind.singular() + "\":" + document + "}";
    }

    /** Creates the kind's example named {@code name}, after what it references; answers the write's response. */
    static JsonNode create(TestServer server, Registry kinds, Kind kind, String name) {
        ObjectNode document = of(kind, name);
        createReferenced(server, kinds, kind, document);
        return server.create(kind.resource(), kind.singular(), document.toString());
    }

    static JsonNode create(TestServer server, Kind kind, String name) {
        return create(server, ConformanceKinds.registry(), kind, name);
    }

    /**
     * Creates each document that {@code document} references and that does not exist yet, from its kind's
     * example under the referenced name, after what that one references in turn.
     */
    static void createReferenced(TestServer server, Registry kinds, Kind kind, ObjectNode document) {
        for (Reference reference : kind.strategy().references(document)) {
            Kind referenced = kinds.byResource(reference.resource())
                    .orElseThrow(() -> new AssertionError(kind.resource() + " references an unknown resource " + reference));
            if (server.api().get("/api/v1/" + referenced.resource() + "/" + reference.name()).statusCode() == 404) {
                create(server, kinds, referenced, reference.name());
            }
        }
    }

    /**
     * What tests written before the examples expect to exist: the connection druid-main, the data cube
     * wiki_edits, the role viewers (with no permission) and the user ada@example.com, who has it.
     */
    static void createReferencedDocuments(TestServer server) {
        create(server, Kinds.DATA_CUBES, "wiki_edits");
        create(server, Kinds.USERS, "ada@example.com");
    }

    /** Sets the text at a reference's {@code path} (e.g. {@code pages[0].tiles[1].facetEssence.dataCube}). */
    static void replaceAt(ObjectNode document, String path, String text) {
        JsonPointer pointer = JsonPointer.compile("/" + path.replaceAll("\\[(\\d+)]", ".$1").replace('.', '/'));
        JsonNode parent = document.at(pointer.head());
        if (parent instanceof ArrayNode array) {
            array.set(pointer.last().getMatchingIndex(), array.textNode(text));
        } else {
            ((ObjectNode) parent).put(pointer.last().getMatchingProperty(), text);
        }
    }
}
