package dev.fulcrum.app;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fulcrum.model.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * A valid example document of every kind, from {@code src/test/resources/fixtures/<resource>.json},
 * and the documents they reference.
 */
final class Fixtures {
    private Fixtures() {
    }

    /** Creates what the valid examples reference: a connection, a data cube, a user and a role. */
    static void createReferencedDocuments(TestServer server) {
        server.create("connections", "connection", valid(dev.fulcrum.model.Kinds.CONNECTIONS).toString());
        server.create("data-cubes", "dataCube", valid(dev.fulcrum.model.Kinds.DATA_CUBES).toString());
        server.create("roles", "role", valid(dev.fulcrum.model.Kinds.ROLES).toString());
        server.create("users", "user", valid(dev.fulcrum.model.Kinds.USERS).toString());
    }

    /** Creates what a document of this kind and name needs besides: user-auths and user-statuses name a user. */
    static void createNamedDependencies(TestServer server, Kind kind, String name) {
        if (kind == dev.fulcrum.model.Kinds.USER_AUTHS || kind == dev.fulcrum.model.Kinds.USER_STATUSES) {
            server.create("users", "user", "{\"name\":\"" + name + "\"}");
        }
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
