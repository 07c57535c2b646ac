package dev.fulcrum.app.engine;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fulcrum.app.Json;
import dev.fulcrum.app.access.AccessPolicy;
import dev.fulcrum.app.access.Escalation;
import dev.fulcrum.app.access.Principal;
import dev.fulcrum.model.InvalidException;
import dev.fulcrum.model.Kind;
import dev.fulcrum.model.NotFoundException;
import dev.fulcrum.model.PreconditionFailedException;
import dev.fulcrum.model.Problems;
import dev.fulcrum.model.Reference;
import dev.fulcrum.model.Registry;
import dev.fulcrum.store.AuditEntry;
import dev.fulcrum.store.DocumentKey;
import dev.fulcrum.store.DocumentStore;
import dev.fulcrum.store.DocumentTransaction;
import dev.fulcrum.store.StoredDocument;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The transaction half of a write, for {@link ResourceEngine}: preconditions, reference checks and
 * locks, secret sealing, the row itself and what goes with it (references, filter values), and dry runs
 * that roll all of it back.
 */
final class DocumentWriter {
    /** Longer field values are not indexed, so they cannot be filtered on. */
    private static final int MAX_FILTER_VALUE = 1000;
    private final Registry kinds;
    private final DocumentStore store;
    private final Secrets secrets;
    private final AuditSink auditSink;

    DocumentWriter(Registry kinds, DocumentStore store, Secrets secrets, AuditSink auditSink) {
        this.kinds = kinds;
        this.store = store;
        this.secrets = secrets;
        this.auditSink = auditSink;
    }

    /** Stores {@code input}, valid as it is (the server's own upkeep), in one transaction (retried as a whole). */
    WriteOutcome store(Kind kind, ObjectNode input, String name, String urlName, WriteOptions options) {
        return store(kind, input, new ResourceEngine.Checked(name, new Problems(kind.singular())), urlName, options);
    }

    /**
     * Stores {@code input}, checked by {@link ResourceEngine#checkAndPrepare}, completed from the version it replaces,
     * in one transaction (retried as a whole); or refuses it with every problem found.
     */
    WriteOutcome store(Kind kind, ObjectNode input, ResourceEngine.Checked checked, String urlName, WriteOptions options) {
        return inTransaction(options, tx -> store(tx, kind, input, checked, urlName, options));
    }

    /**
     * Stores {@code input} in a transaction the caller runs. A write that would store exactly what is stored
     * already writes nothing: no new version, no history or audit entry, so scripts that re-apply the same
     * configuration leave the history alone.
     */
    private WriteOutcome store(DocumentTransaction tx, Kind kind, ObjectNode input, ResourceEngine.Checked checked,
                               String urlName, WriteOptions options) {
        Planned planned = plan(tx, kind, input, checked, urlName, options);
        if (isUnchanged(planned)) {
            StoredDocument current = planned.previous().get();
            return new WriteOutcome(false, current.body(), current.version(), false);
        }
        return commit(tx, planned);
    }

    /**
     * A write worked out in its transaction but not yet stored: the version it replaces (if any), and the
     * public form, body, sealed secrets and references it would store.
     */
    record Planned(Kind kind, String name, Optional<StoredDocument> previous, ObjectNode before, ObjectNode publicForm,
                   String body, String sealed, Set<DocumentKey> targets, boolean sameReferences, List<String> secretsGiven,
                   Origin origin, boolean mayCompareSecrets, int status) {
    }

