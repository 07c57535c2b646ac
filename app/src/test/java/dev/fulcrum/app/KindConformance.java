package dev.fulcrum.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fulcrum.model.Kind;
import dev.fulcrum.model.Registry;
import io.restassured.response.Response;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.TestInstance;

/**
 * One concern of the conformance suite ({@link ConformanceSuite}), run over the kinds of a server. Each concern
 * names its documents with a prefix of its own, so the concerns share one server.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class KindConformance {

    /**
     * What the suite runs against: a server, the kinds it serves ({@code registry}), those the suite walks, and
     * a way to start an empty server like it.
     */
    record Subject(TestServer server, Registry registry, List<Kind> kinds, Supplier<TestServer> another) {
    }

    abstract Subject subject();

    /** The prefix of the names this concern gives its documents. */
    abstract String prefix();

    Stream<Kind> kinds() {
        return subject().kinds().stream();
    }

    TestServer server() {
        return subject().server();
    }

    /** A name of its own for each concern, kind and test. */
    String name(Kind kind, String suffix) {
        return prefix() + "-" + kind.resource() + "-" + suffix;
    }

    static String path(Kind kind) {
        return "/api/v1/" + kind.resource();
    }

    static String path(Kind kind, String name) {
        return path(kind) + "/" + name;
    }

    /** The kind's example named {@code name}, with what it references created (so that writing it succeeds). */
    ObjectNode example(Kind kind, String name) {
        ObjectNode document = Examples.of(kind, name);
        Examples.createReferenced(server(), subject().registry(), kind, document);
        return document;
    }

    /** Creates the kind's example named {@code name}; answers the document as stored. */
    JsonNode create(Kind kind, String name) {
        return Examples.create(server(), subject().registry(), kind, name).get(kind.singular());
    }

    /**
     * Writes the kind's example named {@code name} as a client would: creates it, replaces it by name with
     * {@code method} and the title "Second", then patches the title to "Third". Answers the three documents
     * the writes answered, each a 200.
     */
    List<JsonNode> createReplaceAndPatch(Kind kind, String name, String method) {
        ObjectNode document = example(kind, name);
        List<Response> answers = List.of(
                server().api().body(Examples.wrap(kind, document)).post(path(kind)),
                server().api().body(Examples.wrap(kind, document.deepCopy().put("title", "Second")))
                        .request(method, path(kind, name)),
                server().api().body("{\"" + kind.singular() + "\":{\"title\":\"Third\"}}").patch(path(kind, name)));
        return answers.stream().map(answer -> ok(answer).get(kind.singular())).toList();
    }

    /** The JSON of a response that must be a 200. */
    static JsonNode ok(Response response) {
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
        return Jsons.parse(response.asString());
    }

    Response get(Kind kind, String name) {
        return server().api().get(path(kind, name));
    }
}
