package dev.fulcrum.app.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fulcrum.model.InvalidException;
import dev.fulcrum.model.Kind;
import dev.fulcrum.model.Names;
import dev.fulcrum.model.Problems;
import java.util.Optional;

/** The names of documents as writes and reads check them, and the built-in documents they may name. */
final class DocumentNames {
    private DocumentNames() {
    }

    /**
     * The name of a document about to be written: the URL's ({@code urlName}, which the body may repeat or leave
     * out, then it is put first) or the body's, checked against {@link Names}.
     */
    static String check(Kind kind, ObjectNode document, String urlName) {
        if (urlName != null) {
            requireValid(kind, urlName);
            JsonNode given = document.get("name");
            if (given == null || given.isNull()) {
                ObjectNode rest = document.deepCopy();
                document.removeAll();
                document.put("name", urlName);
                document.setAll(rest);
                return urlName;
            }
            if (!given.isTextual() || !given.asText().equals(urlName)) {
                throw new InvalidException("the name in the body (" + given + ") differs from the name in the URL ('"
                        + urlName + "'); to rename, create the new name and delete the old one");
            }
            return urlName;
        }
        JsonNode given = document.get("name");
        Problems problems = new Problems(kind.singular());
        if (given != null && !given.isNull() && !given.isTextual()) {
            problems.add("name", "must be a string; " + Names.RULE);
        } else {
            Names.problem(given == null || given.isNull() ? null : given.asText())
                    .ifPresent(problem -> problems.add("name", problem));
        }
        problems.throwIfAny();
        return given.asText();
    }

    static void requireValid(Kind kind, String name) {
        Names.problem(name).ifPresent(problem -> {
            throw new InvalidException("invalid " + kind.singular() + " name '" + name + "': " + Names.RULE);
        });
    }

    /** The built-in document of that name, with its defaults, if the kind has one. */
    static Optional<ObjectNode> builtIn(Kind kind, String name) {
        return kind.strategy().builtIns().stream().filter(builtIn -> builtIn.path("name").asText().equals(name))
                .findFirst().map(builtIn -> {
                    ObjectNode document = builtIn.deepCopy();
                    kind.strategy().applyDefaults(document);
                    return document;
                });
    }
}
