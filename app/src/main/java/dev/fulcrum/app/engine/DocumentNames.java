package dev.fulcrum.app.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fulcrum.model.InvalidException;
import dev.fulcrum.model.Kind;
import dev.fulcrum.model.Names;
import dev.fulcrum.model.Problems;
import java.util.Optional;

/** The names of documents as writes and reads check them, and the built-in documents they may name. */
public final class DocumentNames {
    private DocumentNames() {
    }

    /**
     * The name of a document about to be written: the URL's ({@code urlName}, which the body may repeat or leave
     * out, then it is put first) or the body's, checked against {@link Names}. What is wrong with it goes to
     * {@code problems}, first of the document's; then the answer is null.
     */
    static String check(Kind kind, ObjectNode document, String urlName, Problems problems) {
        if (urlName != null) {
            Names.problem(urlName).ifPresent(problem -> problems.add("name", "'" + urlName + "' in the URL "
                    + problem, "invalid " + kind.singular() + " name '" + urlName + "': " + Names.RULE));
            JsonNode given = document.get("name");
            if (given == null || given.isNull()) {
                ObjectNode rest = document.deepCopy();
                document.removeAll();
                document.put("name", urlName);
                document.setAll(rest);
            } else if (!given.isTextual() || !given.asText().equals(urlName)) {
                String differs = "the name in the body (" + given + ") differs from the name in the URL ('" + urlName
                        + "'); to rename, create the new name and delete the old one";
                problems.add("name", differs, differs);
                return null;
            }
            return Names.isValid(urlName) ? urlName : null;
        }
        JsonNode given = document.get("name");
        if (given != null && !given.isNull() && !given.isTextual()) {
            problems.add("name", "must be a string; " + Names.RULE);
            return null;
        }
        String name = given == null || given.isNull() ? null : given.asText();
        Optional<String> problem = Names.problem(name);
        problem.ifPresent(message -> problems.add("name", message));
        return problem.isPresent() ? null : name;
    }

    public static void requireValid(Kind kind, String name) {
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
