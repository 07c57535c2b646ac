package dev.fulcrum.store;

/**
 * Where the state lives.
 *
 * @param type       {@code h2} (embedded, the default)
 * @param connection for h2, the database file path without its {@code .mv.db} suffix
 * @param user       for h2 usually null, with {@code password}: Fulcrum's own users, whose random passwords are
 *                   kept in {@code <connection>.credentials} (see {@code H2Access})
 */
public record StoreConfig(String type, String connection, String user, String password) {
}
