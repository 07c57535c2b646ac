package dev.fulcrum.store.internal;

import dev.fulcrum.store.TokenRecord;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindList;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The SQL of API tokens; rows become records through {@link StoreRowMappers}. */
interface TokenDao {
    String COLUMNS = "name, token_hash, created_at, last_used_at, role_name, user_name, created_by, expires_at, id, parent_id";

    @SqlUpdate("INSERT INTO api_tokens (name, active_name, token_hash, created_at, role_name, user_name, created_by, expires_at,"
            + " parent_id) VALUES (:name, :name, :hash, :now, :role, :user, :createdBy, :expiresAt, :parent)")
    void insert(@Bind("name") String name, @Bind("hash") String hash, @Bind("now") OffsetDateTime now,
                @Bind("role") String role, @Bind("user") String user, @Bind("createdBy") String createdBy,
                @Bind("expiresAt") OffsetDateTime expiresAt, @Bind("parent") Long parent);

    @SqlQuery("SELECT COUNT(*) FROM api_tokens WHERE active_name = :name")
    int countActive(@Bind("name") String name);

    @SqlQuery("SELECT " + COLUMNS + " FROM api_tokens WHERE active_name IS NOT NULL ORDER BY name")
    List<TokenRecord> listActive();

    @SqlQuery("SELECT " + COLUMNS + " FROM api_tokens WHERE active_name = :name")
    Optional<TokenRecord> findActive(@Bind("name") String name);

    @SqlQuery("SELECT " + COLUMNS + " FROM api_tokens WHERE token_hash = :hash AND active_name IS NOT NULL")
    Optional<TokenRecord> findActiveByHash(@Bind("hash") String hash);

    @SqlQuery("SELECT " + COLUMNS + " FROM api_tokens WHERE id = :id AND active_name IS NOT NULL")
    Optional<TokenRecord> findActiveById(@Bind("id") long id);

    @SqlQuery("SELECT id, name FROM api_tokens WHERE active_name IS NOT NULL AND parent_id IN (<parents>)")
    List<Map.Entry<Long, String>> activeChildren(@BindList("parents") List<Long> parents);

    @SqlUpdate("UPDATE api_tokens SET active_name = NULL, revoked_at = :now WHERE id IN (<ids>) AND active_name IS NOT NULL")
    int revoke(@BindList("ids") List<Long> ids, @Bind("now") OffsetDateTime now);

    @SqlUpdate("UPDATE api_tokens SET last_used_at = :now WHERE token_hash = :hash")
    void touch(@Bind("hash") String hash, @Bind("now") OffsetDateTime now);
}
