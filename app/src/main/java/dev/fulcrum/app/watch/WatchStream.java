package dev.fulcrum.app.watch;

import dev.fulcrum.app.access.AccessPolicy;
import dev.fulcrum.app.access.Principal;
import dev.fulcrum.model.Kind;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * One open watch stream: the events waiting for its client, written with the servlet's non-blocking output, so that no
 * thread ever waits for a slow client. The queue is bounded ({@code capacity} events); what does not fit waits in the
 * database, and {@link WatchHub} reads it again once the client has taken some. Only the hub queues; writes happen
 * on whichever thread finds the output ready, one at a time.
 */
final class WatchStream implements WriteListener, AsyncListener {
    private final ServletOutputStream out;
    private final AsyncContext async;
    private final int capacity;
    private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    /** The token the stream was opened with, checked again as it runs, and the caller it stands for now. */
    final String token;
    private volatile Principal principal;
    /** The kinds the stream is about: one for {@code ?watch=true}, null for every kind the caller may read. */
    private final Set<String> resources;
    /** The position of the last event queued or passed over; the hub's alone. */
    long position;
    private boolean flushNeeded;
    private boolean ending;
    private long endingSince;
    private volatile boolean closed;
    private volatile long lastWriteNanos = System.nanoTime();
    private volatile long lastProgressNanos = System.nanoTime();
    volatile long lastCheckNanos = System.nanoTime();

    WatchStream(AsyncContext async, ServletOutputStream out, int capacity, String token, Principal principal,
                Set<String> resources, long position) {
        this.async = async;
        this.out = out;
        this.capacity = capacity;
        this.token = token;
        this.principal = principal;
        this.resources = resources;
        this.position = position;
    }

    /** Completes when the stream has ended, whoever ended it. */
    CompletableFuture<Void> done() {
        return done;
    }

    /** Starts writing: from now on the container calls {@link #onWritePossible}. */
    void start(byte[] first) {
        synchronized (queue) {
            queue.add(first);
        }
        async.addListener(this);
        out.setWriteListener(this);
    }

    void principal(Principal now) {
        this.principal = now;
    }

    /** Whether the caller sees events of this kind: the stream is about it, and the caller's role may read it now. */
    boolean shows(Kind kind) {
        return (resources == null || resources.contains(kind.resource())) && AccessPolicy.mayRead(principal, kind);
    }

    /** Queues one event; false (nothing queued) when the queue is full or the stream is ending. */
    boolean offer(byte[] event) {
        synchronized (queue) {
            if (ending || closed || queue.size() >= capacity) {
                return false;
            }
            queue.add(event);
        }
        drain();
        return true;
    }

    /** How many more events the queue takes now. */
    int space() {
        synchronized (queue) {
            return ending || closed ? 0 : capacity - queue.size();
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
            queue.clear();
            queue.add(last);
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
                    byte[] next = queue.poll();
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
            queue.clear();
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
