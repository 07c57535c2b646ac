package dev.fulcrum.app.engine;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fulcrum.app.Json;
import dev.fulcrum.app.access.AccessPolicy;
import dev.fulcrum.app.crypto.SecretBox;
import dev.fulcrum.model.ConflictException;
import dev.fulcrum.model.Effects;
import dev.fulcrum.model.ForbiddenException;
import dev.fulcrum.model.Kind;
import dev.fulcrum.model.NotFoundException;
import dev.fulcrum.model.PreconditionFailedException;
import dev.fulcrum.model.Problems;
import dev.fulcrum.model.Reference;
import dev.fulcrum.model.Registry;
import dev.fulcrum.store.DocumentKey;
import dev.fulcrum.store.DocumentStore;
import dev.fulcrum.store.StoreBusyException;
import dev.fulcrum.store.StoredDocument;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The one engine behind every kind: reads, and writes through the same pipeline of name check,
 * defaults, validation, preparation, reference checks, secret sealing and one transaction.
 */
public final class ResourceEngine {
    private final Registry kinds;
    private final DocumentStore store;
    private final DocumentReads reads;
    private final Secrets secrets;
    private final DocumentWriter writer;
    private final Set<String> readOnlyResources;
    private final DocumentHistory history;
    private final DocumentLocks locks;
    private final Duration writeTimeout;
    private final AfterCommit afterCommit = new AfterCommit();

    /**
     * @param readOnlyResources resources whose documents come from configuration; writes to them are refused
     * @param writeTimeout      how long a write may wait for its turn, and retry, before it is refused (a 503)
     */
    public ResourceEngine(Registry kinds, DocumentStore store, SecretBox box, Set<String> readOnlyResources,
                          AuditSink auditSink, Duration writeTimeout) {
        this.kinds = kinds;
        this.store = store;
        this.reads = new DocumentReads(store);
        this.writeTimeout = writeTimeout;
        this.locks = new DocumentLocks(writeTimeout);
        this.secrets = new Secrets(box);
        this.writer = new DocumentWriter(kinds, store, secrets, auditSink);
        this.readOnlyResources = Set.copyOf(readOnlyResources);
        this.history = new DocumentHistory(this);
    }

    /** The kinds this engine serves. */
    public Registry kinds() {
        return kinds;
    }

    /** Every read of stored documents: the engine only writes. */
    public DocumentReads reads() {
        return reads;
    }

    /**
     * What after-commit hooks may do, once the server has built its services (the connection monitor needs the
     * engine first). Until then, and in the CLI, {@link Effects#NONE}.
     */
    public void provide(Effects effects) {
        afterCommit.provide(effects);
    }

    /** A document's public form and its decrypted secrets, read together from one stored version. */
    public record WithSecrets(ObjectNode document, ObjectNode secrets, long version) {
    }

    /** A document and its decrypted secrets, if it exists; for tests of connections and password checks. */
    public Optional<WithSecrets> withSecrets(Kind kind, String name) {
        return reads.find(kind, name).map(stored -> new WithSecrets(Json.parseStored(stored.body()), secrets.open(stored.secrets()),
                stored.version()));
    }

    /**
     * Creates or replaces the document named in its body ({@code urlName} null), or replaces the
     * existing document {@code urlName} (404 when it does not exist).
     */
    public WriteOutcome write(Kind kind, ObjectNode document, String urlName) {
        return write(kind, document, urlName, WriteOptions.NONE);
    }

    /** A write with conditions (If-Match, If-None-Match) or as a dry run; see {@link WriteOptions}. */
    public WriteOutcome write(Kind kind, ObjectNode document, String urlName, WriteOptions options) {
        String name = urlName != null ? urlName : document.path("name").asText("");
        requireWritable(kind, name);
        requireDryRunReadable(kind, options);
        return afterCommit.committed(kind, name, inTurn(kind, name, () -> writeUnchecked(kind, document, urlName, options)), options);
    }

