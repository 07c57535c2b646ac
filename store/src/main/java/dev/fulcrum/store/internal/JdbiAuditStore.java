package dev.fulcrum.store.internal;

import dev.fulcrum.store.Actor;
import dev.fulcrum.store.AuditEntry;
import dev.fulcrum.store.AuditQuery;
import dev.fulcrum.store.AuditStore;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.Update;

/** The audit log over JDBI; queries are built from the criteria given, newest first, paged by id. */
public final class JdbiAuditStore implements AuditStore {
    private static final String INSERT = "INSERT INTO audit_log (occurred_at, actor_token, actor_user, client_address,"
            + " method, path, resource, name, status, changed_fields, repeat_count, actor_token_id)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String COLUMNS = "SELECT id, occurred_at, actor_token, actor_user, client_address, method,"
            + " path, resource, name, status, changed_fields, repeat_count, actor_token_id FROM audit_log";
    private final Jdbi jdbi;

    public JdbiAuditStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Inserts {@code entry} and answers the id it was given. */
    static long insert(Handle handle, AuditEntry entry) {
        return bind(handle.createUpdate(INSERT), entry).executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
    }

    /** Inserts {@code entry} without asking for its id. */
    static void insertQuietly(Handle handle, AuditEntry entry) {
        bind(handle.createUpdate(INSERT), entry).execute();
    }

    private static Update bind(Update insert, AuditEntry entry) {
        return insert.bind(0, entry.occurredAt().atOffset(ZoneOffset.UTC)).bind(1, entry.actor().token())
                .bind(2, entry.actor().user()).bind(3, entry.clientAddress()).bind(4, entry.method())
                .bind(5, entry.path()).bind(6, entry.resource()).bind(7, entry.name()).bind(8, entry.status())
                .bind(9, FieldList.write(entry.changedFields()))
                .bind(10, entry.count()).bind(11, entry.actor().tokenId());
    }

    @Override
    public List<Long> appendAll(List<AuditEntry> entries) {
        return StoreErrors.translate(() -> jdbi.inTransaction(handle -> {
            List<Long> ids = new ArrayList<>(entries.size());
            for (AuditEntry entry : entries) {
                ids.add(insert(handle, entry));
            }
            return ids;
        }));
    }

    private static void criterion(Map<String, String> conditions, Map<String, Object> values, String name, String condition,
                                  Object value) {
        if (value != null) {
            conditions.put(name, condition);
            values.put(name, value);
        }
    }

    private static OffsetDateTime utc(java.time.Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    @Override
    public List<AuditEntry> query(AuditQuery query) {
        // each criterion given: its condition, and the value bound to the parameter of the same name
        Map<String, Object> values = new LinkedHashMap<>();
        Map<String, String> conditions = new LinkedHashMap<>();
        criterion(conditions, values, "resource", "resource = :resource", query.resource());
        criterion(conditions, values, "name", "name = :name", query.name());
        criterion(conditions, values, "actor", "(actor_token = :actor OR actor_user = :actor)", query.actor());
        criterion(conditions, values, "since", "occurred_at >= :since", utc(query.since()));
        criterion(conditions, values, "until", "occurred_at < :until", utc(query.until()));
        criterion(conditions, values, "before", "id < :before", query.before());
        String sql = COLUMNS + (conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions.values()))
                + " ORDER BY id DESC LIMIT :limit";
        return StoreErrors.translate(() -> jdbi.withHandle(handle -> {
            Query select = handle.createQuery(sql).bind("limit", query.limit());
            values.forEach(select::bind);
            return select.map((rs, ctx) -> new AuditEntry(rs.getLong(1), rs.getObject(2, OffsetDateTime.class).toInstant(),
                    new Actor(rs.getString(3), rs.getString(4), rs.getObject(13, Long.class)), rs.getString(5), rs.getString(6), rs.getString(7),
                    rs.getString(8), rs.getString(9), rs.getInt(10),
                    FieldList.read(rs.getString(11)), rs.getLong(12))).list();
        }));
    }
}
