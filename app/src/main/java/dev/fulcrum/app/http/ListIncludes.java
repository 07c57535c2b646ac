package dev.fulcrum.app.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fulcrum.model.InvalidException;
import dev.fulcrum.model.Kind;
import dev.fulcrum.model.Kinds;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * What a list may carry beside its documents, asked for with {@code ?include=<what>}: per kind, named sources that
 * answer for the listed names at once, from what the server already holds (no probe, no query per document), such
 * as the connections' states. Each adds one key to the answer, an object keyed by document name: never a field
 * inside the documents, which keep unknown fields and could hold one of that name.
 */
final class ListIncludes {
    /** One include: the key it adds to a list's answer, and its values for the listed names, keyed by name. */
    record Include(String key, Function<List<String>, ObjectNode> values) {
    }

    private final Map<String, Map<String, Include>> byResource;

    /** @param byResource per resource, its includes by the name {@code ?include=} gives */
    ListIncludes(Map<String, Map<String, Include>> byResource) {
        this.byResource = Map.copyOf(byResource);
    }

    /**
     * The includes a server offers: the connections' states ({@code ?include=status}, under {@code statuses}),
     * answered by {@code statuses}. {@link OpenApiFile} describes them without a server, and so without statuses.
     */
    static ListIncludes standard(Function<List<String>, ObjectNode> statuses) {
        return new ListIncludes(Map.of(Kinds.CONNECTIONS.resource(), Map.of("status", new Include("statuses", statuses))));
    }

    /** The names {@code ?include=} may give for lists of {@code kind}, sorted. */
    Set<String> names(Kind kind) {
        return new TreeSet<>(byResource.getOrDefault(kind.resource(), Map.of()).keySet());
    }

    /** The keys the includes of {@code kind} may add to its list's answer, sorted. */
    Set<String> keys(Kind kind) {
        Set<String> keys = new TreeSet<>();
        byResource.getOrDefault(kind.resource(), Map.of()).values().forEach(include -> keys.add(include.key()));
        return keys;
    }

    /** The includes a list of {@code kind} asks for, in order; a 400 naming the allowed ones for any other. */
    List<Include> resolve(Kind kind, List<String> asked) {
        Map<String, Include> allowed = byResource.getOrDefault(kind.resource(), Map.of());
        List<Include> includes = new ArrayList<>(asked.size());
        for (String name : asked) {
            Include include = allowed.get(name);
            if (include == null) {
                throw new InvalidException("cannot include '" + QueryParameters.clip(name) + "' in a list of " + kind.resource() + "; "
                        + (allowed.isEmpty() ? "they have nothing to include"
                        : "include is one of: " + String.join(", ", new TreeSet<>(allowed.keySet()))));
            }
            includes.add(include);
        }
        return includes;
    }
}
