package dev.fulcrum.store.internal;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import org.jdbi.v3.core.Handle;

/**
 * How writes on H2 keep references whole without queueing on what they refer to (migration V12). A write that adds a
 * reference locks one row of {@code reference_guards}, its slot, then checks that the referenced document exists; a
 * delete locks every row, then looks for references. So a delete waits for the writes referencing anything that are
 * in flight, and sees their references once they commit, and no write can add a reference while a delete holds the
 * rows; while writes of this process, each in a slot of its own, never wait for one another. Writers of other
 * processes (the CLI beside a server) may share a slot with one of ours: they then take turns, and are just as safe.
 */
final class ReferenceGuards {
    /** As many as the rows V12 made. */
    static final int SLOTS = 32;
    /** Row locks taken by an update (H2 keeps no parsed SELECT ... FOR UPDATE in its statement cache). */
    private static final String LOCK_ONE = "UPDATE reference_guards SET turns = turns + 1 WHERE slot = :slot";
    /** In the order of the primary key, as every delete does: two deletes never hold each other's slots. */
    private static final String LOCK_ALL = "UPDATE reference_guards SET turns = turns + 1";
    private final ConcurrentLinkedQueue<Integer> free = new ConcurrentLinkedQueue<>();

    ReferenceGuards() {
        for (int slot = 0; slot < SLOTS; slot++) {
            free.add(slot);
        }
    }

    /** A transaction's hold on a slot, taken at its first reference and given back once the transaction has ended. */
    final class Lease implements AutoCloseable {
        private Integer owned;
        private boolean held;

        /** Locks this transaction's slot (once) until the transaction ends. */
        void hold(Handle handle) {
            if (!held) {
                owned = free.poll(); // none left (more writers than slots): share one, and take turns on it
                int slot = owned != null ? owned : ThreadLocalRandom.current().nextInt(SLOTS);
                handle.createUpdate(LOCK_ONE).bind("slot", slot).execute();
                held = true;
            }
        }

        @Override
        public void close() {
            if (owned != null) {
                free.add(owned);
            }
            owned = null;
            held = false;
        }
    }

    Lease lease() {
        return new Lease();
    }

    /** Locks every slot until the transaction ends: no reference can be added meanwhile. */
    static void holdAll(Handle handle) {
        handle.createUpdate(LOCK_ALL).execute();
    }
}
