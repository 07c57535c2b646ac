package dev.fulcrum.store.internal;

import dev.fulcrum.store.StoredDocument;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

public final class DocumentRowMapper implements RowMapper<StoredDocument> {


    @Override
    public StoredDocument map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new StoredDocument(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5),
                rs.getObject(6, OffsetDateTime.class).toInstant(), rs.getObject(7, OffsetDateTime.class).toInstant());
    }
}
