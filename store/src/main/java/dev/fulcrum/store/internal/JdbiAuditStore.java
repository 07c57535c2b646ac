package dev.fulcrum.store.internal;

import dev.fulcrum.store.Actor;
import dev.fulcrum.store.AuditEntry;
import dev.fulcrum.store.AuditQuery;
import dev.fulcrum.store.AuditStore;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.Update;

/** The audit log over JDBI; queries are built from the criteria given, newest first, paged by id. */
public final class JdbiAuditStore implements AuditStore {
    private static final String INSERT = "INSERT INTO audit_log (occurred_at, actor_token, actor_user, client_address,"
            + " method, path, resource, name, status, changed_fields, repeat_count) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String COLUMNS = "SELECT id, occurred_at, actor_token, actor_user, client_address, method,"
            + " path, resource, name, status, changed_fields, repeat_count FROM audit_log";
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
                .bind(9, entry.changedFields().isEmpty() ? null : String.join(",", entry.changedFields()))
                .bind(10, entry.count());
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

    @Override
    public List<AuditEntry> query(AuditQuery query) {
        List<String> where = new ArrayList<>();
        if (query.resource() != null) {
            where.add("resource = :resource");
        }
        if (query.name() != null) {
            where.add("name = :name");
        }
        if (query.actor() != null) {
            where.add("(actor_token = :actor OR actor_user = :actor)");
        }
        if (query.since() != null) {
            where.add("occurred_at >= :since");
        }
        if (query.until() != null) {
            where.add("occurred_at < :until");
        }
        if (query.before() != null) {
            where.add("id < :before");
        }
        String sql = COLUMNS + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where)) + " ORDER BY id DESC LIMIT :limit";
        return StoreErrors.translate(() -> jdbi.withHandle(handle -> {
            Query select = handle.createQuery(sql).bind("limit", query.limit());
            if (query.resource() != null) {
                select.bind("resource", query.resource());
            }
            if (query.name() != null) {
                select.bind("name", query.name());
            }
            if (query.actor() != null) {
                select.bind("actor", query.actor());
            }
            if (query.since() != null) {
                select.bind("since", query.since().atOffset(ZoneOffset.UTC));
            }
            if (query.until() != null) {
                select.bind("until", query.until().atOffset(ZoneOffset.UTC));
            }
            if (query.before() != null) {
                select.bind("before", query.before());
            }
            return select.map((rs, ctx) -> new AuditEntry(rs.getLong(1), rs.getObject(2, OffsetDateTime.class).toInstant(),
                    new Actor(rs.getString(3), rs.getString(4)), rs.getString(5), rs.getString(6), rs.getString(7),
                    rs.getString(8), rs.getString(9), rs.getInt(10),
                    rs.getString(11) == null ? List.of() : Arrays.asList(rs.getString(11).split(",")), rs.getLong(12))).list();
        }));
    }
}
