package dev.fulcrum.app.connections;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fulcrum.app.Json;
import dev.fulcrum.app.engine.ResourceEngine;
import dev.fulcrum.model.Kinds;
import dev.fulcrum.model.NotFoundException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state of each connection, like a connector's: STARTING, RUNNING, STOPPED or FAILED, with the last
 * check's time, latency and message. A background check tests every connection that is not stopped.
 * Every transition is one atomic map update, and each carries a generation, so a check that finishes
 * after a newer start, stop or fail cannot overwrite it. The state lives beside the documents, never in them.
 */
public final class ConnectionMonitor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionMonitor.class);

    /** The lifecycle states. */
    public enum State { STARTING, RUNNING, STOPPED, FAILED }

    /** One connection's state, as {@code GET .../status} shows it. */
    public record Status(State state, long generation, Instant checkedAt, Long latencyMs, String message) {
        public ObjectNode toJson(String name) {
            ObjectNode json = Json.MAPPER.createObjectNode().put("name", name).put("state", state.name());
            if (checkedAt != null) {
                json.put("checkedAt", checkedAt.toString());
            }
            if (latencyMs != null) {
                json.put("latencyMs", latencyMs);
            }
            if (message != null) {
                json.put("message", message);
            }
            return json;
        }
    }

    /** A connection's state until its first check. */
    private static final Status FIRST = new Status(State.STARTING, 0, null, null, "waiting for the first check");
    private final ResourceEngine engine;
    private final ConnectionTester tester;
    private final Clock clock;
    private final Map<String, Status> states = new ConcurrentHashMap<>();
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1, runnable -> {
        Thread thread = new Thread(runnable, "connection-monitor");
        thread.setDaemon(true);
        return thread;
    });

    public ConnectionMonitor(ResourceEngine engine, ConnectionTester tester, Duration interval, Clock clock) {
        this.engine = engine;
        this.tester = tester;
        this.clock = clock;
        scheduler.scheduleWithFixedDelay(this::checkAll, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The state of an existing connection (a 404 comes from the engine when it does not exist). */
    public Status status(String name) {
        engine.reads().read(Kinds.CONNECTIONS, name);
        return states.computeIfAbsent(name, absent -> FIRST);
    }

    /**
     * The state of a connection the caller has just read (a list's), from memory alone: what {@link #status} answers,
     * without reading the connection again. Remembers nothing new: the next round of checks does.
     */
    public Status known(String name) {
        return states.getOrDefault(name, FIRST);
    }

    /** How many connections the monitor knows are in {@code state} now; for the server's metrics. */
    public long count(State state) {
        return states.values().stream().filter(status -> status.state() == state).count();
    }

    /** Start (or restart after a change): STARTING now, then the result of a test. */
    public Status start(String name) {
        engine.reads().read(Kinds.CONNECTIONS, name);
        Status starting = transition(name, State.STARTING, "starting");
        scheduler.execute(() -> check(name, starting.generation()));
        return starting;
    }

    /** Stop: keep the connection, stop checking it. */
    public Status stop(String name) {
        engine.reads().read(Kinds.CONNECTIONS, name);
        return transition(name, State.STOPPED, "stopped by request");
    }

    /** Fail: force FAILED, for a connection stuck in an unwanted state. */
    public Status fail(String name) {
        engine.reads().read(Kinds.CONNECTIONS, name);
        return transition(name, State.FAILED, "failed by request");
    }

    private Status transition(String name, State state, String message) {
        return states.compute(name, (key, old) -> new Status(state, (old == null ? 0 : old.generation()) + 1,
                old == null ? null : old.checkedAt(), old == null ? null : old.latencyMs(), message));
    }

    private void checkAll() {
        try {
            for (String body : engine.reads().list(Kinds.CONNECTIONS)) {
                String name = Json.parseStored(body).path("name").asText();
                Status current = status(name);
                if (current.state() != State.STOPPED) {
                    check(name, current.generation());
                }
            }
            for (Map.Entry<String, Status> entry : states.entrySet()) {
                if (!exists(entry.getKey())) {
                    states.remove(entry.getKey(), entry.getValue()); // not if a newer start or stop came meanwhile
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("connection check round failed: {}", e.toString());
        }
    }

    private boolean exists(String name) {
        try {
            engine.reads().read(Kinds.CONNECTIONS, name);
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    private void check(String name, long generation) {
        TestResult result;
        try {
            ResourceEngine.WithSecrets connection = engine.withSecrets(Kinds.CONNECTIONS, name).orElseThrow();
            result = tester.test(connection.document(), connection.secrets());
        } catch (RuntimeException e) {
            return; // deleted meanwhile, or the store is away: the next round tries again
        }
        ObjectNode summary = result.toJson();
        Instant now = clock.instant();
        states.computeIfPresent(name, (key, old) -> old.generation() != generation || old.state() == State.STOPPED ? old
                : new Status(result.success() ? State.RUNNING : State.FAILED, generation, now,
                summary.has("latencyMs") ? summary.get("latencyMs").asLong() : null,
                result.success() ? summary.path("message").asText() : summary.path("error").asText()));
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
