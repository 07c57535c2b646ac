package dev.fulcrum.app.audit;

import dev.fulcrum.app.engine.AuditSink;
import dev.fulcrum.store.Actor;
import dev.fulcrum.store.AuditEntry;
import dev.fulcrum.store.AuditStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records in the audit log, off the request's path, what no document transaction records: refused requests
 * (401, 403) and changes outside documents (API tokens, connection start/stop/fail). A refusal costs a queue
 * offer, not a database write, so a flood of bad tokens cannot turn into a flood of writes. A background thread
 * writes the queue in batches, one transaction each; when the queue is full, refusals are counted and
 * recorded as one entry (method {@code -}) whose name says how many were not recorded.
 */
public final class AuditQueue implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AuditQueue.class);
    private static final int CAPACITY = 10_000;
    private final BlockingQueue<AuditEntry> queue = new ArrayBlockingQueue<>(CAPACITY);
    private final AtomicLong dropped = new AtomicLong();
    private final AuditStore store;
    private final AuditSink sink;
    private final Thread writer;
    private volatile boolean running = true;

    public AuditQueue(AuditStore store, AuditSink sink) {
        this.store = store;
        this.sink = sink;
        this.writer = new Thread(this::run, "audit-refusals");
        writer.setDaemon(true);
        writer.start();
    }

    public void add(AuditEntry entry) {
        if (!queue.offer(entry)) {
            dropped.incrementAndGet();
        }
    }

    /** Waits until everything added so far is written, for tests and shutdown. */
    public void flush() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while ((!queue.isEmpty() || dropped.get() > 0) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void run() {
        List<AuditEntry> batch = new ArrayList<>();
        while (running || !queue.isEmpty()) {
            try {
                AuditEntry first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first != null) {
                    batch.add(first);
                    queue.drainTo(batch, 999);
                }
                long lost = dropped.getAndSet(0);
                if (lost > 0) {
                    batch.add(new AuditEntry(0, Instant.now(), Actor.SYSTEM, null, "-", "-", null,
                            lost + " refused requests not recorded: the audit queue was full", 0, List.of()));
                }
                if (!batch.isEmpty()) {
                    List<Long> ids = store.appendAll(batch);
                    for (int i = 0; i < batch.size(); i++) {
                        sink.committed(withId(batch.get(i), ids.get(i)));
                    }
                    batch.clear();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // counted, so that the next entry that can be written says how many were lost
                LOG.warn("could not record {} requests in the audit log: {}", batch.size(), e.getMessage());
                dropped.addAndGet(batch.stream().filter(entry -> !entry.method().equals("-")).count());
                batch.clear();
                pause();
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(1_000); // the database is likely away: do not spin
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static AuditEntry withId(AuditEntry entry, long id) {
        return new AuditEntry(id, entry.occurredAt(), entry.actor(), entry.clientAddress(), entry.method(), entry.path(),
                entry.resource(), entry.name(), entry.status(), entry.changedFields());
    }

    @Override
    public void close() {
        running = false;
        try {
            writer.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
