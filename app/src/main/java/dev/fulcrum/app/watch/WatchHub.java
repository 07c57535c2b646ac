package dev.fulcrum.app.watch;

import dev.fulcrum.app.access.Principal;
import dev.fulcrum.app.tokens.TokenService;
import dev.fulcrum.model.BusyException;
import dev.fulcrum.model.Kind;
import dev.fulcrum.model.Registry;
import dev.fulcrum.model.UnauthorizedException;
import dev.fulcrum.store.DocumentEvent;
import dev.fulcrum.store.DocumentEvents;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one reader of the change stream in an instance, for all its watch streams: every {@code poll} it sequences the
 * events committed since ({@link DocumentEvents#sequence}), reads the new ones once and hands each stream those it may
 * see; a commit through this instance wakes it at once ({@link #wake}). A stream that is behind (it resumed from an
 * older event, or its queue was full) is caught up from the database, as much as its queue takes. Each stream's token
 * is checked again twice a second (a revoked one ends the stream), and an idle stream gets a heartbeat.
 */
public final class WatchHub implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WatchHub.class);
    private static final int PAGE = 500;
    /** Catch-up reads a poll, for every stream that is behind together (see {@link #catchUpSome}). */
    private static final int CATCH_UP_PAGES = 4;
    private static final long PRUNE_EVERY = TimeUnit.MINUTES.toNanos(1);
    private static final long CHECK_TOKEN_EVERY = TimeUnit.MILLISECONDS.toNanos(500);
    /** Without streams, the events are still sequenced and pruned, less often. */
    private static final long IDLE_EVERY = TimeUnit.SECONDS.toNanos(5);
    /** How long a stream's last event may take to reach its client before the connection is closed under it. */
    private static final long CUT_OFF_AFTER = TimeUnit.SECONDS.toNanos(1);
    private static final long WARN_EVERY = TimeUnit.MINUTES.toNanos(1);

    /**
     * @param maxWatchers open streams this instance allows
     * @param heartbeat   how often an idle stream gets a comment; also how long a full queue may wait for its client
     * @param poll        how often the change stream is read
     * @param queueEvents the events a stream may hold for its client
     * @param retention   how long events stay resumable
     */
    public record Settings(int maxWatchers, Duration heartbeat, Duration poll, int queueEvents, Duration retention) {
    }

    private final DocumentEvents events;
    private final Registry kinds;
    private final TokenService tokens;
    private final Settings settings;
    private final ScheduledExecutorService poller;
    /**
     * Heartbeats, stalled clients and expiries, on a thread of their own that never touches the database, and the
     * tokens' checks on another: a read of the change stream or a token check that hangs (a lock held, a database
     * that stopped answering) neither keeps an expired token's streams open nor idle streams without heartbeats.
     */
    private final ScheduledExecutorService looker;
    private final ScheduledExecutorService checker;
    private final Set<WatchStream> streams = ConcurrentHashMap.newKeySet();
    /** The bytes every stream's queue holds together (see {@link WatchStream#ALL_STREAMS_BYTES}). */
    private final AtomicLong queued = new AtomicLong();
    private final AtomicInteger admitted = new AtomicInteger();
    private final AtomicBoolean wakeQueued = new AtomicBoolean();
    /** The newest position this instance has read (the poller's). */
    private volatile long head;
    private long lastTick;
    /** Which stream that is behind catches up first at the next poll: each in turn. */
    private int turn;
    private long lastPrune;
    private long lastWarning = System.nanoTime() - WARN_EVERY - 1;

    public WatchHub(DocumentEvents events, Registry kinds, TokenService tokens, Settings settings) {
        this.events = events;
        this.kinds = kinds;
        this.tokens = tokens;
        this.settings = settings;
        this.head = events.sequence();
        this.lastTick = System.nanoTime();
        this.lastPrune = lastTick - PRUNE_EVERY;
        this.poller = daemonThread("fulcrum-watch");
        this.looker = daemonThread("fulcrum-watch-heartbeats");
        this.checker = daemonThread("fulcrum-watch-tokens");
        long poll = settings.poll().toMillis();
        poller.scheduleWithFixedDelay(() -> tick(false), poll, poll, TimeUnit.MILLISECONDS);
        looker.scheduleWithFixedDelay(() -> forEveryStream("looking at a stream", this::look), poll, poll,
                TimeUnit.MILLISECONDS);
        checker.scheduleWithFixedDelay(() -> forEveryStream("checking a stream's token", this::checkToken), poll, poll,
                TimeUnit.MILLISECONDS);
    }

    private static ScheduledExecutorService daemonThread(String name) {
        return Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Takes a place for one more stream; a 503 when every place is taken. Give it back with {@link #release}. */
    public void admit() {
        if (admitted.incrementAndGet() > settings.maxWatchers()) {
            admitted.decrementAndGet();
            throw new BusyException("this server has " + settings.maxWatchers() + " watch streams open, as many as"
                    + " watch.maxWatchers allows; try again later", 1);
        }
    }

    public void release() {
        admitted.decrementAndGet();
    }

    /**
     * Opens a stream on an admitted request whose output is async: from the event after {@code since}, or from now when
     * null, or from the first event kept when 0. A {@code since} that cannot be resumed from (pruned, or never given)
     * gets one 410 error event, and the end.
     *
     * @param scope what the stream is about (of what the caller may read)
     * @return completes when the stream has ended; the place is given back then (or at once, when this throws)
     */
    public CompletableFuture<Void> open(AsyncContext async, ServletOutputStream out, String token, Principal principal,
                                        WatchScope scope, Long since) {
        DocumentEvents.Span span;
        Instant expiresAt;
        try {
            // sequenced first: a stream from now starts after every change committed before it was asked for
            span = since == null ? new DocumentEvents.Span(0, events.sequence()) : events.span();
            expiresAt = tokens.expiresAt(token);
        } catch (RuntimeException unavailable) {
            release();
            throw unavailable;
        }
        if (since != null && since == 0) {
            since = span.prunedThrough(); // 0: every event kept, however many were pruned before them
        }
        long start = since == null ? span.newest() : since;
        WatchStream stream = new WatchStream(async, out, settings.queueEvents(), queued, token, expiresAt, principal, scope,
                start);
        stream.done().whenComplete((ended, failure) -> {
            streams.remove(stream);
            release();
        });
        try {
            stream.start(SseEvents.opened(start));
        } catch (RuntimeException failed) {
            stream.close();
            throw failed;
        }
        if (since != null && !span.resumableFrom(since)) {
            stream.end(SseEvents.error(410, gone(since, span)));
        } else {
            streams.add(stream);
            wake();
        }
        return stream.done();
    }

    private static String gone(long since, DocumentEvents.Span span) {
        return since > span.newest()
                ? "event " + since + " is unknown: the newest is " + span.newest() + "; read the documents again and watch from now"
                : "event " + since + " is too old to resume from: the events up to " + span.prunedThrough()
                + " were pruned; read the documents again and watch from now";
    }

    /** A commit through this instance: read the change stream now rather than at the next poll. */
    public void wake() {
        if (!streams.isEmpty() && wakeQueued.compareAndSet(false, true)) {
            try {
                poller.execute(() -> {
                    wakeQueued.set(false);
                    tick(true);
                });
            } catch (RejectedExecutionException closed) {
                wakeQueued.set(false);
            }
        }
    }

    private void tick(boolean woken) {
        long now = System.nanoTime();
        if (streams.isEmpty() && !woken && now - lastTick < IDLE_EVERY) {
            return;
        }
        lastTick = now;
        try {
            long newest = events.sequence();
            if (now - lastPrune > PRUNE_EVERY) {
                lastPrune = now;
                events.prune(Instant.now().minus(settings.retention()));
            }
            while (head < newest && !streams.isEmpty()) {
                List<DocumentEvent> page = events.after(head, PAGE);
                if (page.isEmpty()) {
                    break;
                }
                List<Rendered> rendered = render(page);
                for (WatchStream stream : streams) {
                    deliver(stream, rendered, now);
                }
                head = page.get(page.size() - 1).position();
            }
            head = Math.max(head, newest);
            catchUpSome(now);
        } catch (RuntimeException e) {
            if (now - lastWarning > WARN_EVERY) { // once a minute while the database is away, not at every poll
                lastWarning = now;
                LOG.warn("watch: reading the change stream failed, trying again at each poll: {}", e.toString());
            }
        }
    }

    private void forEveryStream(String what, StreamTask task) {
        long now = System.nanoTime();
        for (WatchStream stream : streams) {
            try {
                task.run(stream, now);
            } catch (RuntimeException unexpected) {
                LOG.warn("watch: {} failed: {}", what, unexpected.toString());
            }
        }
    }

    private interface StreamTask {
        void run(WatchStream stream, long now);
    }

    /** One event, in the form every stream that may see it gets. */
    private record Rendered(long position, Kind kind, String name, byte[] bytes) {
    }

    private List<Rendered> render(List<DocumentEvent> page) {
        List<Rendered> rendered = new ArrayList<>(page.size());
        for (DocumentEvent event : page) {
            Kind kind = kinds.byResource(event.resource()).orElse(null); // a kind this server does not serve: nobody's
            rendered.add(new Rendered(event.position(), kind, event.name(), kind == null ? null : SseEvents.change(event, kind)));
        }
        return rendered;
    }

    /**
     * Queues the events that follow the stream's position, in order, those it may not see passed over; stops at a gap
     * (the stream is behind: {@link #catchUp} reads it) or a full queue (the same, once the client takes some).
     */
    private void deliver(WatchStream stream, List<Rendered> rendered, long now) {
        for (Rendered event : rendered) {
            if (event.position() <= stream.position) {
                continue;
            }
            if (event.position() != stream.position + 1) {
                return;
            }
            if (event.kind() != null && stream.shows(event.kind(), event.name()) && !stream.offer(event.bytes())) {
                dropIfStalled(stream, now);
                return;
            }
            stream.position = event.position();
        }
    }

    /**
     * Ends a stream whose client has taken nothing for a heartbeat's time while its queue was full: it does not keep
     * up, and the events it misses stay in the database for its next connection.
     */
    private void dropIfStalled(WatchStream stream, long now) {
        if (stream.space() == 0 && stream.stalledFor(settings.heartbeat().toNanos(), now)) {
            stream.end(SseEvents.error(503, "this client took no event for " + settings.heartbeat().toMillis()
                    + " ms while " + settings.queueEvents() + " waited for it; reconnect with the Last-Event-ID"
                    + " of the last event read to go on from there"));
        }
    }

    /**
     * Catch-up reads for the streams that are behind (a resume, or a client that did not keep up), at most
     * {@link #CATCH_UP_PAGES} reads a poll for all of them together, each stream in turn: live events wait for no more
     * reading than that, however many streams resume over however large a backlog (a black-box attack: one stream
     * resuming from 0 held the live events of every other for up to 16 s).
     */
    private void catchUpSome(long now) {
        List<WatchStream> behind = new ArrayList<>();
        for (WatchStream stream : streams) {
            if (!stream.isClosed() && stream.position < head) {
                behind.add(stream);
            }
        }
        if (behind.isEmpty()) {
            return;
        }
        int first = Math.floorMod(turn++, behind.size());
        int reads = 0;
        for (int i = 0; i < behind.size() && reads < CATCH_UP_PAGES; i++) {
            reads += catchUp(behind.get((first + i) % behind.size()), now);
        }
    }

    /**
     * One read of what a stream that is behind may see (only the kinds its caller may read, only its document for a
     * document's stream: the documents it may not see are never read for it), as much as its queue takes now;
     * answers the reads made, 0 or 1.
     */
    private int catchUp(WatchStream stream, long now) {
        long before = stream.position;
        int space = stream.space();
        if (space == 0) {
            return 0;
        }
        Optional<DocumentEvents.Filter> filter = stream.filter(kinds.all());
        if (filter.isEmpty()) {
            stream.position = head; // nothing it may see: nothing to read
            return 0;
        }
        DocumentEvents.Filtered page = events.after(before, head, filter.get(), Math.min(space, PAGE));
        DocumentEvents.Span span = events.span(); // after the read: events pruned meanwhile are not skipped unseen
        if (before < span.prunedThrough()) {
            stream.end(SseEvents.error(410, gone(before, span)));
            return 1;
        }
        for (Rendered event : render(page.events())) {
            if (event.kind() != null && stream.shows(event.kind(), event.name()) && !stream.offer(event.bytes())) {
                dropIfStalled(stream, now);
                return 1;
            }
            stream.position = event.position();
        }
        stream.position = Math.max(stream.position, page.readThrough());
        return 1;
    }

    /**
     * What needs no database: a stream that is ending cut off, a stalled client dropped, an expired token's stream
     * ended, a heartbeat when it has been quiet.
     */
    private void look(WatchStream stream, long now) {
        stream.cutOffIfEndingFor(CUT_OFF_AFTER, now);
        dropIfStalled(stream, now);
        if (stream.isClosed()) {
            return;
        }
        if (stream.expired(Instant.now())) {
            stream.end(SseEvents.error(401, "the API token of this stream expired; create a new one"));
            return;
        }
        if (stream.idleFor(settings.heartbeat().toNanos(), now)) {
            stream.offer(SseEvents.HEARTBEAT);
        }
    }

    /** The stream's token, checked again: revoked, or its user disabled, it ends the stream; its role may have changed. */
    private void checkToken(WatchStream stream, long now) {
        if (stream.isClosed() || now - stream.lastCheckNanos <= CHECK_TOKEN_EVERY) {
            return;
        }
        stream.lastCheckNanos = now;
        try {
            stream.principal(tokens.authenticate(stream.token));
            if (stream.lostItsKind(kinds)) {
                stream.end(SseEvents.error(403, "the role of this stream's token may no longer read what it watches"));
            }
        } catch (UnauthorizedException refused) {
            stream.end(SseEvents.error(401, refused.getMessage()));
        } catch (RuntimeException unavailable) {
            // the database is away: the stream stays (its expiry is checked without it), checked again next time
        }
    }

    /** Ends every stream (each gets an error event saying the server stops), then stops reading. */
    @Override
    public void close() {
        for (WatchStream stream : streams) {
            stream.end(SseEvents.error(503, "the server is stopping; reconnect with the Last-Event-ID of the last event read"));
        }
        long deadline = System.nanoTime() + CUT_OFF_AFTER;
        while (!streams.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        streams.forEach(WatchStream::close);
        poller.shutdownNow();
        looker.shutdownNow();
        checker.shutdownNow();
    }
}
