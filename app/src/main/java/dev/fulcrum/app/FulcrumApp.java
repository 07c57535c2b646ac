package dev.fulcrum.app;

import dev.fulcrum.app.audit.AuditQueue;
import dev.fulcrum.app.audit.JsonLinesAuditSink;
import dev.fulcrum.app.cluster.Freshness;
import dev.fulcrum.app.config.FulcrumConfig;
import dev.fulcrum.app.connections.ConnectionMonitor;
import dev.fulcrum.app.connections.ConnectionTester;
import dev.fulcrum.app.connections.ProbePolicy;
import dev.fulcrum.app.crypto.SecretBox;
import dev.fulcrum.app.crypto.SecretKeys;
import dev.fulcrum.app.email.Mailer;
import dev.fulcrum.app.email.SmtpMailer;
import dev.fulcrum.app.engine.AuditSink;
import dev.fulcrum.app.engine.ConsistencyCheck;
import dev.fulcrum.app.engine.DocumentReads;
import dev.fulcrum.app.engine.FilterIndex;
import dev.fulcrum.app.engine.ResourceEngine;
import dev.fulcrum.app.http.HttpServer;
import dev.fulcrum.app.http.PortInUseException;
import dev.fulcrum.app.http.Readiness;
import dev.fulcrum.app.metrics.Metrics;
import dev.fulcrum.app.tokens.RolePermissions;
import dev.fulcrum.app.tokens.TokenService;
import dev.fulcrum.app.watch.WatchHub;
import dev.fulcrum.model.Kinds;
import dev.fulcrum.model.Registry;
import dev.fulcrum.store.Change;
import dev.fulcrum.store.Changes;
import dev.fulcrum.store.Database;
import dev.fulcrum.store.StoreConfig;
import io.javalin.Javalin;
import io.javalin.router.ParsedEndpoint;
import io.javalin.util.JavalinBindException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.LoggerFactory;

/** The running server: every piece wired by hand, in one place. */
public final class FulcrumApp implements AutoCloseable {
    private final Database database;
    private final TokenService tokens;
    private final Javalin http;

    private final ConnectionTester tester;
    private final ConnectionMonitor monitor;

    private final List<Object> closeLater;
    private final AuditQueue auditQueue;
    private final Duration shutdownGrace;
    /** Null when metrics are off. */
    private final Metrics metrics;
    private final Readiness readiness;
    private final WatchHub watchHub;

    private FulcrumApp(Database database, TokenService tokens, Javalin http, ConnectionTester tester,
                       ConnectionMonitor monitor, List<Object> closeLater, AuditQueue auditQueue, Duration shutdownGrace,
                       Metrics metrics, Readiness readiness, WatchHub watchHub) {
        this.watchHub = watchHub;
        this.shutdownGrace = shutdownGrace;
        this.metrics = metrics;
        this.readiness = readiness;
        this.closeLater = closeLater;
        this.auditQueue = auditQueue;
        this.database = database;
        this.tokens = tokens;
        this.http = http;
        this.tester = tester;
        this.monitor = monitor;
    }

    public static FulcrumApp start(FulcrumConfig config) {
        return start(config, Kinds.STANDARD);
    }

    /** The server of {@code kinds}: the standard ones, or in tests more. */
    public static FulcrumApp start(FulcrumConfig config, Registry kinds) {
        HttpServer.ensurePortFree(config.port);
        Metrics metrics = config.metrics.enabled ? new Metrics() : null;
        Database database;
        try {
            database = Database.open(storeConfig(config), metrics == null ? null : metrics.registry());
        } catch (RuntimeException e) {
            closeIfOn(metrics);
            throw e;
        }
        List<Object> closeLater = new ArrayList<>();
        try {
            TokenService tokens = tokenService(database, config);
            AuditSink auditFile = config.auditLogFile == null ? AuditSink.NONE : new JsonLinesAuditSink(Path.of(config.auditLogFile));
            closeLater.add(auditFile);
            ResourceEngine engine = openEngine(config, kinds, database, auditFile);
            AuditQueue auditQueue = new AuditQueue(database.audit(), auditFile);
            closeLater.add(0, auditQueue); // before the file it writes to
            FilterIndex.refresh(kinds, database.documents(), database.meta());
            ConsistencyCheck.Report consistency = ConsistencyCheck.atStart(engine, database.documents(), database.meta());
            if (config.fixedConnections) {
                engine.replaceAllFromConfig(Kinds.CONNECTIONS, config.connections);
            }
            Mailer mailer = config.email == null ? Mailer.NOT_CONFIGURED : new SmtpMailer(config.email);
            ConnectionTester tester = config.allowConnectionTests
                    ? new ConnectionTester(Duration.ofMillis(config.connectionTestTimeoutMillis),
                    ProbePolicy.of(config.connectionTests.allow, config.connectionTests.deny),
                    config.connectionTests.maxParallelProbes) : null;
            database.listen();
            ConnectionMonitor monitor = tester == null ? null : new ConnectionMonitor(engine, tester,
                    Duration.ofSeconds(config.connectionMonitorIntervalSeconds), Clock.systemUTC(),
                    database.connectionStates(), database.leadership(), database.changes());
            engine.provide(new ServerEffects(mailer, monitor));
            if (metrics != null) {
                metrics.watch(auditQueue, monitor);
            }
            Readiness readiness = new Readiness(database);
            WatchHub watchHub = new WatchHub(database.events(), kinds, tokens, new WatchHub.Settings(
                    config.watch.maxWatchers, Duration.ofMillis(config.watch.heartbeatMillis),
                    Duration.ofMillis(config.watch.pollMillis), config.watch.queueEvents,
                    Duration.ofMinutes(config.watch.retentionMinutes)));
            closeLater.add(0, watchHub);
            database.documents().afterCommit(watchHub::wake); // a write through this instance reaches its watchers at once
            Javalin http = HttpServer.create(engine, tokens, tester, monitor, database::isHealthy, readiness, consistency,
                    new HttpServer.Settings(config.enableApiEndpoint, config.maxBodyBytes, config.maxImportBytes,
                            Duration.ofSeconds(config.sessionIdleTimeoutSeconds), config.maxTokenLifetimeDuration(),
                            Duration.ofMillis(config.shutdownGraceMillis), config.trustedProxies, config.accessLog),
                    database.audit(), auditQueue, metrics, watchHub);
            try {
                http.start(config.port);
            } catch (JavalinBindException e) { // taken since ensurePortFree
                throw new PortInUseException(config.port);
            }
            readiness.started();
            return new FulcrumApp(database, tokens, http, tester, monitor, closeLater, auditQueue,
                    Duration.ofMillis(config.shutdownGraceMillis), metrics, readiness, watchHub);
        } catch (RuntimeException e) {
            closeAll(closeLater);
            database.close();
            closeIfOn(metrics);
            throw e;
        }
    }

