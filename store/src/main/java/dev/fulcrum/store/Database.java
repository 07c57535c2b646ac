package dev.fulcrum.store;

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

    private final HikariDataSource pool;
    private final Jdbi jdbi;
    private final DocumentStore documents;
    private final TokenStore tokens;
    private final MetaStore meta;

    private Database(HikariDataSource pool) {
        this.pool = pool;
        this.jdbi = Jdbi.create(pool).installPlugin(new SqlObjectPlugin());
        this.documents = new JdbiDocumentStore(jdbi, pool);
        this.tokens = new JdbiTokenStore(jdbi);
        this.meta = new JdbiMetaStore(jdbi);
    }

    /** Opens (creating it if needed) and migrates the database that {@code config} names. */
    public static Database open(StoreConfig config) {
        if (!"h2".equals(config.type())) {
            throw new IllegalArgumentException("stateStore.type: unsupported type '" + config.type() + "' (supported: h2)");
        }
        Path file = Path.of(config.connection()).toAbsolutePath().normalize();
        try {
            Files.createDirectories(file.getParent());
        } catch (java.io.IOException e) {
            throw new StoreUnavailableException("cannot create the directory of " + file, e);
        }
        // WRITE_DELAY=0: every commit reaches the file before it is acknowledged, so an
        // acknowledged write survives kill -9. AUTO_SERVER: the CLI may open the same file.
        String url = "jdbc:h2:file:" + file + ";AUTO_SERVER=TRUE;WRITE_DELAY=0;LOCK_TIMEOUT=10000";
        // HikariCP rather than H2's own pool: H2's pool rolls back every connection it takes back,
        // which empties the session's parsed-query cache, so every query was parsed again (measured:
        // 15% of a GET's CPU).
        HikariConfig hikari = new HikariConfig();
        hikari.setJdbcUrl(url);
        hikari.setUsername(config.user() == null ? "sa" : config.user());
        hikari.setPassword(config.password() == null ? "" : config.password());
        hikari.setMaximumPoolSize(16);
        hikari.setPoolName("fulcrum-state");
        HikariDataSource pool = new HikariDataSource(hikari);
        try {
            migrate(pool);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
        return new Database(pool);
    }

    private static void migrate(DataSource dataSource) {
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
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
