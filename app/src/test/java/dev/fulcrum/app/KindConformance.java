package dev.fulcrum.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fulcrum.model.Kind;
import io.restassured.response.Response;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.TestInstance;

/**
 * One concern of the conformance suite, run over every kind a server serves. A class that runs the suite
 * ({@link ConformanceTest}) extends each concern in a {@code @Nested} class that answers {@link #subject}:
 * the server, its kinds, and how to start another server like it. Each concern names its documents with
 * a prefix of its own, so the concerns share one server.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class KindConformance {

    /** What the suite runs against: a server, the kinds it serves, and a way to start an empty one like it. */
    record Subject(TestServer server, List<Kind> kinds, Supplier<TestServer> another) {
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
        Examples.createReferenced(server(), subject().kinds(), kind, document);
        return document;
    }

    /** Creates the kind's example named {@code name}; answers the document as stored. */
    JsonNode create(Kind kind, String name) {
        return Examples.create(server(), subject().kinds(), kind, name).get(kind.singular());
    }

    Response get(Kind kind, String name) {
        return server().api().get(path(kind, name));
    }
}
