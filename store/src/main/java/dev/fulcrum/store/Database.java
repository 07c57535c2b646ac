package dev.fulcrum.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.SQLExceptionOverride;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import com.zaxxer.hikari.pool.HikariPool;
import dev.fulcrum.store.internal.AdvisoryLockLeadership;
import dev.fulcrum.store.internal.ChangeListener;
import dev.fulcrum.store.internal.H2Access;
import dev.fulcrum.store.internal.H2ClosedSessions;
import dev.fulcrum.store.internal.H2DocumentsClock;
import dev.fulcrum.store.internal.H2HeaderAfterCommit;
import dev.fulcrum.store.internal.H2SettingsFirst;
import dev.fulcrum.store.internal.JdbiAuditStore;
import dev.fulcrum.store.internal.JdbiConnectionStateStore;
import dev.fulcrum.store.internal.JdbiDocumentEvents;
import dev.fulcrum.store.internal.JdbiDocumentStore;
import dev.fulcrum.store.internal.JdbiMetaStore;
import dev.fulcrum.store.internal.JdbiTokenStore;
import dev.fulcrum.store.internal.Migrations;
import dev.fulcrum.store.internal.Dialect;
import dev.fulcrum.store.internal.StoreRowMappers;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;

/** The state database: opened, migrated and closed here; documents and tokens are views of it. */
public final class Database implements AutoCloseable {
    /** The connections of the pool; also how many stale sessions a lookup may meet after H2 closed the database. */
    public static final int POOL_SIZE = 16;
    static {
        // H2's AUTO_SERVER port (which lets the CLI share the running server's database) must only
        // accept local connections; this must be set before H2 reads its system properties.
        if (System.getProperty("h2.bindAddress") == null) {
            System.setProperty("h2.bindAddress", "127.0.0.1");
        }
        // The Java classes CREATE ALIAS ... FOR, triggers and JAVA_OBJECT may load: only the one the AUTO_SERVER
        // port itself needs, and Fulcrum's own after-commit function (H2HeaderAfterCommit). (Aliases compiled from
        // source are not covered: only an admin may create them.)
        if (System.getProperty("h2.allowedClasses") == null) {
            System.setProperty("h2.allowedClasses", "org.h2.server.TcpServer," + H2HeaderAfterCommit.class.getName());
        }
    }

    private final HikariDataSource pool;
    private final Jdbi jdbi;
    private final DocumentStore documents;
    private final TokenStore tokens;
    private final JdbiMetaStore meta;
    private final AuditStore audit;
    private final ConnectionStateStore connectionStates;
    /** Opens a connection of its own, outside the pool, named for what it is for (PostgreSQL); null on H2. */
    private final Function<String, Callable<Connection>> ownConnection;
    /** Null on H2. */
    private final ChangeListener changes;
    /** Null until asked for, and on H2. */
    private AdvisoryLockLeadership leadership;
    private final DocumentEvents events;

    private Database(HikariDataSource pool, Duration writeTimeout, Dialect dialect,
                     Function<String, Callable<Connection>> ownConnection, Supplier<Object> documentsClock) {
        this.pool = pool;
        this.ownConnection = ownConnection;
        this.changes = ownConnection == null ? null : new ChangeListener(ownConnection.apply("fulcrum-listener"));
        this.jdbi = Jdbi.create(pool).installPlugin(new SqlObjectPlugin()).installPlugin(new StoreRowMappers());
        this.documents = new JdbiDocumentStore(jdbi, pool, writeTimeout, dialect, changes(), documentsClock);
        this.tokens = new JdbiTokenStore(jdbi, dialect);
        this.meta = new JdbiMetaStore(jdbi);
        this.audit = new JdbiAuditStore(jdbi);
        this.connectionStates = new JdbiConnectionStateStore(jdbi, dialect);
        this.events = new JdbiDocumentEvents(jdbi, dialect);
    }

    /** Opens (creating it if needed) and migrates the database that {@code config} names. */
    public static Database open(StoreConfig config) {
        return open(config, null);
    }

    /**
     * {@link #open(StoreConfig)}, with the connection pool's meters (HikariCP's own: connections active, idle and
     * pending, acquire and usage times, tagged {@code pool="fulcrum-state"}) in {@code meters}; null for none.
     */
    public static Database open(StoreConfig config, MeterRegistry meters) {
        return switch (config.type()) {
            case "h2" -> openH2(config, meters);
            case "pg" -> openPostgres(config, meters);
            default -> throw new IllegalArgumentException("stateStore.type: unsupported type '" + config.type()
                    + "' (supported: h2, pg)");
        };
    }

    private static Database openPostgres(StoreConfig config, MeterRegistry meters) {
        if (!config.connection().startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("stateStore.connection: a PostgreSQL connection is a JDBC URL"
                    + " starting with jdbc:postgresql://");
        }
        HikariDataSource pool = pool(hikari -> {
            hikari.setJdbcUrl(config.connection());
            hikari.setUsername(config.user());
            hikari.setPassword(config.password());
        }, meters, Dialect.POSTGRESQL.connectionInitSql(config.writeTimeout()), null);
        migrateOrClose(pool, () -> Flyway.configure().dataSource(pool), "postgresql");
        return new Database(pool, config.writeTimeout(), Dialect.POSTGRESQL,
                purpose -> () -> ownConnection(config, purpose), null);
    }

    /**
     * A connection outside the pool, for a session that must last (a lock's) or be read by one thread (LISTEN's),
     * named {@code purpose} in pg_stat_activity's application_name.
     */
    private static Connection ownConnection(StoreConfig config, String purpose) throws SQLException {
        Properties properties = new Properties();
        if (config.user() != null) {
            properties.setProperty("user", config.user());
        }
        if (config.password() != null) {
            properties.setProperty("password", config.password());
        }
        properties.setProperty("connectTimeout", "2");
        properties.setProperty("tcpKeepAlive", "true");
        properties.setProperty("ApplicationName", purpose);
        return DriverManager.getConnection(config.connection(), properties);
    }

