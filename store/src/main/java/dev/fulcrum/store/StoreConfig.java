package dev.fulcrum.store;

import java.time.Duration;

/**
 * Where the state lives.
 *
 * @param type         {@code h2} (embedded, the default)
 * @param connection   for h2, the database file path without its {@code .mv.db} suffix
 * @param user         for h2 usually null, with {@code password}: Fulcrum's own users, whose random passwords are
 *                     kept in {@code <connection>.credentials} (see {@code H2Access})
 * @param writeTimeout how long a write may keep retrying (after lost races or deadlocks) before it is refused
 *                     with {@link StoreBusyException}
 */
public record StoreConfig(String type, String connection, String user, String password, Duration writeTimeout) {
    public static final Duration DEFAULT_WRITE_TIMEOUT = Duration.ofSeconds(10);

    public StoreConfig(String type, String connection, String user, String password) {
        this(type, connection, user, password, DEFAULT_WRITE_TIMEOUT);
    }
}