    private static void closeAll(List<Object> closeables) {
        for (Object closeable : closeables) {
            if (closeable instanceof AutoCloseable resource) {
                try {
                    resource.close();
                } catch (Exception e) {
                    LoggerFactory.getLogger(FulcrumApp.class).warn("closing {} failed: {}", resource, e.getMessage());
                }
            }
        }
    }

    private static void closeIfOn(Metrics metrics) {
        if (metrics != null) {
            metrics.close();
        }
    }

    /**
     * The engine over an open database, with the secret key and built-in documents it needs; also for the CLI,
     * whose changes are the server's own (recorded in the history, not audited as API requests).
     */
    public static ResourceEngine openEngine(FulcrumConfig config, Database database, AuditSink auditSink) {
        return openEngine(config, Kinds.STANDARD, database, auditSink);
    }

    private static ResourceEngine openEngine(FulcrumConfig config, Registry kinds, Database database, AuditSink auditSink) {
        SecretBox secrets = SecretKeys.load(Path.of(config.secretKeyFile), database.meta());
        Set<String> readOnly = config.fixedConnections ? Set.of(Kinds.CONNECTIONS.resource()) : Set.of();
        ResourceEngine engine = new ResourceEngine(kinds, database.documents(), secrets, readOnly, auditSink,
                Duration.ofMillis(config.writeTimeoutMillis));
        engine.ensureBuiltIns();
        return engine;
    }

    public static Database openDatabase(FulcrumConfig config) {
        return Database.open(storeConfig(config));
    }

    private static StoreConfig storeConfig(FulcrumConfig config) {
        return new StoreConfig(config.stateStore.type, config.stateStore.connection,
                config.stateStore.user, config.stateStore.password(), Duration.ofMillis(config.writeTimeoutMillis));
    }

    /** The tokens of this database, as the server and the CLI both use them. */
    public static TokenService tokenService(Database database, FulcrumConfig config) {
        DocumentReads reads = new DocumentReads(database.documents());
        Changes changes = database.changes();
        RolePermissions roles = new RolePermissions(reads, new Freshness(changes, Set.of(Kinds.ROLES.resource())));
        return new TokenService(database.tokens(), reads, roles, Clock.systemUTC(), config.maxTokenLifetimeDuration(),
                new Freshness(changes, Set.of(Change.TOKENS, Kinds.USERS.resource(), Kinds.USER_STATUSES.resource())));
    }


    public int port() {
        return http.port();
    }

    /** Every route the server has, for the test that checks the API description covers them. */
    List<ParsedEndpoint> routes() {
        return http.unsafe.internalRouter.allHttpHandlers();
    }

    /** The state database, for tests that take it away from under the server. */
    Database database() {
        return database;
    }

    public TokenService tokens() {
        return tokens;
    }

    /**
     * Stops in the order that loses nothing: the port closes and requests in flight finish (within the grace
     * period); the monitor stops; what waits for the audit log is written; only then does the database close.
     */
    @Override
    public void close() {
        readiness.stopping();
        try {
            watchHub.close(); // before the HTTP server: open streams would hold its stop for the whole grace period
            try {
                http.stop();
            } catch (RuntimeException graceOver) { // Javalin's word for Jetty's stop timeout: go on, the database must close
                LoggerFactory.getLogger(FulcrumApp.class).warn("the HTTP server did not stop within the grace"
                        + " period of {} ms; requests still running were cut off", shutdownGrace.toMillis());
            }
            if (monitor != null) {
                monitor.close();
                tester.close();
            }
            tokens.close();
            auditQueue.close(shutdownGrace);
            closeAll(closeLater);
        } finally {
            database.close(); // whatever failed before it: the database is closed, never abandoned
            closeIfOn(metrics); // after the pool, which takes its meters away as it closes
        }
    }

    /** Waits until the refused requests so far are in the audit log, for tests. */
    void flushAudit() {
        auditQueue.flush();
    }
}
