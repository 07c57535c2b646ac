package dev.fulcrum.store.internal;

import dev.fulcrum.store.DocumentKey;
import dev.fulcrum.store.DocumentStore;
import dev.fulcrum.store.DocumentTransaction;
import dev.fulcrum.store.StoredDocument;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * Documents over JDBI. Writes are optimistic: an update applies only to the version that was read, and a
 * transaction that lost a race with another writer (or a concurrent insert of the same name) is run again.
 * This avoids SELECT ... FOR UPDATE, which H2 cannot keep parsed (measured: a fifth of a write's CPU).
 */
public final class JdbiDocumentStore implements DocumentStore {
    private static final int ATTEMPTS = 30;
    private static final DocumentRowMapper ROWS = new DocumentRowMapper();
    private final Jdbi jdbi;

    public JdbiDocumentStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public Optional<StoredDocument> find(String resource, String name) {
        return StoreErrors.translate(() -> jdbi.withHandle(handle -> find(handle, DocumentSql.FIND, resource, name)));
    }

    @Override
    public List<StoredDocument> list(String resource) {
        return StoreErrors.translate(() -> jdbi.withHandle(handle ->
                handle.createQuery(DocumentSql.LIST).bind(0, resource).map(ROWS).list()));
    }

    @Override
    public List<DocumentKey> referencedBy(String resource, String name) {
        return StoreErrors.translate(() -> jdbi.withHandle(handle -> referencedBy(handle, resource, name)));
    }

    private static List<DocumentKey> referencedBy(Handle handle, String resource, String name) {
        return handle.createQuery(DocumentSql.REFERENCED_BY).bind(0, resource).bind(1, name)
                .map((rs, ctx) -> new DocumentKey(rs.getString(1), rs.getString(2))).list();
    }

    @Override
    public <T> T inTransaction(Function<DocumentTransaction, T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return StoreErrors.translate(() -> jdbi.inTransaction(handle -> work.apply(new Transaction(handle))));
            } catch (RuntimeException e) {
                if (attempt >= ATTEMPTS || !StoreErrors.isRetryable(e)) {
                    throw e;
                }
                backOff(attempt);
            }
        }
    }

    private static void backOff(int attempt) {
        try {
            Thread.sleep(0, java.util.concurrent.ThreadLocalRandom.current().nextInt(1, 1000 * Math.min(attempt, 20)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Optional<StoredDocument> find(Handle handle, String sql, String resource, String name) {
        return handle.createQuery(sql).bind(0, resource).bind(1, name).map(ROWS).findOne();
    }

    private record Transaction(Handle handle) implements DocumentTransaction {

        @Override
        public Optional<StoredDocument> findCurrent(String resource, String name) {
            return find(handle, DocumentSql.FIND, resource, name);
        }

        @Override
        public boolean exists(String resource, String name) {
            return handle.createQuery(DocumentSql.EXISTS).bind(0, resource).bind(1, name).mapTo(Integer.class).one() > 0;
        }

        @Override
        public StoredDocument insert(String resource, String name, String body, String secrets) {
            OffsetDateTime now = now();
            handle.createUpdate(DocumentSql.INSERT).bind(0, resource).bind(1, name).bind(2, body).bind(3, secrets)
                    .bind(4, now).bind(5, now).execute();
            return new StoredDocument(resource, name, body, secrets, 1, now.toInstant(), now.toInstant());
        }

        @Override
        public StoredDocument update(StoredDocument previous, String body, String secrets) {
            OffsetDateTime now = now();
            long version = previous.version() + 1;
            int updated = handle.createUpdate(DocumentSql.UPDATE).bind(0, body).bind(1, secrets).bind(2, version)
                    .bind(3, now).bind(4, previous.resource()).bind(5, previous.name()).bind(6, previous.version())
                    .execute();
            if (updated == 0) {
                throw new ConcurrentWriteException();
            }
            return new StoredDocument(previous.resource(), previous.name(), body, secrets, version,
                    previous.createdAt(), now.toInstant());
        }

        @Override
        public boolean delete(String resource, String name) {
            return handle.createUpdate(DocumentSql.DELETE).bind(0, resource).bind(1, name).execute() > 0;
        }

        @Override
        public void replaceReferences(String resource, String name, Collection<DocumentKey> targets) {
            handle.createUpdate(DocumentSql.DELETE_REFS).bind(0, resource).bind(1, name).execute();
            if (targets.isEmpty()) {
                return;
            }
            PreparedBatch batch = handle.prepareBatch(DocumentSql.INSERT_REF);
            for (DocumentKey target : new LinkedHashSet<>(targets)) {
                batch.bind(0, resource).bind(1, name).bind(2, target.resource()).bind(3, target.name()).add();
            }
            batch.execute();
        }

        @Override
        public List<DocumentKey> referencedBy(String resource, String name) {
            return JdbiDocumentStore.referencedBy(handle, resource, name);
        }

        private static OffsetDateTime now() {
            return Instant.now().truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
        }
    }
}
