package dev.fulcrum.app.http;

import dev.fulcrum.model.BusyException;
import io.javalin.http.Context;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import java.io.IOException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * How many JSON tokens the parsed request bodies of all requests may hold at once. A body's tree, and the copies a
 * write makes of it, cost up to ~150 bytes a token (measured on the 192 MB heap bin/fulcrum gives), so six bodies of
 * 300,000 tokens written at once exhausted the heap although each was within its own bound. A request takes its
 * body's tokens before its tree is built, waiting up to {@link #WAIT_MILLIS} for others to finish (then a 503 with
 * Retry-After), and gives them back when its answer is written: this filter wraps every request.
 */
final class ParseBudget implements Filter {
    /** ~90 MB of trees at most, beside H2's page cache (a quarter of the heap) and the rest of the server. */
    static final int TOTAL_TOKENS = 600_000;
    static final long WAIT_MILLIS = 5_000;
    private static final String TAKEN = ParseBudget.class.getName() + ".taken";
    private final Semaphore tokens = new Semaphore(TOTAL_TOKENS, true);

    /** Takes {@code count} tokens (at most {@link #TOTAL_TOKENS}) for this request, until it ends. */
    void take(Context ctx, int count) {
        int wanted = Math.min(count, TOTAL_TOKENS);
        try {
            if (!tokens.tryAcquire(wanted, WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                throw new BusyException("the server is reading as many large request bodies as its memory holds at"
                        + " once; try again shortly", 1);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BusyException("the server is stopping", 1);
        }
        Object taken = ctx.req().getAttribute(TAKEN);
        ctx.req().setAttribute(TAKEN, (taken == null ? 0 : (Integer) taken) + wanted);
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        try {
            chain.doFilter(request, response);
        } finally {
            if (request.getAttribute(TAKEN) instanceof Integer taken) {
                request.removeAttribute(TAKEN);
                tokens.release(taken);
            }
        }
    }
}
