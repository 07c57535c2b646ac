package dev.fulcrum.store.internal;

import dev.fulcrum.store.Actor;
import dev.fulcrum.store.HistoryEntry;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

/** A row of {@link HistoryDao#COLUMNS}. */
final class HistoryRowMapper implements RowMapper<HistoryEntry> {
    @Override
    public HistoryEntry map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new HistoryEntry(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4), rs.getString(5),
                rs.getString(6), new Actor(rs.getString(7), rs.getString(8), rs.getObject(10, Long.class)),
                rs.getObject(9, OffsetDateTime.class).toInstant());
    }
}
