package dev.fulcrum.app.http;

import dev.fulcrum.store.Database;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the server may take traffic ({@code GET /health/ready}): its start has finished (the database opened and
 * migrated, the built-ins and the consistency check done), it is not shutting down, and the database answers a
 * trivial query within a second. One check runs at a time: probes that arrive meanwhile wait for the same answer,
 * and a database that hangs costs one thread, never one per probe. The probe needs no token, so it answers the
 * reason in general words; the driver's own message (hosts, ports) goes to the log, once per change.
 */
public final class Readiness {
    private static final Logger LOG = LoggerFactory.getLogger(Readiness.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(1);
    static final String DATABASE_AWAY = "the state database does not answer";
    private final Database database;
    /** Why the server is not ready whatever the database says, or null once started. */
    private volatile String phase = "the server is starting";
    private CompletableFuture<String> running;
    private String lastLogged;

    public Readiness(Database database) {
        this.database = database;
    }

    /** The start has finished: from now on the database decides. */
    public void started() {
        phase = null;
    }

    /** The server is shutting down: no longer ready, whatever the database says. */
    public void stopping() {
        phase = "the server is shutting down";
    }

    /** Why the server is not ready, or null when it is. */
    String notReadyBecause() {
        String now = phase;
        if (now != null) {
            return now;
        }
        try {
            return check().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS) == null ? null : DATABASE_AWAY;
        } catch (TimeoutException e) {
            return DATABASE_AWAY + " within " + TIMEOUT.toMillis() + " ms";
        } catch (ExecutionException e) {
            return DATABASE_AWAY;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return DATABASE_AWAY;
        }
    }

    private synchronized CompletableFuture<String> check() {
        if (running == null || running.isDone()) {
            CompletableFuture<String> answer = new CompletableFuture<>();
            running = answer;
            Thread thread = new Thread(() -> {
                String failure = null;
                try {
                    database.ping(TIMEOUT);
                } catch (RuntimeException e) {
                    failure = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                }
                logChange(failure);
                answer.complete(failure);
            }, "readiness-check");
            thread.setDaemon(true);
            thread.start();
        }
        return running;
    }

    private synchronized void logChange(String failure) {
        if (!Objects.equals(failure, lastLogged)) {
            if (failure == null) {
                LOG.info("ready: the state database answers again");
            } else {
                LOG.warn("not ready: the state database does not answer: {}", failure);
            }
            lastLogged = failure;
        }
    }
}