    /**
     * Completes {@code input} from the version it replaces and checks it (preconditions, references, where
     * secrets go), reading and locking in {@code tx} but writing nothing; {@link #commit} stores the result.
     * Refuses it with one {@link InvalidException} listing every problem, in this order: those {@code checked}
     * carries (the name's, the fields'), then the references' (only those of fields without a problem), then the
     * secrets that must be sent again. A document with problems already is refused before the 404 and the
     * preconditions, as it was checked before the transaction.
     */
    Planned plan(DocumentTransaction tx, Kind kind, ObjectNode input, ResourceEngine.Checked checked, String urlName,
                 WriteOptions options) {
        Problems problems = checked.problems().copy(); // a retried transaction starts again from those
        if (problems.any()) {
            // a write that fails anyway is a free probe: it reports only references the caller could read itself
            checkReferences(kind, kind.strategy().references(input).stream()
                    .filter(reference -> !problems.covers(reference.path()) && mayRead(options.caller(), reference))
                    .toList(), tx, problems);
            problems.throwIfAny();
        }
        String name = checked.name();
        Optional<StoredDocument> previous = tx.findCurrent(kind.resource(), name);
        checkPreconditions(kind, previous, options);
        if (urlName != null && previous.isEmpty() && !options.createIfAbsent()) {
            throw new NotFoundException();
        }
        // what a write changes besides the document: skipped when the previous version had the same,
        // which spares a re-POST of an unchanged cube four statements (measured: POST halved without it)
        ObjectNode before = previous.map(stored -> Json.parseStored(stored.body())).orElse(null);
        ObjectNode document = input.deepCopy(); // a retried transaction starts again from the input
        List<String> secretsGiven = kind.strategy().secretFields().stream()
                .filter(field -> input.has(field) && !Secrets.MASK.equals(input.get(field).asText(null)))
                .sorted().collect(Collectors.toCollection(ArrayList::new));
        if (kind.strategy().holdsSecureJsonData() && input.get(UndeclaredSecrets.DATA) instanceof ObjectNode data) {
            data.fieldNames().forEachRemaining(key -> secretsGiven.add(UndeclaredSecrets.DATA + "." + key)); // names, never values
        }
        if (options.imported()) {
            kind.strategy().mergeImported(document, before);
        } else {
            kind.strategy().mergeWithStored(document, before);
        }
        guard(options.caller(), kind, before, document, tx);
        List<Reference> references = kind.strategy().references(document);
        Set<DocumentKey> targets = keys(references);
        boolean sameReferences = before != null && targets.equals(referencesOf(kind, before));
        if (!sameReferences) {
            targets = checkReferences(kind, references, tx, problems); // the optional ones only where they exist
        }
        ObjectNode publicForm = document; // this attempt's own copy: secrets are split out of it in place
        Set<String> movedTo = before == null ? Set.of() : kind.strategy().secretDestinationFields().stream()
                .filter(field -> !Objects.equals(before.get(field), publicForm.get(field)))
                .collect(Collectors.toCollection(TreeSet::new));
        String sealed = secrets.split(kind.strategy().secretFields(), kind.strategy().holdsSecureJsonData(), publicForm,
                previous.map(StoredDocument::secrets).orElse(null), kind.strategy().masksSecrets(), movedTo, problems);
        problems.throwIfAny();
        return new Planned(kind, name, previous, before, publicForm, Json.write(publicForm), sealed, targets, sameReferences,
                List.copyOf(secretsGiven), options.origin(), options.mayCompareSecrets(), options.status(previous.isEmpty()));
    }

    /**
     * The caller's permissions, checked against the stored ({@code before}, null for a create) and the new document
     * ({@code after}, null for a delete) in the write's transaction: the kind's access rule, then the escalation rule
     * (nothing written may grant more than the caller holds). Writes of the server itself and the CLI have no caller.
     */
    static void guard(Principal caller, Kind kind, ObjectNode before, ObjectNode after, DocumentTransaction tx) {
        if (caller != null) {
            AccessPolicy.requireForDocument(caller, kind, before, after);
            Escalation.check(caller, kind.resource(), before, after,
                    (resource, name) -> tx.findCurrent(resource, name).map(found -> Json.parseStored(found.body())));
        }
    }

    /**
     * Whether a planned write would store exactly what is stored already, secrets included. A write that gives a
     * secret is a change unless its caller may read the secrets anyway ({@link WriteOptions#mayCompareSecrets}):
     * else "unchanged" would tell a guesser that the guess is the stored secret. The secrets are then not even
     * opened, so that timing tells nothing either.
     */
    boolean isUnchanged(Planned planned) {
        return planned.previous().isPresent() && planned.previous().get().body().equals(planned.body())
                && (planned.secretsGiven().isEmpty() || planned.mayCompareSecrets()
                && secrets.open(planned.previous().get().secrets()).equals(secrets.open(planned.sealed())));
    }

    /** Whether the caller (none: the server itself, or the CLI) may read the kind {@code reference} names. */
    private boolean mayRead(Principal caller, Reference reference) {
        return caller == null || kinds.byResource(reference.resource())
                .map(referenced -> AccessPolicy.mayRead(caller, referenced)).orElse(true);
    }

    /** Stores a planned write: the row, its filter values and its references; and audits it. */
    WriteOutcome commit(DocumentTransaction tx, Planned planned) {
        Kind kind = planned.kind();
        String name = planned.name();
        ObjectNode before = planned.before();
        StoredDocument stored = planned.previous().isPresent()
                ? tx.update(planned.previous().get(), planned.body(), planned.sealed())
                : tx.insert(kind.resource(), name, planned.body(), planned.sealed());
        Map<String, String> fieldValues = filterValues(kind, planned.publicForm());
        if (before == null ? !fieldValues.isEmpty() : !fieldValues.equals(filterValues(kind, before))) {
            tx.replaceFieldValues(kind.resource(), name, fieldValues);
        }
        if (!planned.sameReferences() && (before != null || !planned.targets().isEmpty())) {
            tx.replaceReferences(kind.resource(), name, planned.targets());
        }
        audit(tx, planned.origin(), kind, name, planned.status(),
                changedFields(before, planned.publicForm(), planned.secretsGiven()));
        return new WriteOutcome(planned.previous().isEmpty(), stored.body(), stored.version(), true);
    }

    /**
     * Records an API request's change in the audit log, in the change's transaction; the sink gets it once
     * that commits (see {@link #inTransaction}).
     */
    void audit(DocumentTransaction tx, Origin origin, Kind kind, String name, int status, List<String> changedFields) {
        if (origin.audited()) {
            AuditEntry entry = new AuditEntry(0, Instant.now(), origin.actor(), origin.clientAddress(), origin.method(),
                    origin.path(), kind.resource(), name, status, changedFields, origin.requestId());
            if (auditSink == AuditSink.NONE) {
                tx.audit(entry, false); // nobody needs its id: spare the database returning it
            } else {
                PENDING.get().add(entry.withId(tx.audit(entry, true)));
            }
        }
    }

