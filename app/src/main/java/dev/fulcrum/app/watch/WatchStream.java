package dev.fulcrum.app.watch;

import dev.fulcrum.app.access.AccessPolicy;
import dev.fulcrum.app.access.Principal;
import dev.fulcrum.model.Kind;
import dev.fulcrum.model.Registry;
import dev.fulcrum.store.DocumentEvents;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One open watch stream: the events waiting for its client, written with the servlet's non-blocking output, so that no
 * thread ever waits for a slow client. The queue is bounded ({@code capacity} events, {@link #STREAM_BYTES} bytes past its
 * first event, and the bytes every stream of the server holds together, {@link #ALL_STREAMS_BYTES}: 1,000 queued events
 * of 3 MB documents would have taken gigabytes); what does not fit waits in the
 * database, and {@link WatchHub} reads it again once the client has taken some. Only the hub queues; writes happen
 * on whichever thread finds the output ready, one at a time.
 */
final class WatchStream implements WriteListener, AsyncListener {
    private final ServletOutputStream out;
    private final AsyncContext async;
    private final int capacity;
    private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
    /** What one stream's queue may hold past its first event. */
    static final long STREAM_BYTES = 4L * 1024 * 1024;
    /** What the queues of every stream of this server hold together: an eighth of the heap, at most 64 MB. */
    static final long ALL_STREAMS_BYTES = Math.min(64L * 1024 * 1024, Runtime.getRuntime().maxMemory() / 8);
    /** The bytes the queues of every stream hold now (shared by the hub's streams). */
    private final AtomicLong allQueued;
    private long queuedBytes;
    /** Whether the queue refused an event that did not fit, and the client has taken nothing since. */
    private boolean refused;
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    /** The token the stream was opened with, checked again as it runs, and the caller it stands for now. */
    final String token;
    /** When that token expires, null for never. */
    private final Instant expiresAt;
    private volatile Principal principal;
    /** The kinds the stream is about: one for {@code ?watch=true}, null for every kind the caller may read. */
    private final WatchScope scope;
    /** The position of the last event queued or passed over; the hub's alone. */
    long position;
    private boolean flushNeeded;
    private boolean ending;
    private long endingSince;
    private volatile boolean closed;
    private volatile long lastWriteNanos = System.nanoTime();
    private volatile long lastProgressNanos = System.nanoTime();
    volatile long lastCheckNanos = System.nanoTime();

    WatchStream(AsyncContext async, ServletOutputStream out, int capacity, AtomicLong allQueued, String token,
                Instant expiresAt, Principal principal, WatchScope scope, long position) {
        this.expiresAt = expiresAt;
        this.async = async;
        this.allQueued = allQueued;
        this.out = out;
        this.capacity = capacity;
        this.token = token;
        this.principal = principal;
        this.scope = scope;
        this.position = position;
    }

    /** Completes when the stream has ended, whoever ended it. */
    CompletableFuture<Void> done() {
        return done;
    }

    /** Starts writing: from now on the container calls {@link #onWritePossible}. */
    void start(byte[] first) {
        synchronized (queue) {
            add(first);
        }
        async.addListener(this);
        out.setWriteListener(this);
    }

    void principal(Principal now) {
        this.principal = now;
    }

    /**
     * What a read of events for this stream may be limited to: the kinds of its scope the caller may read now (none:
     * nothing to read), and its scope's document name.
     */
    Optional<DocumentEvents.Filter> filter(Collection<Kind> kinds) {
        Set<String> resources = new HashSet<>();
        for (Kind kind : kinds) {
            if (scope.resource() == null || scope.resource().equals(kind.resource())) {
                if (AccessPolicy.mayRead(principal, kind)) {
                    resources.add(kind.resource());
                }
            }
        }
        return resources.isEmpty() ? Optional.empty() : Optional.of(new DocumentEvents.Filter(resources, scope.name()));
    }

    /** Whether the stream is about one kind (or one of its documents) that its caller may no longer read. */
    boolean lostItsKind(Registry kinds) {
        return scope.resource() != null && kinds.byResource(scope.resource())
                .map(kind -> !AccessPolicy.mayRead(principal, kind)).orElse(false);
    }

    /** Whether the token the stream was opened with has expired by {@code now} (known without the database). */
    boolean expired(Instant now) {
        return expiresAt != null && !now.isBefore(expiresAt);
    }

    /** Whether the caller sees this event: the stream is about it, and the caller's role may read its kind now. */
    boolean shows(Kind kind, String name) {
        return scope.covers(kind.resource(), name) && AccessPolicy.mayRead(principal, kind);
    }

    /** Queues one event; false (nothing queued) when the queue is full or the stream is ending. */
    boolean offer(byte[] event) {
        synchronized (queue) {
            if (ending || closed || queue.size() >= capacity || !queue.isEmpty() && (queuedBytes + event.length > STREAM_BYTES
                    || allQueued.get() + event.length > ALL_STREAMS_BYTES)) {
                refused = !ending && !closed;
                return false;
            }
            add(event);
        }
        drain();
        return true;
    }

    private void add(byte[] event) {
        queue.add(event);
        queuedBytes += event.length;
        allQueued.addAndGet(event.length);
    }

    private byte[] poll() {
        byte[] event = queue.poll();
        if (event != null) {
            refused = false; // room again: the hub offers the next event at its next tick
            queuedBytes -= event.length;
            allQueued.addAndGet(-event.length);
        }
        return event;
    }

    private void clear() {
        queue.clear();
        allQueued.addAndGet(-queuedBytes);
        queuedBytes = 0;
    }

    /**
     * How many more events the queue takes now: none while it, or all the streams' queues, hold their bytes, or since it
     * refused an event and the client has taken none (the bytes of that event did not fit).
     */
    int space() {
        synchronized (queue) {
            if (ending || closed || refused || !queue.isEmpty() && (queuedBytes >= STREAM_BYTES
                    || allQueued.get() >= ALL_STREAMS_BYTES)) {
                return 0;
            }
            return capacity - queue.size();
        }
    }

    /** Whether the client has taken nothing for {@code nanos} while events waited for it. */
    boolean stalledFor(long nanos, long now) {
        synchronized (queue) {
            return !queue.isEmpty() && now - lastProgressNanos > nanos;
        }
    }

    boolean idleFor(long nanos, long now) {
        return now - lastWriteNanos > nanos;
    }

    /**
     * Ends the stream with {@code last} (an error event), dropping what still waits: the client is told why, if it
     * still reads; one that does not is cut off by {@link #cutOffIfEndingFor}.
     */
    void end(byte[] last) {
        synchronized (queue) {
            if (ending || closed) {
                return;
            }
            ending = true;
            endingSince = System.nanoTime();
            clear();
            add(last);
        }
        drain();
    }

    /** Closes a stream whose last event could not be written within {@code nanos}. */
    void cutOffIfEndingFor(long nanos, long now) {
        boolean cut;
        synchronized (queue) {
            cut = ending && !closed && now - endingSince > nanos;
        }
        if (cut) {
            close();
        }
    }

    boolean isClosed() {
        return closed;
    }

    @Override
    public void onWritePossible() {
        drain();
    }

    /** Writes while the output is ready: the queued events, a flush, and the end once the last event is out. */
    private void drain() {
        boolean finished = false;
        synchronized (queue) {
            if (closed) {
                return;
            }
            try {
                while (out.isReady()) {
                    byte[] next = poll();
                    if (next != null) {
                        out.write(next);
                        flushNeeded = true;
                        lastWriteNanos = System.nanoTime();
                        lastProgressNanos = lastWriteNanos;
                    } else if (flushNeeded) {
                        flushNeeded = false;
                        out.flush();
                    } else {
                        finished = ending;
                        break;
                    }
                }
            } catch (IOException | RuntimeException e) {
                finished = true; // the client went away
            }
        }
        if (finished) {
            close(); // outside the lock: completing the request runs Javalin's code on this thread
        }
    }

    @Override
    public void onError(Throwable failure) {
        close();
    }

    /** Ends the request: Javalin completes it once {@link #done} completes. */
    void close() {
        synchronized (queue) {
            if (closed) {
                return;
            }
            closed = true;
            clear();
        }
        done.complete(null);
    }

    @Override
    public void onComplete(AsyncEvent event) {
        close();
    }

    @Override
    public void onTimeout(AsyncEvent event) {
        close();
    }

    @Override
    public void onError(AsyncEvent event) {
        close();
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
        // nothing: the stream starts once
    }
}
