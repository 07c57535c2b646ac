package dev.fulcrum.store.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The totals of paged lists, remembered for up to a second. Counting is the one part of a page whose cost
 * grows with the number of documents (measured on H2: 30-40 ms among 100,000, against 0.5 ms for the page
 * itself). A write through this process that adds, removes or refilters a resource's documents forgets its
 * totals once it commits, so this process's own writes are always counted; another instance's within a second.
 */
final class ListCounts {
    private static final long MAX_AGE_NANOS = 1_000_000_000L;
    private final Map<String, AtomicLong> generations = new ConcurrentHashMap<>();
    private final Map<Key, Count> counts = new ConcurrentHashMap<>();

    private record Key(String resource, Map<String, String> filters) {
    }

    private record Count(long total, long generation, long countedAt) {
    }

    long count(String resource, Map<String, String> filters, Supplier<Long> counter) {
        Key key = new Key(resource, filters);
        long generation = generation(resource).get();
        Count known = counts.get(key);
        long now = System.nanoTime();
        if (known != null && known.generation() == generation && now - known.countedAt() < MAX_AGE_NANOS) {
            return known.total();
        }
        long total = counter.get();
        if (counts.size() > 10_000) {
            counts.clear(); // many distinct filters: start again rather than grow without bound
        }
        counts.put(key, new Count(total, generation, now)); // a write meanwhile bumped the generation: not reused
        return total;
    }

    /** Called once a write that may change the totals of {@code resource} has committed. */
    void changed(String resource) {
        generation(resource).incrementAndGet();
    }

    private AtomicLong generation(String resource) {
        return generations.computeIfAbsent(resource, any -> new AtomicLong());
    }
}
