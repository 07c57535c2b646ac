package dev.fulcrum.store.internal;

import dev.fulcrum.store.Actor;
import dev.fulcrum.store.AuditEntry;
import dev.fulcrum.store.Change;
import dev.fulcrum.store.DocumentKey;
import dev.fulcrum.store.DocumentTransaction;
import dev.fulcrum.store.StoredDocument;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One attempt of a write transaction of {@link JdbiDocumentStore}; {@code changed} collects the resources whose list
 * totals it changes. Each statement stands beside the one method that runs it, through JDBI's fluent API on the
 * transaction's handle rather than an attached SqlObject DAO: a write runs five to eight statements, and the DAO's
 * attach and per-call machinery cost a fifth of durable write throughput (bench/RESULTS.md, issue 12). The store's
 * other SQL is in its DAOs.
 */
final class WriteTransaction implements DocumentTransaction {
    private static final Logger LOG = LoggerFactory.getLogger(JdbiDocumentStore.class); // the store's log, as ever
    private static final DocumentRowMapper ROWS = new DocumentRowMapper();
    private final Handle handle;
    private final Dialect dialect;
    private final Actor actor;
    private final Set<String> changed;
    private final ReferenceGuards.Lease guard;
    private final H2LockingRead lockingRead;
    /**
     * Documents this transaction created whose references, and whose field values, it has not recorded yet: there are
     * none to delete first (a deleted document's went with it, ON DELETE CASCADE), so a create runs two statements fewer.
     */
    private final Set<DocumentKey> withoutReferences = new HashSet<>(2);
    private final Set<DocumentKey> withoutFieldValues = new HashSet<>(2);
    /**
     * The newest history version of each document this transaction read or wrote: a write reads it once, in
     * {@link #findCurrent}, and it cannot change under the row lock held from there.
     */
    private final Map<DocumentKey, Long> newestRecorded = new HashMap<>(2);
    /** Whether this transaction recorded a change, and so an event of the change stream. */
    private boolean recorded;
    /** Whether this transaction has written anything but row locks and restorations (see {@link #nothingToUndo}). */
    private boolean wrote;

    /** @param lockingRead H2's prepared once per connection; null on PostgreSQL, whose driver keeps its statements */
    WriteTransaction(Handle handle, Dialect dialect, Actor actor, Set<String> changed, ReferenceGuards.Lease guard,
                     H2LockingRead lockingRead) {
        this.handle = handle;
        this.lockingRead = lockingRead;
        this.dialect = dialect;
        this.actor = actor;
        this.changed = changed;
        this.guard = guard;
    }

    /** What a write reads of the document it replaces: locked, so that the next writer waits for this one. */
    private static final String FIND_FOR_UPDATE = DocumentDao.FIND + " FOR UPDATE";

    @Override
    public Optional<StoredDocument> findCurrent(String resource, String name) {
        Optional<StoredDocument> row = lockingRead != null ? lockingRead.find(handle.getConnection(), resource, name)
                : handle.createQuery(FIND_FOR_UPDATE).bind("resource", resource).bind("name", name).map(ROWS).findOne();
        if (row.isEmpty()) {
            return row;
        }
        long recorded = lastRecordedVersion(resource, name);
        return recorded > row.get().version() ? restoreFromHistory(row.get(), recorded) : row;
    }

    private static final String RECORDED = "SELECT change_type, body, secrets, changed_at FROM document_history"
            + " WHERE resource = :resource AND name = :name AND version = :version";
    private static final String RESTORE = "UPDATE documents SET body = :body, secrets = :secrets, version = :version,"
            + " updated_at = :at WHERE resource = :resource AND name = :name AND version = :previous";

    private record Recorded(String change, String body, String secrets, OffsetDateTime at) {
    }

    /**
     * A row older than its history's newest entry lost an acknowledged write: H2 can put back a row as it was before
     * a lock wait when it rolls a transaction back (seen in a plain-JDBC reproduction of racing optimistic updates on
     * 2.5.252, and once in PatchRaceTest), and Fulcrum before issue 11 could leave such rows. The history is what was
     * acknowledged, so the row becomes its newest entry again (or is deleted, as recorded) before this write builds on
     * it: the write's base is never the lost version.
     */
    private Optional<StoredDocument> restoreFromHistory(StoredDocument row, long recorded) {
        Recorded entry = handle.createQuery(RECORDED).bind("resource", row.resource()).bind("name", row.name())
                .bind("version", recorded).map((rs, ctx) -> new Recorded(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getObject(4, OffsetDateTime.class))).one();
        if ("delete".equals(entry.change()) && !handle.createQuery(DocumentDao.REFERENCED_BY).bind("resource", row.resource())
                .bind("name", row.name()).mapTo(DocumentKey.class).list().isEmpty()) {
            LOG.warn("{} '{}' is at version {} but its history deleted it at {}; it is referenced since, so it stays",
                    row.resource(), row.name(), row.version(), recorded); // deleting it would leave references dangling
            return Optional.of(row);
        }
        LOG.warn("{} '{}' was at version {} but its history at {}; restored from the history", row.resource(), row.name(),
                row.version(), recorded);
        dialect.announce(handle, new Change(row.resource(), row.name())); // not "wrote": kept even if this write fails
        if ("delete".equals(entry.change())) {
            delete(row.resource(), row.name(), row.version()); // and its references and field values, by cascade
            changed.add(row.resource());
            return Optional.empty();
        }
        OffsetDateTime at = entry.at();
        String body = entry.body();
        String secrets = entry.secrets();
        int restored = handle.createUpdate(RESTORE).bind("resource", row.resource()).bind("name", row.name())
                .bind("previous", row.version()).bind("version", recorded).bind("body", body).bind("secrets", secrets)
                .bind("at", at).execute();
        if (restored == 0) {
            throw new ConcurrentWriteException();
        }
        return Optional.of(new StoredDocument(row.resource(), row.name(), body, secrets, recorded, row.createdAt(),
                at.toInstant()));
    }

