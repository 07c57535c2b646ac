package dev.fulcrum.store.internal;

import dev.fulcrum.store.AuditEntry;
import dev.fulcrum.store.ConnectionState;
import dev.fulcrum.store.Divergence;
import dev.fulcrum.store.DocumentEvent;
import dev.fulcrum.store.DocumentEvents;
import dev.fulcrum.store.DocumentKey;
import dev.fulcrum.store.HistoryEntry;
import dev.fulcrum.store.StoredDocument;
import dev.fulcrum.store.TokenRecord;
import java.time.OffsetDateTime;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.generic.GenericType;
import org.jdbi.v3.core.spi.JdbiPlugin;

/**
 * How the DAOs' rows become records, registered once by type on the store's {@link Jdbi}. Not
 * {@code @RegisterRowMapper} on each DAO: JDBI then configured every attached DAO and every call afresh (measured on
 * H2, on the loaded 2-core machine: a find by name 49 µs through a one-method DAO so annotated, 18 µs without).
 */
public final class StoreRowMappers implements JdbiPlugin {
    @Override
    public void customizeJdbi(Jdbi jdbi) {
        jdbi.registerRowMapper(StoredDocument.class, new DocumentRowMapper());
        jdbi.registerRowMapper(HistoryEntry.class, new HistoryRowMapper());
        jdbi.registerRowMapper(AuditEntry.class, new AuditRowMapper());
        jdbi.registerRowMapper(TokenRecord.class, new TokenRowMapper());
        jdbi.registerRowMapper(DocumentKey.class, (rs, ctx) -> new DocumentKey(rs.getString(1), rs.getString(2)));
        jdbi.registerRowMapper(Divergence.class, (rs, ctx) -> new Divergence(rs.getString(1), rs.getString(2),
                rs.getLong(3), rs.getString(4), rs.getLong(5)));
        jdbi.registerRowMapper(ConnectionState.class, (rs, ctx) -> {
            OffsetDateTime checkedAt = rs.getObject(4, OffsetDateTime.class);
            return new ConnectionState(rs.getString(1), rs.getString(2), rs.getLong(3),
                    checkedAt == null ? null : checkedAt.toInstant(), rs.getObject(5, Long.class), rs.getString(6));
        });
        jdbi.registerRowMapper(DocumentEvent.class, (rs, ctx) -> new DocumentEvent(rs.getLong(1), rs.getString(2),
                rs.getString(3), rs.getLong(4), rs.getString(5), rs.getString(6),
                rs.getObject(7, OffsetDateTime.class).toInstant()));
        jdbi.registerRowMapper(DocumentEvents.Span.class, (rs, ctx) -> new DocumentEvents.Span(rs.getLong(1), rs.getLong(2)));
        // an id and a name, as TokenDao.activeChildren answers them
        jdbi.registerRowMapper(new GenericType<Map.Entry<Long, String>>() { },
                (rs, ctx) -> Map.entry(rs.getLong(1), rs.getString(2)));
    }
}
