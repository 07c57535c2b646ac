package dev.fulcrum.store.internal;

import dev.fulcrum.store.Actor;
import dev.fulcrum.store.AuditEntry;
import dev.fulcrum.store.Divergence;
import dev.fulcrum.store.DocumentKey;
import dev.fulcrum.store.HistoryEntry;
import dev.fulcrum.store.HistoryPage;
import dev.fulcrum.store.DocumentPage;
import dev.fulcrum.store.ListQuery;
import dev.fulcrum.store.StoreBusyException;
import dev.fulcrum.store.DocumentStore;
import dev.fulcrum.store.DocumentTransaction;
import dev.fulcrum.store.StoredDocument;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.jdbi.v3.core.Handle;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.Query;

/**
 * Documents over JDBI. A write locks the document it replaces ({@code SELECT ... FOR UPDATE}) before it reads it,
 * on H2 and PostgreSQL alike, so writers of one document take turns and an update never races another. (H2's
 * optimistic alternative, {@code UPDATE ... WHERE version = ?} without the lock, lost acknowledged writes under
 * contention: a transaction that waited on the row and then rolled back put back a stale row. Measured in issue
 * 11 with plain JDBC, 1 run in 15 of 100 racing writers; never with the lock.) A transaction that still fails
 * in a way worth retrying (a concurrent insert of the same name, a deadlock) is run again until the write
 * timeout, then refused with {@link StoreBusyException}.
 */
public final class JdbiDocumentStore implements DocumentStore {
    private static final Logger LOG = LoggerFactory.getLogger(JdbiDocumentStore.class);
    private static final DocumentRowMapper ROWS = new DocumentRowMapper();
    private final Jdbi jdbi;
    private final DataSource dataSource;
    private final ListCounts counts = new ListCounts();
    private final Duration writeTimeout;
    private final LockTimeout lockTimeout;

    public JdbiDocumentStore(Jdbi jdbi, DataSource dataSource, Duration writeTimeout, LockTimeout lockTimeout) {
        this.jdbi = jdbi;
        this.lockTimeout = lockTimeout;
        this.dataSource = dataSource;
        this.writeTimeout = writeTimeout;
    }

    /**
     * The read behind every GET by name, in plain JDBC: JDBI's handle and statement machinery was a
     * measurable share of a GET (bench/, JFR), and this query needs none of it.
     */
    @Override
    public Optional<StoredDocument> find(String resource, String name) {
        return StoreErrors.translate(() -> {
            Connection connection;
            try {
                connection = dataSource.getConnection();
            } catch (SQLException e) {
                throw new org.jdbi.v3.core.ConnectionException(e);
            }
            try (connection; PreparedStatement statement = connection.prepareStatement(DocumentSql.FIND)) {
                statement.setString(1, resource);
                statement.setString(2, name);
                try (ResultSet row = statement.executeQuery()) {
                    return row.next() ? Optional.of(ROWS.map(row, null)) : Optional.empty();
                }
            } catch (SQLException e) {
                throw new IllegalStateException("reading " + resource + " '" + name + "' failed", e);
            }
        });
    }

    @Override
    public List<StoredDocument> list(String resource) {
        return StoreErrors.translate(() -> jdbi.withHandle(handle ->
                handle.createQuery(DocumentSql.LIST).bind(0, resource).map(ROWS).list()));
    }

