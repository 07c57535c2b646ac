package dev.fulcrum.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Connections' lifecycle states, shared by every instance on the database; each write is announced ({@link Changes}). */
public interface ConnectionStateStore {

    Optional<ConnectionState> find(String name);

    /** Every connection's state, sorted by name. */
    List<ConnectionState> all();

    /** Moves a connection to {@code state} under the next generation, keeping its last check's time and latency. */
    ConnectionState transition(String name, String state, String message);

    /**
     * Stores a check's result, only while the connection is still at {@code generation} (0: it has no state yet)
     * and not STOPPED; false when a newer start, stop or fail came first.
     */
    boolean recordCheck(String name, long generation, String state, Instant checkedAt, Long latencyMs, String message);

    /** Forgets the states of connections that are no longer documents of {@code resource}. */
    void forgetAllBut(String resource);
}
