package dev.fulcrum.app.http;

import dev.fulcrum.app.access.Principal;
import dev.fulcrum.app.watch.WatchHub;
import dev.fulcrum.app.watch.WatchScope;
import dev.fulcrum.model.InvalidException;
import dev.fulcrum.model.Kind;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardSocketOptions;
import java.util.Collections;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.SocketChannelEndPoint;

/**
 * {@code GET /api/v1/<res>?watch=true}, {@code GET /api/v1/<res>/<name>?watch=true} and {@code GET /api/v1/watch}: a
 * Server-Sent Events stream of the changes the
 * caller may see ({@link WatchHub}). The query takes {@code since=<event id>} (and {@code watch=true} on a kind's
 * list or a document); a {@code Last-Event-ID} header, which a browser's EventSource sends when it reconnects with the URL it
 * started with, wins over {@code since}. (Jetty's idle timeout does not end a stream that waits quietly between
 * heartbeats, only a write that a client leaves pending for that long.)
 */
final class WatchHandler {
    static final String WATCH = "watch";
    static final String SINCE = "since";
    static final String LAST_EVENT_ID = "Last-Event-ID";
    static final String CONTENT_TYPE = "text/event-stream; charset=utf-8";
    private final WatchHub hub;
    /** Every kind the caller may read. */
    final Handler all;

    WatchHandler(WatchHub hub) {
        this.hub = hub;
        this.all = QueryParameters.only(ctx -> open(ctx, WatchScope.EVERYTHING), SINCE);
    }

    /** Whether a list request asks for a watch instead ({@code watch} given at all, so that watch=false is refused). */
    static boolean asks(Context ctx) {
        return ctx.queryParamMap().containsKey(WATCH);
    }

    /** One kind's changes: {@code ?watch=true} on its list. */
    void kind(Context ctx, Kind kind) throws Exception {
        watch(ctx, "for the list itself", WatchScope.kind(kind.resource()));
    }

    /** One document's changes, from before it exists to after it is deleted: {@code ?watch=true} on it. */
    void document(Context ctx, Kind kind, String name) throws Exception {
        watch(ctx, "for the " + kind.singular() + " itself", WatchScope.document(kind.resource(), name));
    }

    private void watch(Context ctx, String otherwise, WatchScope scope) throws Exception {
        QueryParameters.only(request -> {
            String watch = request.queryParam(WATCH);
            if (!"true".equals(watch)) {
                throw new InvalidException("'watch' must be true, not '" + QueryParameters.clip(watch) + "'; " + otherwise
                        + " leave 'watch' out");
            }
            open(request, scope);
        }, WATCH, SINCE).handle(ctx);
    }

    private void open(Context ctx, WatchScope scope) {
        if (Collections.list(ctx.req().getHeaders(LAST_EVENT_ID)).size() > 1) {
            throw new InvalidException(LAST_EVENT_ID + " header given more than once: send the id of the last event read, once");
        }
        Long fromQuery = position("'" + SINCE + "'", ctx.queryParam(SINCE)); // checked even when the header wins
        String header = ctx.header(LAST_EVENT_ID);
        Long since = header == null || header.isEmpty() ? fromQuery : position(LAST_EVENT_ID + " header", header);
        Principal principal = ApiGate.principal(ctx);
        String token = PresentedToken.of(name -> ctx.req().getHeaders(name));
        Long from = since;
        hub.admit();
        limitSendBuffer(ctx.req());
        ctx.future(() -> {
            ServletOutputStream out;
            try {
                HttpServletResponse response = ctx.res();
                response.setStatus(200);
                response.setContentType(CONTENT_TYPE);
                response.setHeader("Cache-Control", "no-cache");
                response.setHeader("X-Accel-Buffering", "no"); // nginx: pass each event on, not a buffer full
                response.setHeader("Connection", "close"); // a stream the server ends leaves no connection behind
                out = response.getOutputStream();
            } catch (IOException | RuntimeException e) {
                hub.release();
                throw e instanceof RuntimeException runtime ? runtime : new UncheckedIOException((IOException) e);
            }
            return hub.open(ctx.req().getAsyncContext(), out, token, principal, scope, from); // gives the place back
        });
    }

    /**
     * What the kernel holds for a stream whose client does not read: a socket's send buffer grows by itself up to
     * 4 MB, so 1,000 such streams took about 2 GB of the host's memory outside the server (a black-box attack, issue
     * 14). Set, the size is fixed (Linux doubles it for its bookkeeping): a stream gets its events as fast as its
     * client reads them, and what waits beyond that waits in the stream's bounded queue, then in the database.
     */
    static final int SEND_BUFFER_BYTES = 64 * 1024;

    private static void limitSendBuffer(HttpServletRequest request) {
        try {
            EndPoint endPoint = ServletContextRequest.getServletContextRequest(request).getConnectionMetaData()
                    .getConnection().getEndPoint();
            if (endPoint instanceof SocketChannelEndPoint socket) {
                socket.getChannel().setOption(StandardSocketOptions.SO_SNDBUF, SEND_BUFFER_BYTES);
            }
        } catch (IOException | RuntimeException notASocket) {
            // another transport (a test's in-memory connector): nothing of the host's to bound
        }
    }

    /** An event id: a whole number from 0 (0: from the first event kept); null when not given (given empty: a 400). */
    private static Long position(String what, String text) {
        if (text == null) {
            return null;
        }
        if (text.chars().allMatch(c -> c >= '0' && c <= '9')) { // digits only: no sign, no spaces
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException tooLarge) {
                // reported below
            }
        }
        throw new InvalidException(what + " must be an event id, a whole number from 0, not '" + QueryParameters.clip(text) + "'");
    }
}