    /**
     * The server's connections log in as a user who may only read and write rows; the migrations run as the
     * admin, whose session holds the database open meanwhile (see {@link H2Access}).
     */
    private static Database openH2(StoreConfig config, MeterRegistry meters) {
        Path file = Path.of(config.connection());
        try (H2Access.Logins logins = H2Access.prepare(file, config.user(), config.password())) {
            HikariDataSource pool = pool(hikari -> hikari.setDataSource(new H2SettingsFirst(logins)), meters,
                    Dialect.H2.connectionInitSql(config.writeTimeout()), new H2ClosedSessions());
            migrateOrClose(pool, () -> Flyway.configure().dataSource(logins.adminUrl(), logins.adminUser(),
                    logins.adminPassword()), "h2");
            try {
                H2Access.restrictFiles(file); // the lock file, had the pool opened the database anew
            } catch (RuntimeException e) {
                pool.close();
                throw e;
            }
            Database database = new Database(pool, config.writeTimeout(), Dialect.H2, null, H2DocumentsClock.of(pool, POOL_SIZE));
            database.jdbi.setTransactionHandler(H2HeaderAfterCommit.wrap(database.jdbi.getTransactionHandler(), pool));
            return database;
        }
    }

    /**
     * @param source    where the connections come from: a URL and login, or a data source
     * @param evictions which errors mean a connection is beyond use, besides the pool's own rules; null for those only
     */
    private static HikariDataSource pool(Consumer<HikariConfig> source, MeterRegistry meters, String initSql,
                                         SQLExceptionOverride evictions) {
        HikariConfig hikari = new HikariConfig();
        if (evictions != null) {
            hikari.setExceptionOverride(evictions);
        }
        hikari.setConnectionInitSql(initSql);
        source.accept(hikari);
        // HikariCP rather than H2's own pool: H2's pool rolls back every connection it takes back,
        // which empties the session's parsed-query cache, so every query was parsed again (measured:
        // 15% of a GET's CPU).
        hikari.setMaximumPoolSize(POOL_SIZE);
        hikari.setPoolName("fulcrum-state");
        // while the database is away, a request waits this long for a connection before its 503
        hikari.setConnectionTimeout(2_000);
        hikari.setValidationTimeout(1_000);
        if (meters != null) {
            hikari.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(meters));
        }
        try {
            return new HikariDataSource(hikari);
        } catch (HikariPool.PoolInitializationException e) {
            throw new StoreUnavailableException("the state database could not be opened: " + rootMessage(e), e);
        }
    }

    /** {@code flyway} is only made when needed: merely configuring Flyway loads most of its classes. */
    private static void migrateOrClose(HikariDataSource pool, Supplier<FluentConfiguration> flyway, String vendor) {
        try {
            if (Migrations.allApplied(pool, vendor)) {
                return; // nothing to apply: Flyway need not start (see Migrations)
            }
            migrate(flyway.get(), vendor);
        } catch (FlywayException e) {
            pool.close();
            throw new StoreUnavailableException("the state database could not be opened or migrated: "
                    + rootMessage(e), e);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
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
    private static void migrate(FluentConfiguration flyway, String vendor) {
        flyway.locations("classpath:db/migration", "classpath:db/vendor/" + vendor)
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

    /** The change stream of every document write, for the watch API. */
    public DocumentEvents events() {
        return events;
    }

    public AuditStore audit() {
        return audit;
    }

    public MetaStore meta() {
        return meta;
    }

    public ConnectionStateStore connectionStates() {
        return connectionStates;
    }

    /**
     * The changes of every instance on the database, heard once {@link #listen} has started listening; on H2, and
     * before, none ({@link Changes#NONE}: caches poll).
     */
    public Changes changes() {
        return changes == null ? Changes.NONE : changes;
    }

    /** Starts listening for the changes of every instance on the database (PostgreSQL; on H2 there is nothing to hear). */
    public void listen() {
        if (changes != null) {
            changes.start();
        }
    }

    /** Which instance on the database leads (PostgreSQL: an advisory lock); on H2, this one. */
    public synchronized Leadership leadership() {
        if (ownConnection == null) {
            return Leadership.ALONE;
        }
        if (leadership == null) {
            leadership = new AdvisoryLockLeadership(ownConnection.apply("fulcrum-leadership"));
        }
        return leadership;
    }

    /** True when the database answers a trivial query. */
    public boolean isHealthy() {
        return meta.isHealthy();
    }

    /**
     * Fails, saying why, unless the database answers a trivial query within {@code timeout} (rounded up to whole
     * seconds, JDBC's unit), once the pool has a connection for it (within the pool's 2 s while the database is away).
     */
    public void ping(Duration timeout) {
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
            statement.setQueryTimeout((int) Math.max(1, (timeout.toMillis() + 999) / 1000));
            try {
                statement.execute("SELECT 1");
            } finally {
                // H2 keeps a statement's query timeout on its session: the pooled connection's later statements of
                // more than a second were canceled (a 500 on a large history page after /health/ready)
                statement.setQueryTimeout(0);
            }
        } catch (SQLException | RuntimeException e) {
            throw new StoreUnavailableException(rootMessage(e), e);
        }
    }

    @Override
    public void close() {
        if (changes != null) {
            changes.close();
        }
        synchronized (this) {
            if (leadership != null) {
                leadership.close();
            }
        }
        pool.close();
    }
}
