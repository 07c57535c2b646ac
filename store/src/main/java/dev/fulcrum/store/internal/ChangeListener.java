package dev.fulcrum.store.internal;

import dev.fulcrum.store.Change;
import dev.fulcrum.store.Changes;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hears the changes of every instance on a PostgreSQL database: {@code LISTEN} on a connection of its own (never
 * one of the pool's), read by one thread. When that connection is lost, caches poll ({@link #heard} is false) while
 * this connects again, every second, by itself; once listening again it passes on {@link Change#ANYTHING}, since
 * announcements made meanwhile were missed.
 */
public final class ChangeListener implements Changes, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ChangeListener.class);
    /** A connection that stays quiet this long is asked whether it still answers (a silently lost one would not). */
    private static final long QUIET_NANOS = TimeUnit.SECONDS.toNanos(5);
    private final Callable<Connection> connect;
    private final List<Consumer<Change>> subscribers = new CopyOnWriteArrayList<>();
    private volatile boolean heard;
    private volatile boolean closed;
    private volatile Connection listening;
    private Thread thread;

    /** @param connect opens a connection of the listener's own */
    public ChangeListener(Callable<Connection> connect) {
        this.connect = connect;
    }

    /** Starts listening, once. */
    public synchronized void start() {
        if (thread == null && !closed) {
            thread = new Thread(this::listen, "change-listener");
            thread.setDaemon(true);
            thread.start();
        }
    }

    @Override
    public boolean heard() {
        return heard;
    }

    @Override
    public void subscribe(Consumer<Change> subscriber) {
        subscribers.add(subscriber);
    }

    private void listen() {
        boolean lost = false;
        while (!closed) {
            try (Connection connection = connect.call()) {
                listening = connection;
                try (Statement statement = connection.createStatement()) {
                    statement.execute("LISTEN " + Dialect.CHANNEL);
                }
                heard = true;
                publish(Change.ANYTHING); // what was cached before this connection may have changed unheard
                if (lost) {
                    LOG.info("listening for changes again; caches no longer poll");
                    lost = false;
                }
                receive(connection);
            } catch (Exception e) {
                heard = false;
                if (!closed && !lost) {
                    LOG.warn("listening for changes failed ({}); caches poll the database every second until it is"
                            + " back", e.toString());
                    lost = true;
                }
            } finally {
                heard = false;
                listening = null;
            }
            pause();
        }
    }

    private void receive(Connection connection) throws SQLException {
        PGConnection notifications = connection.unwrap(PGConnection.class);
        long quietSince = System.nanoTime();
        while (!closed) {
            PGNotification[] received = notifications.getNotifications(500);
            if (received != null && received.length > 0) {
                for (PGNotification notification : received) {
                    publish(Change.parse(notification.getParameter()));
                }
                quietSince = System.nanoTime();
            } else if (System.nanoTime() - quietSince > QUIET_NANOS) {
                if (!connection.isValid(2)) {
                    throw new SQLException("the listening connection no longer answers");
                }
                quietSince = System.nanoTime();
            }
        }
    }

    private void publish(Change change) {
        for (Consumer<Change> subscriber : subscribers) {
            try {
                subscriber.accept(change);
            } catch (RuntimeException e) {
                LOG.warn("a subscriber to changes failed: {}", e.toString());
            }
        }
    }

    private void pause() {
        try {
            Thread.sleep(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        }
    }

    @Override
    public void close() {
        closed = true;
        Connection connection = listening;
        if (connection != null) {
            try {
                connection.close(); // ends the wait for notifications
            } catch (SQLException ignored) {
                // closing anyway
            }
        }
        Thread running;
        synchronized (this) {
            running = thread;
        }
        if (running != null) {
            running.interrupt();
        }
    }
}
