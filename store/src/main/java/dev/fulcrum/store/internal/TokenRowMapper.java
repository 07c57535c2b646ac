package dev.fulcrum.store.internal;

import dev.fulcrum.store.TokenRecord;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

public final class TokenRowMapper implements RowMapper<TokenRecord> {
    @Override
    public TokenRecord map(ResultSet rs, StatementContext ctx) throws SQLException {
        OffsetDateTime lastUsed = rs.getObject(4, OffsetDateTime.class);
        return new TokenRecord(rs.getString(1), rs.getString(2), rs.getObject(3, OffsetDateTime.class).toInstant(),
                lastUsed == null ? null : lastUsed.toInstant());
    }
}
