package dev.fulcrum.store.internal;

import dev.fulcrum.store.DocumentStore;
import dev.fulcrum.store.DocumentTransaction;
import dev.fulcrum.store.StoredDocument;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.jdbi.v3.core.Jdbi;

/** Documents over JDBI; every write transaction is retried when it lost a race with another writer. */
public final class JdbiDocumentStore implements DocumentStore {
    private static final int ATTEMPTS = 5;
    private static final DocumentRowMapper ROWS = new DocumentRowMapper();
    private final Jdbi jdbi;

    public JdbiDocumentStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public Optional<StoredDocument> find(String resource, String name) {
        // the hot path of every GET: the fluent API, which skips attaching a SqlObject proxy per call
        return StoreErrors.translate(() -> jdbi.withHandle(handle -> handle.createQuery(DocumentDao.FIND)
                .bind(0, resource).bind(1, name).map(ROWS).findOne()));
    }

    @Override
    public List<StoredDocument> list(String resource) {
        return StoreErrors.translate(() -> jdbi.withExtension(DocumentDao.class, dao -> dao.list(resource)));
    }

    @Override
    public <T> T inTransaction(Function<DocumentTransaction, T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return StoreErrors.translate(() -> jdbi.inTransaction(handle ->
                        work.apply(new Transaction(handle.attach(DocumentDao.class)))));
            } catch (RuntimeException e) {
                if (attempt >= ATTEMPTS || !StoreErrors.isRetryable(e)) {
                    throw e;
                }
            }
        }
    }

    private record Transaction(DocumentDao dao) implements DocumentTransaction {

        @Override
        public Optional<StoredDocument> findForUpdate(String resource, String name) {
            return dao.findForUpdate(resource, name);
        }

        @Override
        public boolean exists(String resource, String name) {
            return dao.count(resource, name) > 0;
        }

        @Override
        public StoredDocument insert(String resource, String name, String body, String secrets) {
            OffsetDateTime now = now();
            dao.insert(resource, name, body, secrets, now);
            return new StoredDocument(resource, name, body, secrets, 1, now.toInstant(), now.toInstant());
        }

        @Override
        public StoredDocument update(StoredDocument previous, String body, String secrets) {
            OffsetDateTime now = now();
            long version = previous.version() + 1;
            dao.update(previous.resource(), previous.name(), body, secrets, version, now);
            return new StoredDocument(previous.resource(), previous.name(), body, secrets, version,
                    previous.createdAt(), now.toInstant());
        }

        @Override
        public boolean delete(String resource, String name) {
            return dao.delete(resource, name) > 0;
        }

        private static OffsetDateTime now() {
            return Instant.now().truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
        }
    }
}
