package dev.fulcrum.store;

/**
 * Which one instance of those on the database does the cluster's background work (checking connections). On
 * PostgreSQL the leader is the instance holding an advisory lock on a connection of its own: when it dies, its session
 * ends, the lock is free, and another instance takes it. On H2 the one process is the leader.
 */
public interface Leadership {
    /** The one process of an H2 database. */
    Leadership ALONE = () -> true;

    /**
     * Whether this instance leads now: asks the database whether it still holds the lock, and tries to take it when
     * not. Call it before each piece of leader's work; a leader that lost its connection learns it here.
     */
    boolean lead();
}
