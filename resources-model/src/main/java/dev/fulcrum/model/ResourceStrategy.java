package dev.fulcrum.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one kind of document contributes to the generic engine. It knows nothing of HTTP or SQL.
 *
 * <p>For every write the engine runs the same pipeline on the document taken out of its wrapper:
 * <ol>
 *   <li>{@link #applyDefaults}: may add missing fields; never overwrites a field the client gave.</li>
 *   <li>{@link #validate}: reports every problem to {@code problems}; must not change the document.
 *       The engine has already reported a wrong {@code name} there, and goes on whatever it finds.</li>
 *   <li>{@link #prepare}: slow work on the valid request (e.g. hashing a password). Runs outside the
 *       write's transaction, once, without the stored document.</li>
 *   <li>{@link #mergeWithStored}: cheap work that needs the stored version (e.g. a password history).
 *       Runs inside the write's transaction, again if the transaction is retried.</li>
 *   <li>{@link #references}: the engine checks, in the write's transaction, that each one exists, and
 *       records them so that a referenced document cannot be deleted. For a document with problems, it checks those
 *       at paths without a problem, and refuses the write with all the problems at once: the name's, the fields'
 *       in the order {@code validate} found them, then the references'. Preparation and what follows run only on
 *       valid documents.</li>
 *   <li>The engine stores the document, with the values of {@link #secretFields} kept apart, encrypted.</li>
 * </ol>
 * Once a write is committed, the engine runs {@link #afterCommit} (not for dry runs), whatever path the write
 * came by: HTTP, an import, a restore, the CLI.
 * A document named by {@link #builtIns} always exists and cannot be changed or deleted.
 * Every hook has a default that does nothing, so a kind overrides only what it needs; {@link #example} has
 * none, so that no kind can be added without one.
 */
public interface ResourceStrategy {

    /**
     * A new, minimal, valid document of this kind named {@code name}, with a value in each secret field a client
     * may send. The conformance tests write it to every kind; the documents it {@link #references} are the
     * examples of their kinds under the referenced names, so they can be created first.
     */
    ObjectNode example(String name);

    /** Adds defaults to a document about to be written. */
    default void applyDefaults(ObjectNode document) {
    }

    /** Reports everything wrong with {@code document}; paths are relative to the document. */
    default void validate(ObjectNode document, Problems problems) {
    }

    /** Slow preparation of a valid document, outside the transaction. May throw {@link InvalidException}. */
    default void prepare(ObjectNode document) {
    }

    /**
     * Completes the document from the version it replaces ({@code stored}, null when it is new), inside the
     * write's transaction. Must be quick; may throw {@link InvalidException}.
     */
    default void mergeWithStored(ObjectNode document, ObjectNode stored) {
    }

    /**
     * Completes a document restored from an export bundle, in place of {@link #mergeWithStored}, inside the
     * import's transaction. The document is the bundle's copy, with its secret fields when the bundle carried
     * them, so it may hold what clients cannot send (e.g. a password hash); an override must check what it
     * keeps of that. By default the same as {@link #mergeWithStored}.
     */
    default void mergeImported(ObjectNode document, ObjectNode stored) {
        mergeWithStored(document, stored);
    }

    /**
     * The documents that {@code document} names and that must therefore exist, each with its path. Runs on invalid
     * documents too (whose other problems are reported with those of their references), so it must not throw
     * whatever the document holds; a reference at a path with a problem is not checked.
     */
    default List<Reference> references(ObjectNode document) {
        return List.of();
    }

    /**
     * The resources that {@link #references} may name. Export and import order the kinds by it, so that a
     * referenced document always comes before the documents that name it.
     */
    default Set<String> referencedResources() {
        return Set.of();
    }

    /** Top-level fields whose values are secret: never returned, never stored in plain text. */
    default Set<String> secretFields() {
        return Set.of();
    }

    /**
     * Fields that say where the secrets are sent (hosts, ports, proxies, CAs). When a write changes any of
     * them, a stored secret is not carried over: the client must send it again, or anyone allowed to edit
     * the document could point it at their own server and have the stored secret delivered there.
     */
    default Set<String> secretDestinationFields() {
        return Set.of();
    }

    /** Whether a set secret shows as {@code "********"} in responses (true) or is left out entirely. */
    default boolean masksSecrets() {
        return true;
    }

    /** Documents that always exist, as the engine creates them at start; they cannot be changed or deleted. */
    default List<ObjectNode> builtIns() {
        return List.of();
    }

    /** Top-level fields that {@code GET /api/v1/<res>?<field>=<value>} can filter on. */
    default Set<String> filterFields() {
        return Set.of();
    }

    /** The value of a filterable field in a stored document, as text, or null when it has none. */
    default String filterValue(ObjectNode document, String field) {
        JsonNode value = document.get(field);
        return value != null && value.isValueNode() && !value.isNull() ? value.asText() : null;
    }

    /** Keys a request may carry beside the wrapper key, e.g. {@code sendWelcomeEmail} for users. */
    default Set<String> requestOptions() {
        return Set.of();
    }

    /**
     * What follows a committed write (Kubernetes' AfterCreate/AfterUpdate/AfterDelete): e.g. a welcome e-mail, a
     * connection's monitoring restarted. Runs once per committed change, outside the transaction; must not throw.
     * What it returns is added to the front of the write's answer, e.g. {@code sendEmailStatus}.
     */
    default Map<String, String> afterCommit(Committed write, Effects effects) {
        return Map.of();
    }
}
