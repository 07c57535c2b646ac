package dev.fulcrum.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * The two databases the store runs on. Every store test class runs on each ({@code @ParameterizedClass} over this
 * enum). A class shares one database per kind with the others ({@link #shared}), each test writing under names of
 * its own ({@link #unique}); a test that needs a database of its own (a short write timeout) opens one. PostgreSQL is
 * embedded, started once per test JVM, a new database each time.
 */
enum TestDatabase {
    H2 {
        @Override
        StoreConfig newConfig(Duration writeTimeout) {
            try {
                Path dir = Files.createTempDirectory("fulcrum-store-test");
                TEMP_DIRS.add(dir);
                return new StoreConfig("h2", dir.resolve("state").toString(), null, null, writeTimeout);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    },
    POSTGRESQL {
        @Override
        StoreConfig newConfig(Duration writeTimeout) {
            String name = "store_test_" + DATABASES.incrementAndGet();
            try (Connection connection = postgres().getPostgresDatabase().getConnection();
                 Statement statement = connection.createStatement()) {
                statement.execute("CREATE DATABASE " + name);
            } catch (SQLException e) {
                throw new IllegalStateException("could not create a test database", e);
            }
            return new StoreConfig("pg", "jdbc:postgresql://127.0.0.1:" + postgres().getPort() + "/" + name, "postgres",
                    null, writeTimeout);
        }
    };

    /** The write timeout of the shared databases: long enough for a loaded machine, short enough for a failure. */
    static final Duration WRITE_TIMEOUT = Duration.ofSeconds(5);
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static final AtomicInteger NAMES = new AtomicInteger();
    private static final java.util.List<Path> TEMP_DIRS = new java.util.concurrent.CopyOnWriteArrayList<>();
    private static final Map<TestDatabase, Database> SHARED = new EnumMap<>(TestDatabase.class);
    private static EmbeddedPostgres postgres;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(TestDatabase::closeAll));
    }

    abstract StoreConfig newConfig(Duration writeTimeout);

    /** A new, empty, migrated database; the caller closes it. */
    Database open(Duration writeTimeout) {
        return Database.open(newConfig(writeTimeout));
    }

    /** The database of this kind that the test classes of this JVM share. */
    Database shared() {
        synchronized (SHARED) {
            return SHARED.computeIfAbsent(this, kind -> kind.open(WRITE_TIMEOUT));
        }
    }

    /** A name no other test of this JVM uses, for a resource, a document, a token or a meta fact. */
    static String unique(String prefix) {
        return prefix + "-" + NAMES.incrementAndGet();
    }

    private static synchronized EmbeddedPostgres postgres() {
        if (postgres == null) {
            try {
                postgres = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new UncheckedIOException("the embedded PostgreSQL did not start", e);
            }
        }
        return postgres;
    }

    private static void closeAll() {
        synchronized (SHARED) {
            SHARED.values().forEach(Database::close);
        }
        try {
            if (postgres != null) {
                postgres.close();
            }
        } catch (IOException ignored) {
            // the JVM is going away
        }
        for (Path dir : TEMP_DIRS) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
            } catch (IOException ignored) {
                // a temporary directory left behind
            }
        }
    }
}
