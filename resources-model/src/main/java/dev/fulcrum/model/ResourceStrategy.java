package dev.fulcrum.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Set;

/**
 * What one kind of document contributes to the generic engine. It knows nothing of HTTP or SQL.
 *
 * <p>For every write the engine runs the same pipeline on the document taken out of its wrapper:
 * <ol>
 *   <li>{@link #applyDefaults}: may add missing fields; never overwrites a field the client gave.</li>
 *   <li>{@link #validate}: reports every problem to {@code problems}; must not change the document.
 *       The engine has already checked {@code name}.</li>
 *   <li>{@link #references}: the engine checks, in the write's transaction, that each one exists.</li>
 *   <li>The engine stores the document, with the values of {@link #secretFields} kept apart.</li>
 * </ol>
 * Every hook has a default that does nothing, so a kind overrides only what it needs.
 */
public interface ResourceStrategy {

    /** Adds defaults to a document about to be written. */
    default void applyDefaults(ObjectNode document) {
    }

    /** Reports everything wrong with {@code document}; paths are relative to the document. */
    default void validate(ObjectNode document, Problems problems) {
    }

    /** The documents that {@code document} names and that must therefore exist. */
    default List<Reference> references(ObjectNode document) {
        return List.of();
    }

    /** Top-level fields whose values are secret: never returned, never stored in plain text. */
    default Set<String> secretFields() {
        return Set.of();
    }

    /** Keys a request may carry beside the wrapper key, e.g. {@code sendWelcomeEmail} for users. */
    default Set<String> requestOptions() {
        return Set.of();
    }
}
