package dev.fulcrum.store.internal;

import dev.fulcrum.store.AuditEntry;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMap;
import org.jdbi.v3.sqlobject.customizer.Define;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/** The SQL of the audit log: entries appended, and read newest first, paged by id. */
interface AuditDao {
    String COLUMNS = "id, occurred_at, actor_token, actor_user, client_address, method, path, resource, name, status,"
            + " changed_fields, repeat_count, actor_token_id, request_id";
    /** An entry, bound by {@code JdbiAuditStore.insert} with its methods under {@code entry}. */
    String INSERT = "INSERT INTO audit_log (occurred_at, actor_token, actor_user, client_address, method, path,"
            + " resource, name, status, changed_fields, repeat_count, actor_token_id, request_id) VALUES (:at,"
            + " :entry.actor.token, :entry.actor.user, :entry.clientAddress, :entry.method, :entry.path, :entry.resource,"
            + " :entry.name, :entry.status, :changedFields, :entry.count, :entry.actor.tokenId, :entry.requestId)";

    /**
     * The newest entries that match {@code where}: empty, or " WHERE " and the {@link Criterion} conditions of the
     * criteria given, joined with AND, whose values are bound in {@code values}.
     */
    @SqlQuery("SELECT " + COLUMNS + " FROM audit_log<where> ORDER BY id DESC LIMIT :limit")
    List<AuditEntry> query(@Define("where") String where, @BindMap Map<String, Object> values,
                           @Bind("limit") int limit);

    /** What an {@link dev.fulcrum.store.AuditQuery} may ask, each bound to the parameter of its name. */
    enum Criterion {
        RESOURCE("resource", "resource = :resource"),
        NAME("name", "name = :name"),
        ACTOR("actor", "(actor_token = :actor OR actor_user = :actor)"),
        SINCE("since", "occurred_at >= :since"),
        UNTIL("until", "occurred_at < :until"),
        BEFORE("before", "id < :before");

        final String parameter;
        final String condition;

        Criterion(String parameter, String condition) {
            this.parameter = parameter;
            this.condition = condition;
        }
    }
}