    @Override
    public boolean lockIfExists(String resource, String name) {
        if (dialect.guardsReferences) {
            guard.hold(handle);
        }
        return handle.createQuery(dialect.lockReferenced).bind("resource", resource).bind("name", name).mapTo(Long.class).findOne()
                .isPresent();
    }

    private static final String INSERT = "INSERT INTO documents (" + DocumentDao.COLUMNS + ")"
            + " VALUES (:resource, :name, :body, :secrets, :version, :now, :now)";

    @Override
    public StoredDocument insert(String resource, String name, String body, String secrets) {
        wrote = true;
        OffsetDateTime now = now();
        long version = lastRecordedVersion(resource, name) + 1;
        handle.createUpdate(INSERT).bind("resource", resource).bind("name", name).bind("body", body)
                .bind("secrets", secrets).bind("version", version).bind("now", now).execute();
        record(resource, name, version, "create", body, secrets, now);
        changed.add(resource);
        withoutReferences.add(new DocumentKey(resource, name));
        withoutFieldValues.add(new DocumentKey(resource, name));
        return new StoredDocument(resource, name, body, secrets, version, now.toInstant(), now.toInstant());
    }

    @Override
    public long audit(AuditEntry entry, boolean withId) {
        wrote = true;
        return JdbiAuditStore.insert(handle, entry, withId);
    }

    /** Changes nothing when the row is no longer at {@code :previous}. */
    private static final String UPDATE = "UPDATE documents SET body = :body, secrets = :secrets, version = :version,"
            + " updated_at = :now WHERE resource = :resource AND name = :name AND version = :previous";

    @Override
    public StoredDocument update(StoredDocument previous, String body, String secrets) {
        wrote = true;
        OffsetDateTime now = now();
        long version = nextVersion(previous);
        int updated = handle.createUpdate(UPDATE).bind("resource", previous.resource()).bind("name", previous.name())
                .bind("previous", previous.version()).bind("body", body).bind("secrets", secrets)
                .bind("version", version).bind("now", now).execute();
        if (updated == 0) {
            throw new ConcurrentWriteException();
        }
        record(previous.resource(), previous.name(), version, "update", body, secrets, now);
        return new StoredDocument(previous.resource(), previous.name(), body, secrets, version,
                previous.createdAt(), now.toInstant());
    }

    /** Deletes nothing when the row is no longer at {@code :version}. */
    private static final String DELETE = "DELETE FROM documents WHERE resource = :resource AND name = :name"
            + " AND version = :version";

    @Override
    public void delete(StoredDocument current) {
        wrote = true;
        delete(current.resource(), current.name(), current.version());
        record(current.resource(), current.name(), nextVersion(current), "delete", current.body(), current.secrets(),
                now());
        changed.add(current.resource());
    }

    private void delete(String resource, String name, long version) {
        int deleted = handle.createUpdate(DELETE).bind("resource", resource).bind("name", name).bind("version", version)
                .execute();
        if (deleted == 0) {
            throw new ConcurrentWriteException();
        }
    }

    /**
     * The history entry of every insert, update and delete, in the write's transaction (read by {@link HistoryDao}),
     * and its announcement to the other instances.
     */
    private static final String RECORD = "INSERT INTO document_history (" + HistoryDao.COLUMNS + ") VALUES (:resource,"
            + " :name, :version, :change, :body, :secrets, :token, :user, :at, :tokenId)";

    private void record(String resource, String name, long version, String change, String body, String secrets,
                        OffsetDateTime at) {
        dialect.announce(handle, new Change(resource, name)); // every change of a document is recorded here
        handle.createUpdate(RECORD).bind("resource", resource).bind("name", name).bind("version", version)
                .bind("change", change).bind("body", body).bind("secrets", secrets).bind("token", actor.token())
                .bind("user", actor.user()).bind("at", at).bind("tokenId", actor.tokenId()).execute();
        recorded = true;
        newestRecorded.put(new DocumentKey(resource, name), version);
        handle.createUpdate(EVENT).bind("resource", resource).bind("name", name).bind("version", version)
                .bind("at", at).execute();
    }