    /** The top-level fields whose values differ between two versions (either may be null), and the secrets given. */
    static List<String> changedFields(ObjectNode before, ObjectNode after, List<String> secretsGiven) {
        Set<String> fields = new TreeSet<>(secretsGiven);
        for (ObjectNode one : Arrays.asList(before, after)) {
            if (one != null) {
                one.fieldNames().forEachRemaining(field -> {
                    if (before == null || after == null || !Objects.equals(before.get(field), after.get(field))) {
                        fields.add(field);
                    }
                });
            }
        }
        return List.copyOf(fields);
    }

    /** The audit entries of the transaction running on this thread, for the sink once it commits. */
    private static final ThreadLocal<List<AuditEntry>> PENDING = ThreadLocal.withInitial(ArrayList::new);

    /**
     * Runs {@code work} in one transaction on behalf of the options' origin (every change in it is recorded in
     * the history and, for an API request, the audit log); a dry run rolls it back and still answers what it
     * would have.
     */
    <T> T inTransaction(WriteOptions options, Function<DocumentTransaction, T> work) {
        Function<DocumentTransaction, T> attempt = tx -> {
            PENDING.get().clear(); // a retried transaction starts again
            return work.apply(tx);
        };
        try {
            if (!options.dryRun()) {
                T result = store.inTransaction(options.origin().actor(), attempt);
                PENDING.get().forEach(auditSink::committed);
                return result;
            }
            store.inTransaction(options.origin().actor(), tx -> {
                throw new DryRun(attempt.apply(tx));
            });
            throw new IllegalStateException("unreachable");
        } catch (DryRun rolledBack) {
            @SuppressWarnings("unchecked")
            T answer = (T) rolledBack.answer;
            return answer;
        } finally {
            PENDING.get().clear();
        }
    }

    /** Carries a dry run's answer out of its transaction, which rolls back. */
    private static final class DryRun extends RuntimeException {
        private final transient Object answer;

        DryRun(Object answer) {
            super(null, null, false, false);
            this.answer = answer;
        }
    }

    static void checkPreconditions(Kind kind, Optional<StoredDocument> current, WriteOptions options) {
        String body = current.map(StoredDocument::body).orElse(null);
        if (options.mustBeNew() && current.isPresent()) {
            throw new PreconditionFailedException(kind.singular() + " '" + current.get().name()
                    + "' already exists (If-None-Match: *)", kind.singular(), body);
        }
        if ((options.mustExist() || options.ifMatch() != null) && current.isEmpty()) {
            throw new PreconditionFailedException("the " + kind.singular() + " does not exist (If-Match)", kind.singular(), null);
        }
        if (options.ifMatch() != null && current.get().version() != options.ifMatch()) {
            throw new PreconditionFailedException("the " + kind.singular() + " changed since it was read: it is now"
                    + " version " + current.get().version() + ", not " + options.ifMatch() + "; merge and retry",
                    kind.singular(), body);
        }
    }

    private static Set<DocumentKey> keys(List<Reference> references) {
        return references.stream().map(ref -> new DocumentKey(ref.resource(), ref.name()))
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    /** The references of a stored document, or null when they cannot be read (it predates a rule). */
    private static Set<DocumentKey> referencesOf(Kind kind, ObjectNode stored) {
        try {
            return keys(kind.strategy().references(stored));
        } catch (RuntimeException unreadable) {
            return null;
        }
    }

    /**
     * Checks and locks what {@code references} name, adding a problem for each required one that does not exist;
     * answers the documents to record as referenced.
     */
    private static Set<DocumentKey> checkReferences(Kind kind, List<Reference> references, DocumentTransaction tx,
                                                    Problems problems) {
        Set<DocumentKey> existing = new LinkedHashSet<>();
        for (Reference reference : references) {
            if (!kind.strategy().referencedResources().contains(reference.resource())) {
                // export and import order kinds by the declared references: an undeclared one would break them
                throw new IllegalStateException(kind.resource() + " reference " + reference.resource()
                        + ", which their strategy's referencedResources() does not declare");
            }
            if (tx.lockIfExists(reference.resource(), reference.name())) {
                existing.add(new DocumentKey(reference.resource(), reference.name()));
            } else if (!reference.optional()) {
                problems.add(reference.path(), "refers to " + reference.resource() + " '" + reference.name()
                        + "', which does not exist");
            }
        }
        return existing;
    }

    static Map<String, String> filterValues(Kind kind, ObjectNode document) {
        Map<String, String> values = new TreeMap<>();
        for (String field : kind.strategy().filterFields()) {
            String value = kind.strategy().filterValue(document, field);
            if (value != null && value.length() <= MAX_FILTER_VALUE) {
                values.put(field, value);
            }
        }
        return values;
    }
}
