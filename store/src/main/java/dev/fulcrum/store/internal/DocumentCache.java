package dev.fulcrum.store.internal;

import dev.fulcrum.store.DocumentKey;
import dev.fulcrum.store.StoredDocument;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The documents read by name since the database last committed anything, up to a budget: a GET by name of a document
 * read before is answered without a query. Kept per reading of a commit clock, which moves after every commit that
 * changes the database, whoever commits it (this server's writes, the command line's through the AUTO_SERVER port,
 * any other session), and before the commit returns to the writer ({@link H2CommitClock}). A read takes the clock's
 * reading before it queries and files what it read under that reading; a lookup finds only what was filed under
 * the reading of now. So a document changed by a commit after the query is filed under a reading that has passed,
 * and is never answered; and anything acknowledged to a writer has moved the clock past every earlier reading.
 * Every commit starts an empty generation: the cache helps a database read much more than it is written, and costs
 * one query a document after each write.
 */
final class DocumentCache {
    /** What a document costs beyond its text (the record, its strings' headers, the map's entry), in bytes. */
    private static final int OVERHEAD = 160;
    private final LongSupplier clock;
    private final long budget;
    private final AtomicReference<Generation> current;

    private static final class Generation {
        final long reading;
        final ConcurrentHashMap<DocumentKey, StoredDocument> documents = new ConcurrentHashMap<>();
        final AtomicLong bytes = new AtomicLong();

        Generation(long reading) {
            this.reading = reading;
        }
    }

    /**
     * @param budget about how many bytes of documents to keep at most, their text counted a byte a character (as Java
     *               holds Latin-1 text; text beyond it takes up to twice as much)
     */
    DocumentCache(LongSupplier clock, long budget) {
        this.clock = clock;
        this.budget = budget;
        this.current = new AtomicReference<>(new Generation(clock.getAsLong()));
    }

    /** A sixteenth of the heap, at most 64 MB: 12 MB under bin/fulcrum's 192 MB heap. */
    static long defaultBudget() {
        return Math.min(64L << 20, Runtime.getRuntime().maxMemory() / 16);
    }

    /** The document, from memory when it was read under the clock's reading of now, else from {@code read}. */
    Optional<StoredDocument> find(String resource, String name, Supplier<Optional<StoredDocument>> read) {
        Generation generation = generationOfNow();
        DocumentKey key = new DocumentKey(resource, name);
        if (generation != null) {
            StoredDocument known = generation.documents.get(key);
            if (known != null) {
                return Optional.of(known);
            }
        }
        Optional<StoredDocument> found = read.get();
        if (generation != null && found.isPresent()) {
            keep(generation, key, found.get());
        }
        return found;
    }

    /** The generation of the clock's reading now, made when the clock has moved; null when a newer one exists. */
    private Generation generationOfNow() {
        long reading = clock.getAsLong();
        while (true) {
            Generation generation = current.get();
            if (generation.reading == reading) {
                return generation;
            }
            if (generation.reading > reading) {
                return null; // this reader read the clock before another began a newer generation: it keeps nothing
            }
            Generation fresh = new Generation(reading);
            if (current.compareAndSet(generation, fresh)) {
                return fresh;
            }
        }
    }

    private void keep(Generation generation, DocumentKey key, StoredDocument document) {
        long size = OVERHEAD + document.name().length() + document.body().length()
                + (document.secrets() == null ? 0 : document.secrets().length());
        if (generation.bytes.addAndGet(size) > budget || generation.documents.putIfAbsent(key, document) != null) {
            generation.bytes.addAndGet(-size); // full (what is kept stays until the next commit), or kept already
        }
    }
}
