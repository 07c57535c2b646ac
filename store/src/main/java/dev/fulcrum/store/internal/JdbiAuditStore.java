package dev.fulcrum.store.internal;

import dev.fulcrum.store.AuditEntry;
import dev.fulcrum.store.AuditQuery;
import dev.fulcrum.store.AuditStore;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Update;

/** The audit log: its SQL in {@link AuditDao}. */
public final class JdbiAuditStore implements AuditStore {
    private final Jdbi jdbi;

    public JdbiAuditStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /**
     * Inserts {@code entry} on {@code handle} and answers the id it was given, or 0 unless {@code withId}. The fluent
     * API, not {@link AuditDao}: an API request's write runs this in its own transaction ({@link WriteTransaction}),
     * where attaching a DAO per write cost measurable throughput.
     */
    static long insert(Handle handle, AuditEntry entry, boolean withId) {
        Update insert = handle.createUpdate(AuditDao.INSERT).bindMethods("entry", entry)
                .bind("at", utc(entry.occurredAt())).bind("changedFields", FieldList.write(entry.changedFields()));
        if (!withId) {
            insert.execute();
            return 0;
        }
        return insert.executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
    }

    @Override
    public List<Long> appendAll(List<AuditEntry> entries) {
        return StoreErrors.translate(() -> jdbi.inTransaction(handle -> {
            List<Long> ids = new ArrayList<>(entries.size());
            for (AuditEntry entry : entries) {
                ids.add(insert(handle, entry, true));
            }
            return ids;
        }));
    }

    @Override
    public List<AuditEntry> query(AuditQuery query) {
        // each criterion given: its condition, and the value bound to the parameter of the same name
        Map<AuditDao.Criterion, Object> given = new LinkedHashMap<>();
        given.put(AuditDao.Criterion.RESOURCE, query.resource());
        given.put(AuditDao.Criterion.NAME, query.name());
        given.put(AuditDao.Criterion.ACTOR, query.actor());
        given.put(AuditDao.Criterion.SINCE, utc(query.since()));
        given.put(AuditDao.Criterion.UNTIL, utc(query.until()));
        given.put(AuditDao.Criterion.BEFORE, query.before());
        given.values().removeIf(value -> value == null);
        Map<String, Object> values = new LinkedHashMap<>();
        given.forEach((criterion, value) -> values.put(criterion.parameter, value));
        String where = given.isEmpty() ? "" : given.keySet().stream().map(criterion -> criterion.condition)
                .collect(Collectors.joining(" AND ", " WHERE ", ""));
        return StoreErrors.translate(() -> jdbi.withExtension(AuditDao.class, dao -> dao.query(where, values, query.limit())));
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