    @Override
    public DocumentPage list(String resource, ListQuery query) {
        StringBuilder from = new StringBuilder(" FROM documents d");
        List<Map.Entry<String, String>> filters = List.copyOf(new TreeMap<>(query.filters()).entrySet());
        for (int i = 0; i < filters.size(); i++) {
            from.append(String.format(DocumentSql.FIELD_JOIN, i));
        }
        String where = " WHERE d.resource = :resource";
        String after = query.after() == null ? "" : " AND d.name > :after";
        String page = query.limit() == null ? "" : query.after() != null ? " LIMIT :limit" : " LIMIT :limit OFFSET :offset";
        return StoreErrors.translate(() -> jdbi.inTransaction(handle -> {
            Query select = handle.createQuery("SELECT d.resource, d.name, d.body, d.secrets, d.version, d.created_at,"
                    + " d.updated_at" + from + where + after + " ORDER BY d.resource, d.name" + page);
            bindFilters(select, resource, filters);
            if (query.after() != null) {
                select.bind("after", query.after());
            }
            if (query.limit() != null) {
                select.bind("limit", query.limit());
                if (query.after() == null) {
                    select.bind("offset", query.offset());
                }
            }
            List<StoredDocument> documents = select.map(ROWS).list();
            if (query.limit() == null) {
                return new DocumentPage(documents, documents.size()); // all of them: no count needed
            }
            return new DocumentPage(documents, counts.count(resource, query.filters(), () -> {
                Query count = handle.createQuery("SELECT COUNT(*)" + from + where);
                bindFilters(count, resource, filters);
                return count.mapTo(Long.class).one();
            }));
        }));
    }

    private static void bindFilters(Query statement, String resource, List<Map.Entry<String, String>> filters) {
        statement.bind("resource", resource);
        for (int i = 0; i < filters.size(); i++) {
            statement.bind("field" + i, filters.get(i).getKey()).bind("value" + i, filters.get(i).getValue());
        }
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
    public HistoryPage history(String resource, String name, long offset, int limit) {
        return StoreErrors.translate(() -> jdbi.inTransaction(handle -> new HistoryPage(
                handle.createQuery(DocumentSql.HISTORY).bind(0, resource).bind(1, name).bind(2, limit).bind(3, offset)
                        .map(HISTORY_ROWS).list(),
                handle.createQuery(DocumentSql.HISTORY_COUNT).bind(0, resource).bind(1, name).mapTo(Long.class).one())));
    }

    @Override
    public List<Divergence> diverged() {
        return StoreErrors.translate(() -> jdbi.withHandle(handle -> handle.createQuery(DocumentSql.DIVERGED)
                .map((rs, ctx) -> new Divergence(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4),
                        rs.getLong(5))).list()));
    }

    @Override
    public Optional<HistoryEntry> historyEntry(String resource, String name, long version) {
        return StoreErrors.translate(() -> jdbi.withHandle(handle -> handle.createQuery(DocumentSql.HISTORY_ENTRY)
                .bind(0, resource).bind(1, name).bind(2, version).map(HISTORY_ROWS).findOne()));
    }

    private static final RowMapper<HistoryEntry> HISTORY_ROWS = (rs, ctx) -> new HistoryEntry(rs.getString(1),
            rs.getString(2), rs.getLong(3), rs.getString(4), rs.getString(5), rs.getString(6),
            new Actor(rs.getString(7), rs.getString(8), rs.getObject(10, Long.class)),
            rs.getObject(9, OffsetDateTime.class).toInstant());

    @Override
    public <T> T inTransaction(Actor actor, Function<DocumentTransaction, T> work) {
        long deadline = System.nanoTime() + writeTimeout.toNanos();
        for (int attempt = 1; ; attempt++) {
            try {
                Set<String> changed = new HashSet<>();
                T result = StoreErrors.translate(() -> jdbi.inTransaction(handle -> {
                    lockTimeout.set(handle, deadline); // a row another client holds cannot keep it past the deadline
                    return work.apply(new Transaction(handle, actor, changed));
                }));
                changed.forEach(counts::changed); // after the commit: a total counted from now on includes it
                return result;
            } catch (RuntimeException e) {
                if (!StoreErrors.isRetryable(e)) {
                    throw e;
                }
                if (System.nanoTime() - deadline >= 0) {
                    throw new StoreBusyException("the write could not be committed within " + writeTimeout.toMillis()
                            + " ms (" + attempt + " attempts met concurrent writes or locks); nothing was stored, try again", e);
                }
                backOff(attempt);
            }
        }
    }

    /** A random pause that grows with the attempts (up to about 40 ms), so racing writers spread out. */
    private static void backOff(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(0, 2L * Math.min(attempt, 20) + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreBusyException("interrupted while waiting to retry a write", e);
        }
    }

