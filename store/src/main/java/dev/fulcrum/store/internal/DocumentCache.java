package dev.fulcrum.store.internal;

import dev.fulcrum.store.StoredDocument;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * The documents read by name since the database's documents last changed, up to a budget: a GET by name of a
 * document read before is answered without a query. Kept per reading of a clock that moves with every change of any
 * document, whoever makes it (this server's writes, the command line's through the AUTO_SERVER port, any other
 * session), before the change's commit returns to the writer, and with nothing else ({@link H2DocumentsClock}). A
 * read takes the clock's reading before it queries and files what it read under that reading; a lookup finds only
 * what was filed under the reading of now. So a document changed after the query is filed under a reading that has
 * passed, and is never answered; and anything acknowledged to a writer has moved the clock past every earlier
 * reading. Every change of a document starts an empty generation: the cache helps a database whose documents are
 * read much more than written, and costs one query a document after each write; commits that change no document
 * (audit entries, tokens' last uses, connections' checks) leave it alone.
 * <p>
 * Documents are kept packed: deflated against a dictionary, the first document of the same resource kept in the
 * generation. Documents of one kind share most of their text (their fields' names, their defaults), so a data cube
 * of the benchmark's 740 bytes keeps in 26, and unpacking it takes a microsecond.
 */
final class DocumentCache {
    /**
     * What a kept document costs beyond its packed bytes and its name's characters, in bytes: the map's node, the
     * name's String and array headers, the packed array's header, the map's table slots.
     */
    private static final int OVERHEAD = 88;
    /** The packed form's fixed part: version, created and updated (seconds, nanoseconds), the lengths of the text. */
    private static final int HEADER = 8 + 8 + 4 + 8 + 4 + 4 + 4;
    /** zlib looks back at most 32 KB, so a longer dictionary would only cost memory. */
    private static final int DICTIONARY_MAX = 32 * 1024;
    /** Deflaters cost about 256 KB of native memory each: a few are kept for the threads that pack, not one a thread. */
    private static final BlockingQueue<Deflater> DEFLATERS = new ArrayBlockingQueue<>(4);
    private static final ThreadLocal<Inflater> INFLATER = ThreadLocal.withInitial(() -> new Inflater(true));
    private final Supplier<?> clock;
    private final long budget;
    private final AtomicReference<Generation> current;

    private static final class Generation {
        final Object reading;
        final ConcurrentHashMap<String, Shelf> shelves = new ConcurrentHashMap<>(); // by resource
        final AtomicLong bytes = new AtomicLong();

        Generation(Object reading) {
            this.reading = reading;
        }
    }

    /** One resource's documents of a generation, by name, each packed against the shelf's dictionary. */
    private record Shelf(byte[] dictionary, ConcurrentHashMap<String, byte[]> packed) {
    }

    /** @param budget about how many bytes the kept documents may take of the heap at most, packed */
    DocumentCache(Supplier<?> clock, long budget) {
        this.clock = clock;
        this.budget = budget;
        this.current = new AtomicReference<>(new Generation(clock.get()));
    }

    /** An eighth of the heap, at most 64 MB: 24 MB under bin/fulcrum's 192 MB heap. */
    static long defaultBudget() {
        return Math.min(64L << 20, Runtime.getRuntime().maxMemory() / 8);
    }

    /** The document, from memory when it was read under the clock's reading of now, else from {@code read}. */
    Optional<StoredDocument> find(String resource, String name, Supplier<Optional<StoredDocument>> read) {
        Generation generation = generationOfNow();
        Shelf shelf = generation.shelves.get(resource);
        byte[] packed = shelf == null ? null : shelf.packed.get(name);
        if (packed != null) {
            return Optional.of(unpack(resource, name, packed, shelf.dictionary));
        }
        Optional<StoredDocument> found = read.get();
        if (found.isPresent()) {
            keep(generation, found.get());
        }
        return found;
    }

    /**
     * The generation of the clock's reading now, made when the clock has moved. Readings are compared by identity and
     * have no order: a reader that read the clock before a change may replace a newer generation with one of its own
     * reading, which only empties the memory once more (lookups find nothing under a reading that has passed).
     */
    private Generation generationOfNow() {
        Object reading = clock.get();
        while (true) {
            Generation generation = current.get();
            if (generation.reading == reading) {
                return generation;
            }
            Generation fresh = new Generation(reading);
            if (current.compareAndSet(generation, fresh)) {
                return fresh;
            }
        }
    }

    private void keep(Generation generation, StoredDocument document) {
        if (generation.bytes.get() >= budget) {
            return; // full: what is kept stays until a document changes
        }
        Shelf shelf = generation.shelves.get(document.resource());
        if (shelf == null) {
            byte[] body = document.body().getBytes(StandardCharsets.UTF_8);
            Shelf made = new Shelf(body.length <= DICTIONARY_MAX ? body : Arrays.copyOf(body, DICTIONARY_MAX),
                    new ConcurrentHashMap<>());
            shelf = generation.shelves.putIfAbsent(document.resource(), made);
            if (shelf == null) {
                shelf = made;
                generation.bytes.addAndGet(OVERHEAD + made.dictionary.length);
            }
        }
        if (shelf.packed.containsKey(document.name())) {
            return;
        }
        byte[] packed = pack(document, shelf.dictionary);
        long size = OVERHEAD + document.name().length() + packed.length;
        if (generation.bytes.addAndGet(size) > budget || shelf.packed.putIfAbsent(document.name(), packed) != null) {
            generation.bytes.addAndGet(-size); // full, or kept already by another reader
        }
    }

    /** The header, then the body's and the secrets' UTF-8 bytes deflated together (raw deflate, no zlib wrapper). */
    private static byte[] pack(StoredDocument document, byte[] dictionary) {
        byte[] body = document.body().getBytes(StandardCharsets.UTF_8);
        byte[] secrets = document.secrets() == null ? null : document.secrets().getBytes(StandardCharsets.UTF_8);
        byte[] text = body;
        if (secrets != null) {
            text = Arrays.copyOf(body, body.length + secrets.length);
            System.arraycopy(secrets, 0, text, body.length, secrets.length);
        }
        Deflater deflater = DEFLATERS.poll();
        if (deflater == null) {
            deflater = new Deflater(Deflater.BEST_SPEED, true);
        }
        try {
            deflater.setDictionary(dictionary);
            deflater.setInput(text);
            deflater.finish();
            byte[] out = new byte[HEADER + text.length / 4 + 64];
            int length = HEADER;
            while (!deflater.finished()) {
                if (length == out.length) {
                    out = Arrays.copyOf(out, out.length * 2);
                }
                length += deflater.deflate(out, length, out.length - length);
            }
            ByteBuffer.wrap(out).putLong(document.version())
                    .putLong(document.createdAt().getEpochSecond()).putInt(document.createdAt().getNano())
                    .putLong(document.updatedAt().getEpochSecond()).putInt(document.updatedAt().getNano())
                    .putInt(body.length).putInt(secrets == null ? -1 : secrets.length);
            return Arrays.copyOf(out, length);
        } finally {
            deflater.reset();
            if (!DEFLATERS.offer(deflater)) {
                deflater.end();
            }
        }
    }

    private static StoredDocument unpack(String resource, String name, byte[] packed, byte[] dictionary) {
        ByteBuffer header = ByteBuffer.wrap(packed);
        long version = header.getLong();
        Instant created = Instant.ofEpochSecond(header.getLong(), header.getInt());
        Instant updated = Instant.ofEpochSecond(header.getLong(), header.getInt());
        int bodyLength = header.getInt();
        int secretsLength = header.getInt();
        byte[] text = new byte[bodyLength + Math.max(0, secretsLength)];
        Inflater inflater = INFLATER.get();
        try {
            inflater.setDictionary(dictionary);
            inflater.setInput(packed, HEADER, packed.length - HEADER);
            int length = 0;
            while (length < text.length) {
                int inflated = inflater.inflate(text, length, text.length - length);
                if (inflated == 0 && (inflater.finished() || inflater.needsInput())) {
                    throw new IllegalStateException("a packed document of " + resource + " '" + name + "' is short");
                }
                length += inflated;
            }
        } catch (DataFormatException e) {
            throw new IllegalStateException("a packed document of " + resource + " '" + name + "' is corrupt", e);
        } finally {
            inflater.reset();
        }
        String body = new String(text, 0, bodyLength, StandardCharsets.UTF_8);
        String secrets = secretsLength < 0 ? null : new String(text, bodyLength, secretsLength, StandardCharsets.UTF_8);
        return new StoredDocument(resource, name, body, secrets, version, created, updated);
    }
}
