package dev.fulcrum.app.http;

import dev.fulcrum.model.BusyException;
import dev.fulcrum.model.InvalidException;
import io.javalin.http.Context;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import java.io.IOException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * How much of the heap the parsed request bodies and the answers listing documents of all requests may hold at once.
 * Each was bounded alone (maxBodyBytes, no bound on lists), not together: on the 192 MB heap bin/fulcrum gives, six
 * bodies of 300,000 JSON tokens written at once, or one list of 40 documents of 3.9 MB, were an OutOfMemoryError.
 * A request takes its estimate before it builds the tree or reads the documents, waiting up to {@link #WAIT_MILLIS}
 * for others to finish (then a 503 with Retry-After), and gives it back when its answer is written: this filter
 * wraps every request.
 */
final class HeapBudget implements Filter {
    /**
     * 64 MB, beside H2's page cache (a quarter of the heap) and the rest of the server: with 96 MB, twelve unpaged
     * lists at once (each measuring, then one answering) were still an OutOfMemoryError.
     */
    static final int TOTAL_KB = 64 * 1024;
    /** A body's tree and the copies a write makes of it: up to ~150 bytes a JSON token (measured). */
    static final int BYTES_PER_TOKEN = 150;
    /**
     * An answer holds its documents ~7 times (the database's rows and pages, strings, its text, the bytes sent; measured:
     * two pages of 7.8 MB at once, counted 5 times, were an OutOfMemoryError); pretty, as a tree, up to 30.
     */
    static final int ANSWER_COPIES = 7;
    static final int PRETTY_COPIES = 30;
    /** The most bytes of documents one answer may hold: 12 MiB (84 MB by the count above: the whole budget). */
    static final long MAX_ANSWER_BYTES = 12L * 1024 * 1024;
    /**
     * What measuring an answer costs before it is known: H2 reads each row whole to sum the lengths of its bodies, one
     * at a time, so a document of up to 4 MiB a few times over.
     */
    static final long MEASURE_BYTES = 12L * 1024 * 1024;
    static final long WAIT_MILLIS = 5_000;
    private static final String TAKEN = HeapBudget.class.getName() + ".taken";
    private final Semaphore kilobytes = new Semaphore(TOTAL_KB, true);

    /** Takes what a tree of {@code tokens} JSON tokens costs, for this request until it ends. */
    void takeTokens(Context ctx, int tokens) {
        take(ctx, (long) tokens * BYTES_PER_TOKEN);
    }

    /**
     * Takes what measuring an answer costs, then what the answer holding {@code bytes} (measured without reading the
     * documents) of stored documents costs; refuses it (a 400 that ends with {@code advice}, how to ask for less) when
     * it is more than one answer may hold.
     */
    void takeAnswer(Context ctx, LongSupplier measure, String advice) {
        int measuring = take(ctx, MEASURE_BYTES);
        long bytes;
        try {
            bytes = measure.getAsLong();
        } finally {
            giveBack(ctx, measuring);
        }
        if (bytes > MAX_ANSWER_BYTES) {
            throw new InvalidException("the answer would hold " + bytes + " bytes of documents, more than the "
                    + MAX_ANSWER_BYTES + " one answer may; " + advice);
        }
        boolean pretty = JsonResponses.isPretty(ctx.queryParam("pretty"));
        long cost = bytes * (pretty ? PRETTY_COPIES : ANSWER_COPIES);
        if (pretty && cost > TOTAL_KB * 1024L) {
            throw new InvalidException("the answer would hold " + bytes + " bytes of documents, more than can be"
                    + " pretty-printed (" + TOTAL_KB * 1024L / PRETTY_COPIES + "); ask without ?pretty, or " + advice);
        }
        take(ctx, cost);
    }

    /** Takes {@code bytes}' worth (at most the whole budget), in KB, answering how many it took. */
    private int take(Context ctx, long bytes) {
        int wanted = (int) Math.min(TOTAL_KB, (bytes + 1023) / 1024);
        try {
            if (!kilobytes.tryAcquire(wanted, WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                throw new BusyException("the server holds as many large request bodies and answers as its memory allows"
                        + " at once; try again shortly", 1);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BusyException("the server is stopping", 1);
        }
        Object taken = ctx.req().getAttribute(TAKEN);
        ctx.req().setAttribute(TAKEN, (taken == null ? 0 : (Integer) taken) + wanted);
        return wanted;
    }

    private void giveBack(Context ctx, int kilobytesTaken) {
        ctx.req().setAttribute(TAKEN, (Integer) ctx.req().getAttribute(TAKEN) - kilobytesTaken);
        kilobytes.release(kilobytesTaken);
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        try {
            chain.doFilter(request, response);
        } finally {
            if (request.getAttribute(TAKEN) instanceof Integer taken) {
                request.removeAttribute(TAKEN);
                kilobytes.release(taken);
            }
        }
    }
}
