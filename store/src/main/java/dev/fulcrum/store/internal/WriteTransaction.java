package dev.fulcrum.store.internal;

import dev.fulcrum.store.Actor;
import dev.fulcrum.store.AuditEntry;
import dev.fulcrum.store.DocumentKey;
import dev.fulcrum.store.DocumentTransaction;
import dev.fulcrum.store.StoredDocument;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One attempt of a write transaction of {@link JdbiDocumentStore}; {@code changed} collects the resources whose list
 * totals it changes.
 */
final class WriteTransaction implements DocumentTransaction {
    private static final Logger LOG = LoggerFactory.getLogger(JdbiDocumentStore.class); // the store's log, as ever
    private final Handle handle;
    private final DocumentWriteDao dao;
    private final Actor actor;
    private final Set<String> changed;
    private AuditDao audit;

    WriteTransaction(Handle handle, Actor actor, Set<String> changed) {
        this.handle = handle;
        this.dao = handle.attach(DocumentWriteDao.class);
        this.actor = actor;
        this.changed = changed;
    }

    @Override
    public Optional<StoredDocument> findCurrent(String resource, String name) {
        return dao.findForUpdate(resource, name);
    }

    @Override
    public boolean lockIfExists(String resource, String name) {
        return dao.lock(resource, name).isPresent();
    }

    @Override
    public StoredDocument insert(String resource, String name, String body, String secrets) {
        OffsetDateTime now = now();
        long version = dao.lastRecordedVersion(resource, name) + 1;
        dao.insert(resource, name, body, secrets, version, now);
        dao.record(resource, name, version, "create", body, secrets, actor, now);
        changed.add(resource);
        return new StoredDocument(resource, name, body, secrets, version, now.toInstant(), now.toInstant());
    }

    @Override
    public long audit(AuditEntry entry, boolean withId) {
        if (audit == null) {
            audit = handle.attach(AuditDao.class); // only API requests are audited: not attached to every write
        }
        if (!withId) {
            JdbiAuditStore.insertQuietly(audit, entry);
            return 0;
        }
        return JdbiAuditStore.insert(audit, entry);
    }

    @Override
    public StoredDocument update(StoredDocument previous, String body, String secrets) {
        OffsetDateTime now = now();
        long version = nextVersion(previous);
        if (dao.update(previous.resource(), previous.name(), previous.version(), body, secrets, version, now) == 0) {
            throw new ConcurrentWriteException();
        }
        dao.record(previous.resource(), previous.name(), version, "update", body, secrets, actor, now);
        return new StoredDocument(previous.resource(), previous.name(), body, secrets, version,
                previous.createdAt(), now.toInstant());
    }

    @Override
    public void delete(StoredDocument current) {
        if (dao.delete(current.resource(), current.name(), current.version()) == 0) {
            throw new ConcurrentWriteException();
        }
        dao.record(current.resource(), current.name(), nextVersion(current), "delete", current.body(), current.secrets(),
                actor, now());
        changed.add(current.resource());
    }

    /**
     * The version after {@code current}: one above the newer of its own version and its history's newest, so a
     * document whose history ran ahead of it (in a database written before issue 11) takes writes again instead
     * of colliding with its own history for ever.
     */
    private long nextVersion(StoredDocument current) {
        long recorded = dao.lastRecordedVersion(current.resource(), current.name());
        if (recorded > current.version()) {
            LOG.warn("{} '{}' is at version {} but its history at {}; its next version is {}", current.resource(),
                    current.name(), current.version(), recorded, recorded + 1);
        }
        return Math.max(recorded, current.version()) + 1;
    }

    @Override
    public void replaceReferences(String resource, String name, Collection<DocumentKey> targets) {
        dao.deleteReferences(resource, name);
        if (!targets.isEmpty()) {
            dao.insertReferences(resource, name, new LinkedHashSet<>(targets));
        }
    }

    @Override
    public List<DocumentKey> referencedBy(String resource, String name) {
        return dao.referencedBy(resource, name);
    }

    @Override
    public void replaceFieldValues(String resource, String name, Map<String, String> values) {
        changed.add(resource);
        dao.deleteFieldValues(resource, name);
        if (!values.isEmpty()) {
            dao.insertFieldValues(resource, name, new ArrayList<>(values.keySet()), new ArrayList<>(values.values()));
        }
    }

    private static OffsetDateTime now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
    }
}
