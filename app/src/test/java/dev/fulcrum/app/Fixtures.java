package dev.fulcrum.app;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fulcrum.model.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** A valid example document of every kind, from {@code src/test/resources/fixtures/<resource>.json}. */
final class Fixtures {
    private Fixtures() {
    }

    static ObjectNode valid(Kind kind) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/" + kind.resource() + ".json")) {
            return (ObjectNode) Jsons.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The valid example under another name. */
    static ObjectNode valid(Kind kind, String name) {
        ObjectNode document = valid(kind);
        document.put("name", name);
        return document;
    }
}
