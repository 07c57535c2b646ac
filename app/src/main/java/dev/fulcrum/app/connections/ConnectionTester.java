package dev.fulcrum.app.connections;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fulcrum.model.kinds.ConnectionField;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * Really reaches what a connection names: Druid's {@code /status} on every query host, or a JDBC connection
 * and a ping for PostgreSQL and MySQL. Every probe of the server, tests and monitor alike, runs in one pool of
 * a fixed number of threads; each probe has the test's deadline, at which its sockets are closed. A probe
 * reports success with a version (only when it looks like one), or a fixed {@link ProbeFailure.Reason}: never
 * a byte of what the target said, so that tests cannot be used to read or map other services.
 */
public final class ConnectionTester implements AutoCloseable {
    private static final Pattern VERSION = Pattern.compile("[0-9]{1,9}(\\.[0-9]{1,9}){0,3}([-+][A-Za-z0-9.+-]{1,32})?");
    private final Duration budget;
    private final ProbePolicy policy;
    private final ExecutorService workers;

    public ConnectionTester(Duration budget, ProbePolicy policy, int threads) {
        this.budget = budget;
        this.policy = policy;
        AtomicInteger count = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, "connection-probe-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Tests {@code connection} (its public form) with its decrypted {@code secrets}. */
    public TestResult test(ObjectNode connection, ObjectNode secrets) {
        ObjectNode full = connection.deepCopy();
        secrets.properties().forEach(entry -> full.set(entry.getKey(), entry.getValue()));
        List<String> targets = targets(full);
        long deadline = System.nanoTime() + budget.toNanos();
        List<Probe> probes = new ArrayList<>();
        List<Future<TestResult.HostResult>> running = new ArrayList<>();
        for (String target : targets) {
            Probe probe = new Probe(policy, deadline);
            probes.add(probe);
            running.add(workers.submit(() -> probe.run(() -> testOne(probe, full, target))));
        }
        List<TestResult.HostResult> results = new ArrayList<>();
        for (int i = 0; i < running.size(); i++) {
            results.add(await(running.get(i), probes.get(i), targets.get(i), deadline));
        }
        return new TestResult(results);
    }

    private static List<String> targets(ObjectNode connection) {
        String type = connection.path("type").asText();
        if (type.equals("postgres") || type.equals("mysql")) {
            return List.of(connection.path("host").asText() + ":" + connection.path("port").asInt());
        }
        List<String> hosts = new ArrayList<>();
        connection.path("queryHosts").forEach(host -> hosts.add(host.asText()));
        // validation allows no more; a document stored before that limit is still tested only this far
        return hosts.size() > ConnectionField.MAX_HOSTS ? hosts.subList(0, ConnectionField.MAX_HOSTS) : hosts;
    }

    private TestResult.HostResult await(Future<TestResult.HostResult> result, Probe probe, String target, long deadline) {
        try {
            return result.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            probe.abort(); // frees the thread: a read on a closed socket ends at once
            result.cancel(true);
            return failed(target, probe.started() ? ProbeFailure.Reason.UNREACHABLE : ProbeFailure.Reason.BUSY);
        } catch (ExecutionException e) {
            return failed(target, classify(e.getCause(), probe));
        } catch (InterruptedException e) {
            probe.abort();
            Thread.currentThread().interrupt();
            return failed(target, ProbeFailure.Reason.BUSY);
        }
    }

    private static TestResult.HostResult failed(String target, ProbeFailure.Reason reason) {
        return TestResult.HostResult.failed(target, reason.text);
    }

    private static ProbeFailure.Reason classify(Throwable failure, Probe probe) {
        if (probe.blocked()) {
            return ProbeFailure.Reason.BLOCKED;
        }
        if (failure instanceof ProbeFailure known) {
            return known.reason;
        }
        if (failure instanceof SQLException sql && sql.getSQLState() != null) {
            // the database spoke its protocol: SQLSTATE class 28 is its "invalid authorization", 08 a connection failure
            String state = sql.getSQLState();
            return state.startsWith("28") ? ProbeFailure.Reason.AUTHENTICATION
                    : state.startsWith("08") ? ProbeFailure.Reason.UNREACHABLE : ProbeFailure.Reason.UNEXPECTED;
        }
        return ProbeFailure.Reason.UNREACHABLE;
    }

    private TestResult.HostResult testOne(Probe probe, ObjectNode connection, String target) throws Exception {
        long start = System.nanoTime();
        String type = connection.path("type").asText();
        String version = type.equals("postgres") || type.equals("mysql") ? DatabaseProbe.ping(probe, connection, type)
                : DruidProbe.status(probe, connection, target);
        return TestResult.HostResult.ok(target, (System.nanoTime() - start) / 1_000_000,
                version != null && VERSION.matcher(version).matches() ? version : null);
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }
}
