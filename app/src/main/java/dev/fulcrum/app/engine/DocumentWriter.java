package dev.fulcrum.app.engine;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fulcrum.app.Json;
import dev.fulcrum.model.Kind;
import dev.fulcrum.model.PreconditionFailedException;
import dev.fulcrum.model.Problems;
import dev.fulcrum.model.Reference;
import dev.fulcrum.model.NotFoundException;
import dev.fulcrum.store.DocumentKey;
import dev.fulcrum.store.DocumentStore;
import dev.fulcrum.store.DocumentTransaction;
import dev.fulcrum.store.StoredDocument;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The transaction half of a write, for {@link ResourceEngine}: preconditions, reference checks and
 * locks, secret sealing, the row itself and what goes with it (references, filter values), and dry runs
 * that roll all of it back.
 */
final class DocumentWriter {
    /** Longer field values are not indexed, so they cannot be filtered on. */
    private static final int MAX_FILTER_VALUE = 1000;
    private final DocumentStore store;
    private final Secrets secrets;

    DocumentWriter(DocumentStore store, Secrets secrets) {
        this.store = store;
        this.secrets = secrets;
    }

    /** Stores {@code input}, completed from the version it replaces, in one transaction (retried as a whole). */
    WriteOutcome store(Kind kind, ObjectNode input, String name, String urlName, WriteOptions options) {
        boolean masked = kind.strategy().masksSecrets();
        return inTransaction(options.dryRun(), tx -> {
            Optional<StoredDocument> previous = tx.findCurrent(kind.resource(), name);
            checkPreconditions(kind, previous, options);
            if (urlName != null && previous.isEmpty()) {
                throw new NotFoundException();
            }
            // what a write changes besides the document: skipped when the previous version had the same,
            // which spares a re-POST of an unchanged cube four statements (measured: POST halved without it)
            ObjectNode before = previous.map(stored -> Json.parseStored(stored.body())).orElse(null);
            ObjectNode document = input.deepCopy(); // a retried transaction starts again from the input
            kind.strategy().mergeWithStored(document, before);
            options.guard().check(before, document);
            List<Reference> references = kind.strategy().references(document);
            Set<DocumentKey> targets = keys(references);
            boolean sameReferences = before != null && targets.equals(referencesOf(kind, before));
            if (!sameReferences) {
                checkReferences(kind, references, tx);
            }
            ObjectNode publicForm = document; // this attempt's own copy: secrets are split out of it in place
            Set<String> movedTo = before == null ? Set.of() : kind.strategy().secretDestinationFields().stream()
                    .filter(field -> !Objects.equals(before.get(field), publicForm.get(field)))
                    .collect(Collectors.toCollection(TreeSet::new));
            String sealed = secrets.split(kind.strategy().secretFields(), publicForm,
                    previous.map(StoredDocument::secrets).orElse(null), masked, movedTo, new Problems(kind.singular()));
            String body = Json.write(publicForm);
            StoredDocument stored = previous.isPresent()
                    ? tx.update(previous.get(), body, sealed)
                    : tx.insert(kind.resource(), name, body, sealed);
            Map<String, String> fieldValues = filterValues(kind, publicForm);
            if (before == null ? !fieldValues.isEmpty() : !fieldValues.equals(filterValues(kind, before))) {
                tx.replaceFieldValues(kind.resource(), name, fieldValues);
            }
            if (!sameReferences && (before != null || !targets.isEmpty())) {
                tx.replaceReferences(kind.resource(), name, targets);
            }
            return new WriteOutcome(previous.isEmpty(), stored.body(), stored.version());
        });
    }

    /** Runs {@code work} in one transaction; a dry run rolls it back and still answers what it would have. */
    <T> T inTransaction(boolean dryRun, java.util.function.Function<DocumentTransaction, T> work) {
        if (!dryRun) {
            return store.inTransaction(work);
        }
        try {
            store.inTransaction(tx -> {
                throw new DryRun(work.apply(tx));
            });
            throw new IllegalStateException("unreachable");
        } catch (DryRun rolledBack) {
            @SuppressWarnings("unchecked")
            T answer = (T) rolledBack.answer;
            return answer;
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
                .collect(Collectors.toCollection(java.util.LinkedHashSet::new));
    }

    /** The references of a stored document, or null when they cannot be read (it predates a rule). */
    private static Set<DocumentKey> referencesOf(Kind kind, ObjectNode stored) {
        try {
            return keys(kind.strategy().references(stored));
        } catch (RuntimeException unreadable) {
            return null;
        }
    }

    private static void checkReferences(Kind kind, List<Reference> references, DocumentTransaction tx) {
        Problems problems = new Problems(kind.singular());
        for (Reference reference : references) {
            if (!tx.lockIfExists(reference.resource(), reference.name())) {
                problems.add(reference.path(), "refers to " + reference.resource() + " '" + reference.name()
                        + "', which does not exist");
            }
        }
        problems.throwIfAny();
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
