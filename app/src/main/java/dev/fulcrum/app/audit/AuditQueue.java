package dev.fulcrum.app.audit;

import dev.fulcrum.app.engine.AuditSink;
import dev.fulcrum.store.Actor;
import dev.fulcrum.store.AuditEntry;
import dev.fulcrum.store.AuditStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records in the audit log, off the request's path, what no document transaction records: refused requests
 * (401, 403) and changes outside documents (API tokens, connection start/stop/fail). A request costs a map
 * update, not a database write, and identical requests within the same tenth of a second (same caller,
 * address, method, path and status) become one entry with their {@code count}, so a flood cannot turn into a
 * flood of writes. Refused requests (401, 403, 429) are merged further, whatever their method and path: one
 * entry per caller, address, status and second, naming the first request (and its request id) and counting them all (black-box
 * reviews grew the database by 75 MB with 7,859 bad-token requests to new paths, and by 10 MB a second with a
 * valid token's 403s, one row each). A background thread writes them in batches, one transaction each.
 * Beyond 10,000 distinct entries waiting, or when the database refuses a batch, entries are counted and
 * recorded later as one entry (method {@code -}) whose name says how many were not recorded.
 */
public final class AuditQueue implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AuditQueue.class);
    private static final int CAPACITY = 10_000;
    /** How long refusals of one caller from one address are gathered into one entry. */
    private static final long REFUSAL_WINDOW_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** Set while flush() waits: the writer then takes every entry, however young. */
    private volatile boolean draining;
    private final Map<AuditEntry, Pending> pending = new ConcurrentHashMap<>();
    private final AtomicLong dropped = new AtomicLong();
    /** Every request ever dropped (dropped is emptied into the log's entry that reports them); for the metrics. */
    private final AtomicLong droppedTotal = new AtomicLong();
    /** Requests added, and requests written (or counted as lost): flush waits for the second to reach the first. */
    private final AtomicLong added = new AtomicLong();
    private final AtomicLong settled = new AtomicLong();
    private final AuditStore store;
    private final AuditSink sink;
    private final Thread writer;
    private volatile boolean running = true;

    /** The first of identical requests and how many there were; sealed once the writer took it. */
    private static final class Pending {
        private final AuditEntry first;
        private final long createdNanos = System.nanoTime();
        private long count;
        private boolean sealed;

        Pending(AuditEntry first) {
            this.first = first;
        }

        /** Whether the writer should wait for more like it: a refusal younger than its window. */
        boolean gathering(long now) {
            return isRefusal(first.status()) && now - createdNanos < REFUSAL_WINDOW_NANOS;
        }

        synchronized boolean add() {
            if (sealed) {
                return false;
            }
            count++;
            return true;
        }

        synchronized AuditEntry seal() {
            sealed = true;
            return first.times(count);
        }
    }

    /** Refused: no valid token (401), not allowed (403), or a password check that must wait (429). */
    private static boolean isRefusal(int status) {
        return status == 401 || status == 403 || status == 429;
    }

    public AuditQueue(AuditStore store, AuditSink sink) {
        this.store = store;
        this.sink = sink;
        this.writer = new Thread(this::run, "audit-queue");
        writer.setDaemon(true);
        writer.start();
    }

    public void add(AuditEntry entry) {
        added.incrementAndGet();
        // requests merged into one entry have different ids: the key has none, and the entry keeps the first one's
        AuditEntry key = isRefusal(entry.status()) // any method, any path: one entry per caller, address and window
                ? new AuditEntry(0, Instant.EPOCH, entry.actor(), entry.clientAddress(), "*", "*", null, null, entry.status(),
                        List.of(), null)
                : new AuditEntry(0, Instant.EPOCH, entry.actor(), entry.clientAddress(), entry.method(), entry.path(),
                        entry.resource(), entry.name(), entry.status(), entry.changedFields(), null);
        while (true) {
            Pending slot = pending.get(key);
            if (slot == null) {
                if (pending.size() >= CAPACITY) {
                    dropped.incrementAndGet();
                    droppedTotal.incrementAndGet();
                    settled.incrementAndGet();
                    return;
                }
                slot = pending.computeIfAbsent(key, any -> new Pending(entry));
            }
            if (slot.add()) {
                return;
            }
            pending.remove(key, slot); // the writer took it meanwhile: start the next one
        }
    }

    /** The distinct entries waiting to be written now. */
    public int depth() {
        return pending.size();
    }

    /** The requests not recorded since the start: the queue was full, or the database refused their batch. */
    public long droppedTotal() {
        return droppedTotal.get();
    }

    /** Waits until everything added so far is written, for tests and shutdown. */
    public void flush() {
        draining = true;
        try {
            awaitSettled();
        } finally {
            draining = false;
        }
    }

    private void awaitSettled() {
        long target = added.get();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while ((settled.get() < target || dropped.get() > 0) && System.nanoTime() < deadline) {
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
        while (true) {
            boolean closing = !running;
            long lost = 0;
            try {
                if (!closing) {
                    Thread.sleep(100);
                }
                long now = System.nanoTime();
                boolean takeAll = closing || draining;
                for (Map.Entry<AuditEntry, Pending> waiting : List.copyOf(pending.entrySet())) {
                    if (!takeAll && waiting.getValue().gathering(now)) {
                        continue;
                    }
                    Pending slot = pending.remove(waiting.getKey());
                    if (slot != null) {
                        batch.add(slot.seal());
                    }
                }
                lost = dropped.getAndSet(0);
                if (lost > 0) {
                    batch.add(new AuditEntry(0, Instant.now(), Actor.SYSTEM, null, "-", "-", null,
                            lost + " requests not recorded: the audit queue was full or the database refused them",
                            0, List.of(), null));
                }
                if (!batch.isEmpty()) {
                    List<Long> ids = store.appendAll(batch);
                    for (int i = 0; i < batch.size(); i++) {
                        sink.committed(batch.get(i).withId(ids.get(i)));
                    }
                    settle(batch);
                    batch.clear();
                }
                if (closing && pending.isEmpty()) {
                    return; // everything added before close() is written
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // counted, so that the next entry that can be written says how many were lost
                LOG.warn("could not record {} entries in the audit log: {}", batch.size(), e.getMessage());
                // including what the refused "-" entry was to report, or that count would be lost with it
                long unwritten = batch.stream().filter(entry -> !entry.method().equals("-")).mapToLong(AuditEntry::count).sum();
                dropped.addAndGet(lost + unwritten);
                droppedTotal.addAndGet(unwritten);
                settle(batch);
                batch.clear();
                if (closing) {
                    return; // the database is going away with the server: say so once, do not retry for ever
                }
                pause();
            }
        }
    }

    private void settle(List<AuditEntry> batch) {
        settled.addAndGet(batch.stream().filter(entry -> !entry.method().equals("-")).mapToLong(AuditEntry::count).sum());
    }

    private static void pause() {
        try {
            Thread.sleep(1_000); // the database is likely away: do not spin
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Writes everything added so far, then stops: called on shutdown once no request can add more, and before the
     * database closes. Waits at most {@code grace} for the database to take it.
     */
    public void close(Duration grace) {
        running = false; // the writer sees it within its 100 ms nap (never interrupt it: H2 closes an interrupted file)
        try {
            writer.join(Math.max(1, grace.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(5));
    }
}