    /**
     * Applies a JSON merge patch (RFC 7396) to the stored document and writes the result like any write.
     * Without If-Match, a patch is applied to whatever version is current when its turn comes: writers of this
     * process take turns, so only a write from elsewhere (the CLI, another instance) can come between the read and
     * the write, and then the patch is applied again to the newer version, until the write timeout. Never a 412
     * without If-Match.
     */
    public WriteOutcome patch(Kind kind, String name, ObjectNode patch, WriteOptions options) {
        requireWritable(kind, name);
        requireDryRunReadable(kind, options);
        DocumentNames.requireValid(kind, name);
        long deadline = System.nanoTime() + writeTimeout.toNanos();
        return afterCommit.committed(kind, name, inTurn(kind, name, () -> {
            while (true) {
                StoredDocument current;
                try {
                    current = reads.read(kind, name);
                } catch (NotFoundException absent) {
                    if (options.ifMatch() != null || options.mustExist()) {
                        throw new PreconditionFailedException("the " + kind.singular() + " does not exist (If-Match)",
                                kind.singular(), null);
                    }
                    throw absent;
                }
                ObjectNode merged = MergePatch.apply(Json.parseStored(current.body()), patch, kind.strategy().secretFields());
                long expected = options.ifMatch() != null ? options.ifMatch() : current.version();
                try {
                    return writeUnchecked(kind, merged, name, options.atVersion(expected));
                } catch (PreconditionFailedException stale) {
                    if (options.ifMatch() != null) {
                        throw stale;
                    }
                    if (System.nanoTime() - deadline >= 0) {
                        throw new StoreBusyException(kind.singular() + " '" + name + "' kept changing under the patch for "
                                + writeTimeout.toMillis() + " ms; nothing was stored, try again", stale);
                    }
                }
            }
        }), options);
    }

    /**
     * Writes a document in its stored form, secrets included, as an import does (completed by the strategy's
     * {@code mergeImported}, not validated as a client's write), and only over {@code version}: the server's own
     * upkeep, such as a password re-hashed with this server's parameters. A 412 when the version is not current.
     */
    public WriteOutcome rewrite(Kind kind, ObjectNode document, long version) {
        String name = document.path("name").asText();
        WriteOptions options = WriteOptions.NONE.atVersion(version).asImported();
        return afterCommit.committed(kind, name, inTurn(kind, name, () -> writer.store(kind, document, name, null, options)), options);
    }

    public void delete(Kind kind, String name) {
        delete(kind, name, WriteOptions.NONE);
    }

    public void delete(Kind kind, String name, WriteOptions options) {
        DocumentNames.requireValid(kind, name);
        requireWritable(kind, name);
        inTurn(kind, name, () -> {
            deleteUnchecked(kind, name, options);
            return null;
        });
        if (!options.dryRun()) {
            afterCommit.deleted(kind, name, options);
        }
    }

    /** A dry run is free and unaudited, so it may not tell the caller which documents it may not read exist. */
    private void requireDryRunReadable(Kind kind, WriteOptions options) {
        if (options.dryRun() && options.caller() != null) {
            AccessPolicy.requireReadableReferences(options.caller(), kind, kinds, "a dry run");
        }
    }

    /** Runs {@code write} in this document's turn (see {@link DocumentLocks}). */
    @SuppressWarnings("try") // the turn is held for the block and never referenced: that is what it is for
    <T> T inTurn(Kind kind, String name, Supplier<T> write) {
        try (DocumentLocks.Turn turn = locks.await(kind.resource(), name)) {
            return write.get();
        }
    }

    private void deleteUnchecked(Kind kind, String name, WriteOptions options) {
        writer.inTransaction(options, tx -> {
            Optional<StoredDocument> current = tx.findCurrent(kind.resource(), name);
            DocumentWriter.checkPreconditions(kind, current, options);
            if (current.isPresent()) {
                DocumentWriter.guard(options.caller(), kind, Json.parseStored(current.get().body()), null, tx);
            }
            List<DocumentKey> dependents = tx.referencedBy(kind.resource(), name);
            if (!dependents.isEmpty()) {
                throw new ConflictException("cannot delete " + kind.resource() + " '" + name + "': it is used by "
                        + dependents.stream().map(key -> key.resource() + " '" + key.name() + "'")
                        .collect(Collectors.joining(", ")) + "; change or delete those first",
                        dependents.stream().map(key -> new Reference(key.resource(), key.name(), "")).toList());
            }
            if (current.isEmpty()) {
                throw new NotFoundException();
            }
            tx.delete(current.get());
            writer.audit(tx, options.origin(), kind, name, 200,
                    DocumentWriter.changedFields(Json.parseStored(current.get().body()), null, List.of()));
            return null;
        });
    }

