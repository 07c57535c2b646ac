package dev.fulcrum.store.internal;

import dev.fulcrum.store.StoredDocument;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.h2.jdbc.JdbcConnection;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * A write's {@code SELECT ... FOR UPDATE} of its document on H2, prepared once per connection of the pool. H2 keeps
 * no such statement in a session's cache of parsed statements ({@code Select.isCacheable}), so preparing it anew for
 * each write parsed it each time (5.6% of an update's CPU samples, bench/RESULTS.md). The statement is made on the
 * pooled connection's H2 connection itself, which the pool does not track, so it outlives the write and is used again
 * by the next write that has the connection (one at a time); it goes with the connection when the pool closes it.
 */
final class H2LockingRead {
    private static final String FIND_FOR_UPDATE = (DocumentDao.FIND + " FOR UPDATE").replace(":resource", "?")
            .replace(":name", "?");
    private static final DocumentRowMapper ROWS = new DocumentRowMapper();
    private final Map<JdbcConnection, PreparedStatement> prepared = new ConcurrentHashMap<>();

    /** The document's row, locked until the transaction of {@code pooled} ends; empty when there is none. */
    Optional<StoredDocument> find(Connection pooled, String resource, String name) {
        try {
            PreparedStatement statement = statementOf(pooled.unwrap(JdbcConnection.class));
            statement.setString(1, resource);
            statement.setString(2, name);
            try (ResultSet row = statement.executeQuery()) {
                return row.next() ? Optional.of(ROWS.map(row, null)) : Optional.empty();
            }
        } catch (SQLException e) { // as JDBI would have thrown it: StoreErrors reads its SQLState
            throw new UnableToExecuteStatementException(e, null);
        }
    }

    private PreparedStatement statementOf(JdbcConnection connection) throws SQLException {
        PreparedStatement statement = prepared.get(connection);
        if (statement == null) {
            prepared.keySet().removeIf(H2LockingRead::closed); // connections the pool has closed since
            statement = connection.prepareStatement(FIND_FOR_UPDATE);
            prepared.put(connection, statement);
        }
        return statement;
    }

    private static boolean closed(JdbcConnection connection) {
        try {
            return connection.isClosed();
        } catch (SQLException e) {
            return true;
        }
    }
}