    private static Optional<StoredDocument> find(Handle handle, String sql, String resource, String name) {
        return handle.createQuery(sql).bind(0, resource).bind(1, name).map(ROWS).findOne();
    }

    /** One attempt of a write transaction; {@code changed} collects the resources whose list totals it changes. */
    private record Transaction(Handle handle, Actor actor, Set<String> changed) implements DocumentTransaction {

        @Override
        public Optional<StoredDocument> findCurrent(String resource, String name) {
            return find(handle, DocumentSql.FIND_FOR_UPDATE, resource, name);
        }

        @Override
        public boolean lockIfExists(String resource, String name) {
            return handle.createQuery(DocumentSql.LOCK).bind(0, resource).bind(1, name).mapTo(Long.class).findOne().isPresent();
        }

        @Override
        public StoredDocument insert(String resource, String name, String body, String secrets) {
            OffsetDateTime now = now();
            long version = lastRecordedVersion(resource, name) + 1;
            handle.createUpdate(DocumentSql.INSERT).bind(0, resource).bind(1, name).bind(2, body).bind(3, secrets)
                    .bind(4, version).bind(5, now).bind(6, now).execute();
            record(resource, name, version, "create", body, secrets, now);
            changed.add(resource);
            return new StoredDocument(resource, name, body, secrets, version, now.toInstant(), now.toInstant());
        }

        private void record(String resource, String name, long version, String change, String body, String secrets,
                            OffsetDateTime at) {
            handle.createUpdate(DocumentSql.INSERT_HISTORY).bind(0, resource).bind(1, name).bind(2, version).bind(3, change)
                    .bind(4, body).bind(5, secrets).bind(6, actor.token()).bind(7, actor.user()).bind(8, at)
                    .bind(9, actor.tokenId()).execute();
        }

        @Override
        public long audit(AuditEntry entry, boolean withId) {
            if (!withId) {
                JdbiAuditStore.insertQuietly(handle, entry);
                return 0;
            }
            return JdbiAuditStore.insert(handle, entry);
        }

        @Override
        public StoredDocument update(StoredDocument previous, String body, String secrets) {
            OffsetDateTime now = now();
            long version = nextVersion(previous);
            int updated = handle.createUpdate(DocumentSql.UPDATE).bind(0, body).bind(1, secrets).bind(2, version)
                    .bind(3, now).bind(4, previous.resource()).bind(5, previous.name()).bind(6, previous.version())
                    .execute();
            if (updated == 0) {
                throw new ConcurrentWriteException();
            }
            record(previous.resource(), previous.name(), version, "update", body, secrets, now);
            return new StoredDocument(previous.resource(), previous.name(), body, secrets, version,
                    previous.createdAt(), now.toInstant());
        }

        @Override
        public void delete(StoredDocument current) {
            int deleted = handle.createUpdate(DocumentSql.DELETE).bind(0, current.resource()).bind(1, current.name())
                    .bind(2, current.version()).execute();
            if (deleted == 0) {
                throw new ConcurrentWriteException();
            }
            record(current.resource(), current.name(), nextVersion(current), "delete", current.body(), current.secrets(), now());
            changed.add(current.resource());
        }

        /** The newest version the history holds of a name (0 when none). */
        private long lastRecordedVersion(String resource, String name) {
            return handle.createQuery(DocumentSql.LAST_VERSION).bind(0, resource).bind(1, name)
                    .mapTo(Long.class).findOne().orElse(0L);
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

        @Override
        public void replaceFieldValues(String resource, String name, Map<String, String> values) {
            changed.add(resource);
            handle.createUpdate(DocumentSql.DELETE_FIELDS).bind(0, resource).bind(1, name).execute();
            if (values.isEmpty()) {
                return;
            }
            PreparedBatch batch = handle.prepareBatch(DocumentSql.INSERT_FIELD);
            values.forEach((field, value) -> batch.bind(0, resource).bind(1, name).bind(2, field).bind(3, value).add());
            batch.execute();
        }

        private static OffsetDateTime now() {
            return Instant.now().truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
        }
    }
}