    /** Creates or restores the documents every kind declares as built in. */
    public void ensureBuiltIns() {
        for (Kind kind : kinds.all()) {
            for (ObjectNode builtIn : kind.strategy().builtIns()) {
                ObjectNode document = builtIn.deepCopy();
                String name = document.get("name").asText();
                Optional<StoredDocument> stored = store.find(kind.resource(), name);
                kind.strategy().applyDefaults(document);
                if (stored.isEmpty() || !Json.parseStored(stored.get().body()).equals(document)) {
                    writeUnchecked(kind, document, null);
                }
            }
        }
    }

    /** Makes the documents of a read-only kind exactly {@code documents}, as configuration says. */
    public void replaceAllFromConfig(Kind kind, List<ObjectNode> documents) {
        Set<String> keep = documents.stream().map(doc -> doc.path("name").asText()).collect(Collectors.toSet());
        for (ObjectNode document : documents) {
            writeUnchecked(kind, document.deepCopy(), null);
        }
        for (StoredDocument stale : store.list(kind.resource())) {
            if (!keep.contains(stale.name())) {
                deleteUnchecked(kind, stale.name(), WriteOptions.NONE); // a 409 here stops the start: something still uses it
            }
        }
    }

    /** Runs a write's name check, defaults and validation on {@code document}, and stores nothing. */
    public void validateOnly(Kind kind, ObjectNode document) {
        Problems problems = new Problems(kind.singular());
        DocumentNames.check(kind, document, null, problems);
        kind.strategy().applyDefaults(document);
        kind.strategy().validate(document, problems);
        UndeclaredSecrets.check(kind, document, problems);
        problems.throwIfAny();
    }

    private WriteOutcome writeUnchecked(Kind kind, ObjectNode document, String urlName) {
        return writeUnchecked(kind, document, urlName, WriteOptions.NONE);
    }

    private WriteOutcome writeUnchecked(Kind kind, ObjectNode document, String urlName, WriteOptions options) {
        Checked checked = checkAndPrepare(kind, document, urlName);
        return writer.store(kind, document, checked, urlName, options);
    }

    /**
     * A document after the half of its write that runs before the transaction: its name (null when that is wrong),
     * and the problems found so far (its name's, then its fields'). With problems, the write's transaction adds
     * those of the references and refuses them all at once (see {@link DocumentWriter#plan}).
     */
    record Checked(String name, Problems problems) {
    }

    /**
     * The half of every write that runs before its transaction: name check, defaults, validation and, for a valid
     * document, the strategy's (slow) preparation, on {@code document} in place. Problems are collected, not thrown.
     */
    Checked checkAndPrepare(Kind kind, ObjectNode document, String urlName) {
        Problems problems = new Problems(kind.singular());
        String name = DocumentNames.check(kind, document, urlName, problems);
        kind.strategy().applyDefaults(document);
        kind.strategy().validate(document, problems);
        UndeclaredSecrets.check(kind, document, problems);
        if (!problems.any()) {
            kind.strategy().prepare(document);
        }
        return new Checked(name, problems);
    }

    /** Runs the after-commit hooks of writes made outside the engine's own methods (restores, imports). */
    WriteOutcome committed(Kind kind, String name, WriteOutcome outcome, WriteOptions options) {
        return afterCommit.committed(kind, name, outcome, options);
    }

    /** Every document's history, and restores from it. */
    public DocumentHistory history() {
        return history;
    }

    DocumentStore store() {
        return store;
    }

    DocumentWriter writer() {
        return writer;
    }

    Secrets secrets() {
        return secrets;
    }

    /** Whether configuration fixes the documents of this kind (see {@code fixedConnections}). */
    boolean isReadOnly(Kind kind) {
        return readOnlyResources.contains(kind.resource());
    }



    void requireWritable(Kind kind, String name) {
        if (readOnlyResources.contains(kind.resource())) {
            throw new ForbiddenException(kind.resource() + " are fixed by configuration (fixedConnections: true);"
                    + " change them in config.yaml instead");
        }
        if (DocumentNames.builtIn(kind, name).isPresent()) {
            throw new ForbiddenException(kind.singular() + " '" + name + "' is built in and cannot be changed or deleted");
        }
    }
}
