package dev.fulcrum.store.internal;

import dev.fulcrum.store.ConnectionState;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The SQL of connections' lifecycle states; rows become records through {@link StoreRowMappers}. */
interface ConnectionStateDao {
    String COLUMNS = "name, state, generation, checked_at, latency_ms, message";

    @SqlQuery("SELECT " + COLUMNS + " FROM connection_states WHERE name = :name")
    Optional<ConnectionState> find(@Bind("name") String name);

    @SqlQuery("SELECT " + COLUMNS + " FROM connection_states ORDER BY name")
    List<ConnectionState> all();

    /** Locks the row until the transaction ends, so transitions of one connection take turns. */
    @SqlUpdate("UPDATE connection_states SET state = :state, message = :message, generation = generation + 1"
            + " WHERE name = :name")
    int advance(@Bind("name") String name, @Bind("state") String state, @Bind("message") String message);

    /** Fails with a unique-key violation when the connection has a state already. */
    @SqlUpdate("INSERT INTO connection_states (" + COLUMNS + ") VALUES (:name, :state, :generation, :checkedAt,"
            + " :latencyMs, :message)")
    void insert(@Bind("name") String name, @Bind("state") String state, @Bind("generation") long generation,
                @Bind("checkedAt") OffsetDateTime checkedAt, @Bind("latencyMs") Long latencyMs,
                @Bind("message") String message);

    /** Compare-and-set on the generation: changes nothing once a newer start, stop or fail came, or a stop. */
    @SqlUpdate("UPDATE connection_states SET state = :state, checked_at = :checkedAt, latency_ms = :latencyMs,"
            + " message = :message WHERE name = :name AND generation = :generation AND state <> 'STOPPED'")
    int recordCheck(@Bind("name") String name, @Bind("generation") long generation, @Bind("state") String state,
                    @Bind("checkedAt") OffsetDateTime checkedAt, @Bind("latencyMs") Long latencyMs,
                    @Bind("message") String message);

    @SqlUpdate("DELETE FROM connection_states WHERE NOT EXISTS (SELECT 1 FROM documents"
            + " WHERE documents.resource = :resource AND documents.name = connection_states.name)")
    void forgetAllBut(@Bind("resource") String resource);
}
