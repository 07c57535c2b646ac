package dev.fulcrum.app.connections;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fulcrum.app.Json;
import dev.fulcrum.app.engine.ResourceEngine;
import dev.fulcrum.model.Kinds;
import dev.fulcrum.store.Change;
import dev.fulcrum.store.Changes;
import dev.fulcrum.store.ConnectionState;
import dev.fulcrum.store.ConnectionStateStore;
import dev.fulcrum.store.Leadership;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state of each connection, like a connector's: STARTING, RUNNING, STOPPED or FAILED, with the last check's time,
 * latency and message. The state lives in the database beside the documents, never in them, so every instance
 * answers the same and a start, stop or fail through any instance holds everywhere. One instance checks: the
 * {@link Leadership leader}, which tests every connection that is not stopped each interval, and a started one at
 * once (told by the start's announcement, or by its own look for STARTING ones every two seconds, which is also when
 * an instance asks whether it leads now). Each start, stop and fail carries a new generation; a check's result is
 * written only while the generation it began at is still the stored one (compare-and-set), so a check that finishes
 * after a newer start, stop or fail, wherever it was made, cannot overwrite it.
 */
public final class ConnectionMonitor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionMonitor.class);
    /** How often an instance asks whether it leads (and a leader looks for started connections). */
    private static final Duration FOLLOW_UP = Duration.ofSeconds(2);

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

        static Status of(ConnectionState stored) {
            return new Status(State.valueOf(stored.state()), stored.generation(), stored.checkedAt(), stored.latencyMs(),
                    stored.message());
        }
    }

    /** A connection's state until its first check. */
    private static final Status FIRST = new Status(State.STARTING, 0, null, null, "waiting for the first check");
    private final ResourceEngine engine;
    private final ConnectionTester tester;
    private final Clock clock;
    private final ConnectionStateStore states;
    private final Leadership leadership;
    /** The generation of each connection's last start whose check this leader has begun: checked once, not twice. */
    private final Map<String, Long> startsChecked = new ConcurrentHashMap<>();
    private volatile boolean leading;
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1, runnable -> {
        Thread thread = new Thread(runnable, "connection-monitor");
        thread.setDaemon(true);
        return thread;
    });

    public ConnectionMonitor(ResourceEngine engine, ConnectionTester tester, Duration interval, Clock clock,
                             ConnectionStateStore states, Leadership leadership, Changes changes) {
        this.engine = engine;
        this.tester = tester;
        this.clock = clock;
        this.states = states;
        this.leadership = leadership;
        changes.subscribe(this::heard);
        scheduler.scheduleWithFixedDelay(this::checkAll, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(this::followUp, FOLLOW_UP.toMillis(), FOLLOW_UP.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The state of an existing connection (a 404 comes from the engine when it does not exist). */
    public Status status(String name) {
        engine.reads().read(Kinds.CONNECTIONS, name);
        return states.find(name).map(Status::of).orElse(FIRST);
    }

    /**
     * The states of connections the caller has just read (a list's), in one query, without reading the connections
     * again; one that has none yet is {@link #known}'s first state.
     */
    public Map<String, Status> known() {
        Map<String, Status> known = new HashMap<>();
        states.all().forEach(stored -> known.put(stored.name(), Status.of(stored)));
        return known;
    }

    /** The state of a connection that {@link #known} has no state of: waiting for its first check. */
    public static Status first() {
        return FIRST;
    }

    /** How many connections are in {@code state} now; for the server's metrics. */
    public long count(State state) {
        return states.all().stream().filter(stored -> stored.state().equals(state.name())).count();
    }

    /** Start (or restart after a change): STARTING now, then the result of the leader's test. */
    public Status start(String name) {
        engine.reads().read(Kinds.CONNECTIONS, name);
        Status starting = Status.of(states.transition(name, State.STARTING.name(), "starting"));
        scheduler.execute(() -> checkIfStarted(name)); // this leader's at once; another's when it hears the start
        return starting;
    }

    /** Stop: keep the connection, stop checking it. */
    public Status stop(String name) {
        engine.reads().read(Kinds.CONNECTIONS, name);
        return Status.of(states.transition(name, State.STOPPED.name(), "stopped by request"));
    }

    /** Fail: force FAILED, for a connection stuck in an unwanted state. */
    public Status fail(String name) {
        engine.reads().read(Kinds.CONNECTIONS, name);
        return Status.of(states.transition(name, State.FAILED.name(), "failed by request"));
    }

    /** On the listening thread: hands the work to the monitor's. */
    private void heard(Change change) {
        if (scheduler.isShutdown()) {
            return; // closing: the database closes next
        }
        if (change.equals(Change.ANYTHING)) {
            scheduler.execute(this::checkStarted);
        } else if (change.subject().equals(Change.CONNECTION_STATES)) {
            scheduler.execute(() -> checkIfStarted(change.name()));
        }
    }

    /** Every two seconds: an instance that has just become the leader checks everything; a leader, what was started. */
    private void followUp() {
        try {
            if (!leading) {
                checkAll();
            } else {
                checkStarted();
            }
        } catch (RuntimeException e) {
            LOG.warn("connection monitor follow-up failed: {}", e.toString());
        }
    }

    private void checkStarted() {
        if (leadership.lead()) {
            states.all().stream().filter(stored -> stored.state().equals(State.STARTING.name()))
                    .forEach(stored -> checkIfStarted(stored.name()));
        }
    }

    /** Checks a connection whose start this leader has not checked yet. */
    private void checkIfStarted(String name) {
        try {
            Optional<ConnectionState> stored = states.find(name);
            if (stored.isPresent() && stored.get().state().equals(State.STARTING.name())
                    && !Long.valueOf(stored.get().generation()).equals(startsChecked.get(name)) && leadership.lead()) {
                startsChecked.put(name, stored.get().generation());
                check(name, stored.get().generation());
            }
        } catch (RuntimeException e) {
            LOG.warn("checking started connection '{}' failed: {}", name, e.toString());
        }
    }

    private void checkAll() {
        try {
            leading = leadership.lead();
            if (!leading) {
                return;
            }
            Map<String, Status> known = known();
            for (String body : engine.reads().list(Kinds.CONNECTIONS)) {
                String name = Json.parseStored(body).path("name").asText();
                Status current = known.getOrDefault(name, FIRST);
                if (current.state() != State.STOPPED) {
                    check(name, current.generation());
                }
            }
            states.forgetAllBut(Kinds.CONNECTIONS.resource());
            startsChecked.keySet().retainAll(known.keySet());
        } catch (RuntimeException e) {
            LOG.warn("connection check round failed: {}", e.toString());
        }
    }

    /**
     * Tests a connection at {@code generation} and stores the result unless a newer start, stop or fail came
     * meanwhile. Asks first whether this instance still leads (an old leader that lost its lock checks nothing) and
     * whether the stored generation is still the one it read.
     */
    private void check(String name, long generation) {
        TestResult result;
        try {
            Optional<ConnectionState> stored = states.find(name);
            if (stored.isPresent() && (stored.get().generation() != generation
                    || stored.get().state().equals(State.STOPPED.name())) || !leadership.lead()) {
                return;
            }
            ResourceEngine.WithSecrets connection = engine.withSecrets(Kinds.CONNECTIONS, name).orElseThrow();
            result = tester.test(connection.document(), connection.secrets());
        } catch (RuntimeException e) {
            return; // deleted meanwhile, or the store is away: the next round tries again
        }
        ObjectNode summary = result.toJson();
        try {
            states.recordCheck(name, generation, (result.success() ? State.RUNNING : State.FAILED).name(), clock.instant(),
                    summary.has("latencyMs") ? summary.get("latencyMs").asLong() : null,
                    result.success() ? summary.path("message").asText() : summary.path("error").asText());
        } catch (RuntimeException e) {
            LOG.warn("the check of connection '{}' could not be stored: {}", name, e.toString());
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
