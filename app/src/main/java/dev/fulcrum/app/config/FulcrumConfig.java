package dev.fulcrum.app.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fulcrum.app.tokens.Lifetimes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The settings of {@code config.yaml}; every field has the default a fresh install runs with. */
public final class FulcrumConfig {
    public int port = 9095;
    /** Pivot's switch: when false every /api/v1 path answers 404. */
    public boolean enableApiEndpoint = true;
    /** When true, connections come from {@link #connections} and cannot be changed through the API. */
    public boolean fixedConnections = false;
    public StateStore stateStore = new StateStore();
    public String secretKeyFile = "var/fulcrum/secret.key";
    public long maxBodyBytes = 4 * 1024 * 1024;
    /** The limit of a {@code POST /api/v1/import} body: a bundle holds every document, so it has its own. */
    public long maxImportBytes = 64L * 1024 * 1024;
    public List<ObjectNode> connections = new ArrayList<>();
    /**
     * Whether connections may be tested and monitored. A test makes the server send requests to the
     * hosts a connection names: turn it off where admins must not be able to probe the network.
     */
    public boolean allowConnectionTests = true;
    /** The bound on one whole connection test. */
    public long connectionTestTimeoutMillis = 5_000;
    /** How often the monitor tests connections that are not stopped. */
    public long connectionMonitorIntervalSeconds = 60;
    /** Where connection tests and the monitor may open sockets, and how many probes run at once. */
    public ConnectionTests connectionTests = new ConnectionTests();
    /** A file to which every audit entry is also appended as one line of JSON; none by default. */
    public String auditLogFile;
    /** The longest an API token may work, e.g. {@code 90d}; tokens asked for without an expiry get it. Null: no limit. */
    public String maxTokenLifetime;
    /** A signed-in session of the API tokens page ends after this long without a request. */
    public long sessionIdleTimeoutSeconds = 1800;
    /**
     * The addresses of reverse proxies in front of Fulcrum (IP literals). Only a request from one of them may name
     * its client in X-Forwarded-For; from anyone else the header is ignored, so a client cannot choose its address.
     */
    public List<String> trustedProxies = new ArrayList<>();
    /** SMTP settings for welcome e-mails; without them, e-mail is not configured. */
    public Email email;
    /**
     * How long a write may wait for its document's other writers, and retry after lost races or deadlocks,
     * before it is refused with a 503 (nothing stored).
     */
    public long writeTimeoutMillis = 10_000;
    /** On SIGTERM, how long requests in flight may take to finish before the audit log is flushed and the database closed. */
    public long shutdownGraceMillis = 10_000;
    /** Prometheus metrics at {@code GET /metrics}; off by default. */
    public Metrics metrics = new Metrics();
    /** Whether the log gets one line per request: its id, method, route, status, duration and token name. */
    public boolean accessLog = false;
    /** The watch streams ({@code ?watch=true}, {@code /api/v1/watch}): their limits and rhythm. */
    public Watch watch = new Watch();

    /** {@link #maxTokenLifetime} as a duration, or null for no limit. */
    public Duration maxTokenLifetimeDuration() {
        return maxTokenLifetime == null ? null : Lifetimes.parse(maxTokenLifetime);
    }

    /** The limits and rhythm of the watch streams. */
    public static final class Watch {
        /** Open streams per instance; one more is a 503. */
        public int maxWatchers = 1000;
        /** An idle stream gets a comment line this often, and its token is checked again. */
        public long heartbeatMillis = 15_000;
        /** How often each instance reads the events other instances committed. */
        public long pollMillis = 250;
        /** Events a stream may have waiting for its client; a client that keeps it full and takes nothing is dropped. */
        public int queueEvents = 1000;
        /** How long events stay resumable (Last-Event-ID); older ones are pruned. */
        public long retentionMinutes = 1440;
    }

    /** Whether the server keeps meters and serves them at {@code GET /metrics} (to tokens with ReadMetrics). */
    public static final class Metrics {
        public boolean enabled = false;
    }

    /** An SMTP server to send mail through. */
    public static final class Email {
        public String host;
        public int port = 587;
        public String from;
        public boolean startTls = true;
        public String user;
        /** The SMTP password; better kept out of the file with {@link #passwordEnv}. */
        public String password;
        /** The name of an environment variable that holds the SMTP password. */
        public String passwordEnv;
        public int timeoutMillis = 10_000;

        public String password() {
            return passwordEnv != null ? System.getenv(passwordEnv) : password;
        }
    }

    /**
     * The limits of connection tests and the monitor: CIDRs and host patterns that probes may (allow) or may not
     * (deny) connect to, checked after DNS resolution; the link-local and cloud metadata ranges are denied unless
     * an allow CIDR names them. All probes of the server share {@link #maxParallelProbes} threads.
     */
    public static final class ConnectionTests {
        public List<String> allow = new ArrayList<>();
        public List<String> deny = new ArrayList<>();
        public int maxParallelProbes = 8;
    }

    /** Where the state lives. */
    public static final class StateStore {
        /** {@code h2} (embedded, one machine) or {@code pg} (PostgreSQL, for several instances). */
        public String type = "h2";
        /** For h2 the database file, without {@code .mv.db}; for pg a JDBC URL, jdbc:postgresql://host:5432/db. */
        public String connection = "var/fulcrum/state";
        public String user;
        /** The database password; better kept out of the file with {@link #passwordEnv}. */
        public String password;
        /** The name of an environment variable that holds the database password. */
        public String passwordEnv;

        public String password() {
            return passwordEnv != null ? System.getenv(passwordEnv) : password;
        }
    }
}