    /**
     * The change stream's event of each history entry, without a position: {@link JdbiDocumentEvents#sequence} gives
     * it one once this transaction has committed.
     */
    private static final String EVENT = "INSERT INTO document_events (resource, name, version, recorded_at)"
            + " VALUES (:resource, :name, :version, :at)";

    /**
     * The newest version the history holds of a name, none when none: the last entry of the primary key's index for
     * the name, read backwards (H2's MAX(version) for the name went through every version: 6.5% of an update's CPU
     * samples with a few dozen versions each).
     */
    private static final String LAST_RECORDED_VERSION = "SELECT version FROM document_history"
            + " WHERE resource = :resource AND name = :name ORDER BY resource DESC, name DESC, version DESC"
            + " FETCH FIRST ROW ONLY";

    private long lastRecordedVersion(String resource, String name) {
        DocumentKey key = new DocumentKey(resource, name);
        Long known = newestRecorded.get(key);
        if (known == null) {
            known = handle.createQuery(LAST_RECORDED_VERSION).bind("resource", resource).bind("name", name)
                    .mapTo(Long.class).findOne().orElse(0L);
            newestRecorded.put(key, known);
        }
        return known;
    }

    /**
     * The version after {@code current}: one above the newer of its own version and its history's newest, so a
     * document whose history ran ahead of it (in a database written before issue 11) takes writes again instead
     * of colliding with its own history for ever.
     */
    private long nextVersion(StoredDocument current) {
        long recorded = lastRecordedVersion(current.resource(), current.name());
        if (recorded > current.version()) {
            LOG.warn("{} '{}' is at version {} but its history at {}; its next version is {}", current.resource(),
                    current.name(), current.version(), recorded, recorded + 1);
        }
        return Math.max(recorded, current.version()) + 1;
    }

    private static final String DELETE_REFERENCES = "DELETE FROM document_refs"
            + " WHERE from_resource = :resource AND from_name = :name";
    private static final String INSERT_REFERENCE = "INSERT INTO document_refs (from_resource, from_name, to_resource,"
            + " to_name) VALUES (:resource, :name, :toResource, :toName)";

    @Override
    public void replaceReferences(String resource, String name, Collection<DocumentKey> targets) {
        wrote = true;
        if (!withoutReferences.remove(new DocumentKey(resource, name))) {
            handle.createUpdate(DELETE_REFERENCES).bind("resource", resource).bind("name", name).execute();
        }
        if (targets.isEmpty()) {
            return;
        }
        PreparedBatch batch = handle.prepareBatch(INSERT_REFERENCE);
        for (DocumentKey target : new LinkedHashSet<>(targets)) {
            batch.bind("resource", resource).bind("name", name).bind("toResource", target.resource())
                    .bind("toName", target.name()).add();
        }
        batch.execute();
    }

    @Override
    public List<DocumentKey> referencedBy(String resource, String name) {
        if (dialect.guardsReferences) {
            ReferenceGuards.holdAll(handle);
        }
        return handle.createQuery(DocumentDao.REFERENCED_BY).bind("resource", resource).bind("name", name)
                .mapTo(DocumentKey.class).list();
    }

    private static final String DELETE_FIELD_VALUES = "DELETE FROM document_fields"
            + " WHERE resource = :resource AND name = :name";
    private static final String INSERT_FIELD_VALUE = "INSERT INTO document_fields (resource, name, field, field_value)"
            + " VALUES (:resource, :name, :field, :value)";

    @Override
    public void replaceFieldValues(String resource, String name, Map<String, String> values) {
        wrote = true;
        changed.add(resource);
        if (!withoutFieldValues.remove(new DocumentKey(resource, name))) {
            handle.createUpdate(DELETE_FIELD_VALUES).bind("resource", resource).bind("name", name).execute();
        }
        if (values.isEmpty()) {
            return;
        }
        PreparedBatch batch = handle.prepareBatch(INSERT_FIELD_VALUE);
        values.forEach((field, value) -> batch.bind("resource", resource).bind("name", name).bind("field", field)
                .bind("value", value).add());
        batch.execute();
    }

    /**
     * Whether this transaction only read and locked rows, or restored rows from their history: then it ends with a
     * commit even when it fails. There is nothing to undo (a restored row is what was acknowledged, and the failed
     * write's retry builds on it), and H2's rollback of a row lock taken after a wait can put back the row as it was
     * before the wait, undoing the write it waited for (issue 11 saw this with optimistic updates, a PATCH race lost a
     * field once on 2026-12-01 with unique versions, and a plain-JDBC reproduction of racing optimistic updates with
     * lock timeouts lost committed updates in 4 of about 210 launches on H2 2.5.252, bench/H2LostUpdate.java).
     */
    boolean nothingToUndo() {
        return !wrote;
    }

    boolean recorded() {
        return recorded;
    }

    private static OffsetDateTime now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
    }
}
