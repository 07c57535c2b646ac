package dev.fulcrum.app.cluster;

import dev.fulcrum.store.Change;
import dev.fulcrum.store.Changes;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Whether a cached read of the database may still be used: no change to its subjects has been heard since the read
 * began, and it is younger than {@link Changes#maxAgeNanos} (long while changes are heard, a second while not).
 * Stamping the read before it starts, not after, means a change heard while it ran is never cached past.
 */
public final class Freshness {
    private final Changes changes;
    private final AtomicLong heardChanges = new AtomicLong();

    /** Reads of {@code subjects} (resources, {@link Change#TOKENS}) cached under the changes of {@code changes}. */
    public Freshness(Changes changes, Set<String> subjects) {
        this.changes = changes;
        changes.subscribe(change -> {
            if (subjects.stream().anyMatch(change::touches)) {
                heardChanges.incrementAndGet();
            }
        });
    }

    /** Caches that poll every second, as when no change is ever heard (the command line). */
    public static Freshness polling() {
        return new Freshness(Changes.NONE, Set.of());
    }

    /** When a read that begins now began. */
    public Stamp stamp() {
        return new Stamp(heardChanges.get(), System.nanoTime());
    }

    /** Whether a read stamped {@code stamp} may still be used. */
    public boolean isFresh(Stamp stamp) {
        return stamp.heardChanges() == heardChanges.get() && System.nanoTime() - stamp.nanos() < changes.maxAgeNanos();
    }

    /** How many changes had been heard, and the time, when a read began. */
    public record Stamp(long heardChanges, long nanos) {
    }
}
