package dev.fulcrum.app.engine;

import dev.fulcrum.store.DocumentKey;
import dev.fulcrum.store.StoreBusyException;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The turn of each writer of a document in this process: first come, first served (fair locks), and waiting
 * before a database connection is taken, so a hundred writers of one dashboard neither hold the pool nor starve
 * each other. The database's row lock ({@code FOR UPDATE}) still orders writers from other processes (the CLI,
 * other instances); this only makes the ones of this process queue fairly and cheaply. A lock exists only while
 * somebody holds or waits for it.
 */
final class DocumentLocks {
    private final ConcurrentHashMap<DocumentKey, Slot> slots = new ConcurrentHashMap<>();
    private final Duration timeout;

    /** A document's lock and how many writers hold it or wait for it (changed only inside the map's compute). */
    private static final class Slot {
        private final ReentrantLock lock = new ReentrantLock(true);
        private int users;
    }

    /** The turn, given back by closing it. */
    interface Turn extends AutoCloseable {
        @Override
        void close();
    }

    DocumentLocks(Duration timeout) {
        this.timeout = timeout;
    }

    /** Waits for this document's turn, at most the write timeout (then {@link StoreBusyException}: a 503). */
    Turn await(String resource, String name) {
        DocumentKey key = new DocumentKey(resource, name);
        Slot slot = slots.compute(key, (any, existing) -> {
            Slot taken = existing == null ? new Slot() : existing;
            taken.users++;
            return taken;
        });
        boolean locked = false;
        try {
            locked = slot.lock.tryLock(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (!locked) {
                leave(key, slot);
            }
        }
        if (!locked) {
            throw new StoreBusyException(resource + " '" + name + "' had other writers for " + timeout.toMillis()
                    + " ms; nothing was stored, try again", null);
        }
        return () -> {
            slot.lock.unlock();
            leave(key, slot);
        };
    }

    private void leave(DocumentKey key, Slot slot) {
        slots.computeIfPresent(key, (any, existing) -> --existing.users == 0 ? null : existing);
    }
}
