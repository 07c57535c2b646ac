package dev.fulcrum.app;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The state database a test server runs on. The suite runs twice (see app/pom.xml): on H2, and with
 * {@code -Dfulcrum.test.store=pg} on a real PostgreSQL, embedded from Maven Central and started once per test
 * JVM, where each server gets a database of its own.
 */
final class TestDatabases {
    static final String STORE = System.getProperty("fulcrum.test.store", "h2");
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static EmbeddedPostgres postgres;

    private TestDatabases() {
    }

    /** The {@code stateStore} section of a config.yaml for a new, empty database (H2 under {@code dir}). */
    static String stateStoreConfig(Path dir) {
        return stateStoreConfig(dir, STORE);
    }

    /** The {@code stateStore} section for a new, empty database of this type ({@code h2} or {@code pg}). */
    static String stateStoreConfig(Path dir, String store) {
        if (!store.equals("pg")) {
            return "stateStore:\n  type: h2\n  connection: " + dir.resolve("db/state") + "\n";
        }
        return "stateStore:\n  type: pg\n  connection: " + newPostgresDatabase() + "\n  user: postgres\n";
    }

    /** A JDBC URL of a new, empty database on the shared embedded PostgreSQL. */
    static synchronized String newPostgresDatabase() {
        String name = "fulcrum_" + DATABASES.incrementAndGet();
        try (Connection connection = postgres().getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create a test database", e);
        }
        return "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/" + name;
    }

    private static EmbeddedPostgres postgres() {
        if (postgres == null) {
            try {
                postgres = EmbeddedPostgres.builder().setServerConfig("max_connections", "400").start();
            } catch (IOException e) {
                throw new UncheckedIOException("the embedded PostgreSQL did not start", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    postgres.close();
                } catch (IOException ignored) {
                    // the JVM is going away
                }
            }));
        }
        return postgres;
    }
}
