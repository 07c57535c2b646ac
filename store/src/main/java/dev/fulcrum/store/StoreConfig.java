package dev.fulcrum.store;

/**
 * Where the state lives.
 *
 * @param type       {@code h2} (embedded, the default)
 * @param connection for h2, the database file path without its {@code .mv.db} suffix
 */
public record StoreConfig(String type, String connection, String user, String password) {
}
