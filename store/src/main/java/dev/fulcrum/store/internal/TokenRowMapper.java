package dev.fulcrum.store.internal;

import dev.fulcrum.store.TokenRecord;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

public final class TokenRowMapper implements RowMapper<TokenRecord> {
    @Override
    public TokenRecord map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new TokenRecord(rs.getLong(9), rs.getString(1), rs.getString(2), instant(rs, 3), instant(rs, 4), rs.getString(5),
                rs.getString(6), rs.getString(7), instant(rs, 8), rs.getObject(10, Long.class));
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
