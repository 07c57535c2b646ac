package dev.fulcrum.store;

import dev.fulcrum.store.internal.JdbiAuditStore;
import dev.fulcrum.store.internal.JdbiDocumentStore;
import dev.fulcrum.store.internal.JdbiMetaStore;
import dev.fulcrum.store.internal.JdbiTokenStore;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;

/** The state database: opened, migrated and closed here; documents and tokens are views of it. */
public final class Database implements AutoCloseable {
    static {
        // H2's AUTO_SERVER port (which lets the CLI share the running server's database) must only
        // accept local connections; this must be set before H2 reads its system properties.
        if (System.getProperty("h2.bindAddress") == null) {
            System.setProperty("h2.bindAddress", "127.0.0.1");
        }
    }

    private static final int H2_CACHE_KB = 256 * 1024;
    private final HikariDataSource pool;
    private final Jdbi jdbi;
    private final DocumentStore documents;
    private final TokenStore tokens;
    private final MetaStore meta;
    private final AuditStore audit;

    private Database(HikariDataSource pool, java.time.Duration writeTimeout) {
        this.pool = pool;
        this.jdbi = Jdbi.create(pool).installPlugin(new SqlObjectPlugin());
        this.documents = new JdbiDocumentStore(jdbi, pool, writeTimeout);
        this.tokens = new JdbiTokenStore(jdbi);
        this.meta = new JdbiMetaStore(jdbi);
        this.audit = new JdbiAuditStore(jdbi);
    }

    /** Opens (creating it if needed) and migrates the database that {@code config} names. */
    public static Database open(StoreConfig config) {
        HikariConfig hikari = new HikariConfig();
        switch (config.type()) {
            case "h2" -> {
                hikari.setJdbcUrl(h2Url(config.connection()));
                hikari.setUsername(config.user() == null ? "sa" : config.user());
                hikari.setPassword(config.password() == null ? "" : config.password());
            }
            case "pg" -> {
                if (!config.connection().startsWith("jdbc:postgresql:")) {
                    throw new IllegalArgumentException("stateStore.connection: a PostgreSQL connection is a JDBC URL"
                            + " starting with jdbc:postgresql://");
                }
                hikari.setJdbcUrl(config.connection());
                hikari.setUsername(config.user());
                hikari.setPassword(config.password());
            }
            default -> throw new IllegalArgumentException("stateStore.type: unsupported type '" + config.type()
                    + "' (supported: h2, pg)");
        }
        // HikariCP rather than H2's own pool: H2's pool rolls back every connection it takes back,
        // which empties the session's parsed-query cache, so every query was parsed again (measured:
        // 15% of a GET's CPU).
        hikari.setMaximumPoolSize(16);
        hikari.setPoolName("fulcrum-state");
        // while the database is away, a request waits this long for a connection before its 503
        hikari.setConnectionTimeout(2_000);
        hikari.setValidationTimeout(1_000);
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(hikari);
        } catch (com.zaxxer.hikari.pool.HikariPool.PoolInitializationException e) {
            throw new StoreUnavailableException("the state database could not be opened: " + rootMessage(e), e);
        }
        try {
            migrate(pool, config.type().equals("pg") ? "postgresql" : "h2");
        } catch (org.flywaydb.core.api.FlywayException e) {
            pool.close();
            throw new StoreUnavailableException("the state database could not be opened or migrated: "
                    + rootMessage(e), e);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
        return new Database(pool, config.writeTimeout());
    }

    private static String h2Url(String connection) {
        Path file = Path.of(connection).toAbsolutePath().normalize();
        try {
            Files.createDirectories(file.getParent());
        } catch (java.io.IOException e) {
            throw new StoreUnavailableException("cannot create the directory of " + file, e);
        }
        // WRITE_DELAY=0: every commit reaches the file before it is acknowledged, so an
        // acknowledged write survives kill -9. AUTO_SERVER: the CLI may open the same file.
        // CACHE_SIZE (KB, filled only as pages are read): H2's default of 16 MB did not hold 100,000 cubes with
        // their history, so a random GET by name read the file (measured: 49% of trivial, 61% with this).
        return "jdbc:h2:file:" + file + ";AUTO_SERVER=TRUE;WRITE_DELAY=0;LOCK_TIMEOUT=10000;CACHE_SIZE=" + H2_CACHE_KB;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    /**
     * The same migrations on every database, plus a few that only one vendor needs (such as
     * PostgreSQL's byte-order collation for names, which H2 has by default), from db/vendor/{@code vendor}.
     */
    private static void migrate(DataSource dataSource, String vendor) {
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration", "classpath:db/vendor/" + vendor)
                .failOnMissingLocations(false)
                .load()
                .migrate();
    }

    public DocumentStore documents() {
        return documents;
    }

    public TokenStore tokens() {
        return tokens;
    }

    /** The connection pool, for maintenance and tests; application code goes through the stores. */
    public DataSource dataSource() {
        return pool;
    }

    public AuditStore audit() {
        return audit;
    }

    public MetaStore meta() {
        return meta;
    }

    /** True when the database answers a trivial query. */
    public boolean isHealthy() {
        try {
            return jdbi.withHandle(handle -> handle.createQuery("SELECT 1").mapTo(Integer.class).one()) == 1;
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public void close() {
        pool.close();
    }
}
