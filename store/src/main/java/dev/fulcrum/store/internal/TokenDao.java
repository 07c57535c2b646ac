package dev.fulcrum.store.internal;

import dev.fulcrum.store.TokenRecord;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

@RegisterRowMapper(TokenRowMapper.class)
interface TokenDao {
    String COLUMNS = "name, token_hash, created_at, last_used_at, role_name, user_name, created_by, expires_at";

    @SqlUpdate("INSERT INTO api_tokens (name, active_name, token_hash, created_at, role_name, user_name, created_by, expires_at)"
            + " VALUES (:name, :name, :hash, :now, :role, :user, :createdBy, :expiresAt)")
    void insert(@Bind("name") String name, @Bind("hash") String hash, @Bind("now") OffsetDateTime now,
                @Bind("role") String role, @Bind("user") String user, @Bind("createdBy") String createdBy,
                @Bind("expiresAt") OffsetDateTime expiresAt);

    @SqlQuery("SELECT COUNT(*) FROM api_tokens WHERE active_name = :name")
    int countActive(@Bind("name") String name);

    @SqlQuery("SELECT " + COLUMNS + " FROM api_tokens WHERE active_name IS NOT NULL ORDER BY name")
    List<TokenRecord> listActive();

    @SqlQuery("SELECT " + COLUMNS + " FROM api_tokens WHERE active_name = :name")
    Optional<TokenRecord> findActive(@Bind("name") String name);

    @SqlQuery("SELECT " + COLUMNS + " FROM api_tokens WHERE token_hash = :hash AND active_name IS NOT NULL")
    Optional<TokenRecord> findActiveByHash(@Bind("hash") String hash);

    @SqlUpdate("UPDATE api_tokens SET active_name = NULL, revoked_at = :now WHERE active_name = :name")
    int revoke(@Bind("name") String name, @Bind("now") OffsetDateTime now);

    @SqlUpdate("UPDATE api_tokens SET last_used_at = :now WHERE token_hash = :hash")
    void touch(@Bind("hash") String hash, @Bind("now") OffsetDateTime now);
}
