package dev.fulcrum.store.internal;

import dev.fulcrum.store.DocumentEvent;
import dev.fulcrum.store.DocumentEvents;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;

/**
 * The change stream over {@link EventDao}. The sequencer locks the one row of {@code event_sequence}, gives the
 * committed events without a position the next ones, and commits; the next sequencer (of this instance or another)
 * waits for that commit, so positions are dense and become visible in order. A write transaction never waits for it:
 * it only inserts its event rows.
 */
public final class JdbiDocumentEvents implements DocumentEvents {
    /** Events sequenced per transaction: a call goes round again while a round numbered this many. */
    private static final int BATCH = 1000;
    /**
     * The most rounds a call makes: a backlog of 100,000 events (an import) is numbered in one call, in transactions of
     * a few milliseconds each, and a call returns even while writers keep adding more.
     */
    private static final int ROUNDS = 100;
    /** Events pruned at most per call (the caller prunes once a minute: 100,000 a minute keeps up with 1,600 writes a second). */
    private static final int PRUNE_WINDOW = 100_000;
    /** How long a sequencer waits for another's lock: they hold it for milliseconds, so longer means something is stuck. */
    private static final long LOCK_WAIT = TimeUnit.SECONDS.toNanos(2);
    private final Jdbi jdbi;
    private final Dialect dialect;

    public JdbiDocumentEvents(Jdbi jdbi, Dialect dialect) {
        this.jdbi = jdbi;
        this.dialect = dialect;
    }

    @Override
    public long sequence() {
        // the common case between writes, nothing to number: answered without a transaction or the lock
        Long newest = StoreErrors.translate(() -> jdbi.withExtension(EventDao.class,
                dao -> dao.anyUnsequenced() == 0 ? dao.span().newest() : null));
        if (newest != null) {
            return newest;
        }
        Round round = sequenceRound();
        for (int rounds = 1; round.numbered() == BATCH && rounds < ROUNDS; rounds++) {
            round = sequenceRound();
        }
        return round.newest();
    }

    /** What one round of {@link #sequence} did: the newest position after it, and how many events it numbered. */
    private record Round(long newest, int numbered) {
    }

    /**
     * One transaction of {@link #sequence}. A backlog is not left for later polls: 100,000 events numbered a thousand a
     * poll reached watchers over eight minutes after an import, with a commit every poll.
     */
    private Round sequenceRound() {
        return StoreErrors.translate(() -> jdbi.inTransaction(handle -> {
            dialect.setLocalLockTimeout(handle, System.nanoTime() + LOCK_WAIT); // the caller tries again at its next poll
            EventDao dao = handle.attach(EventDao.class);
            long last = dao.lockSequence().newest();
            List<Long> ids = dao.unsequenced(BATCH);
            if (ids.isEmpty()) {
                return new Round(last, 0);
            }
            List<Long> positions = new ArrayList<>(ids.size());
            for (int i = 0; i < ids.size(); i++) {
                positions.add(last + 1 + i);
            }
            dao.position(ids, positions);
            dao.newest(last + ids.size());
            return new Round(last + ids.size(), ids.size());
        }));
    }

    /**
     * A read holds at most this many characters of documents (and at least one event): 500 events of 3 MB documents
     * in one read took the whole heap of a server whose watchers resumed (a black-box attack, issue 14).
     */
    static final long READ_CHARS = 4L * 1024 * 1024;

    @Override
    public List<DocumentEvent> after(long position, int limit) {
        return StoreErrors.translate(() -> jdbi.withExtension(EventDao.class, dao -> {
            int take = withinReadChars(dao.sizesAfter(position, limit));
            return take == 0 ? List.of() : dao.after(position, take);
        }));
    }

    @Override
    public Filtered after(long position, long through, Filter filter, int limit) {
        List<String> resources = List.copyOf(filter.resources());
        return StoreErrors.translate(() -> jdbi.withExtension(EventDao.class, dao -> {
            List<Long> sizes = dao.sizesOf(position, through, resources, filter.name(), limit);
            int take = withinReadChars(sizes);
            if (take == 0) {
                return new Filtered(List.of(), through);
            }
            List<DocumentEvent> events = dao.eventsOf(position, through, resources, filter.name(), take);
            boolean all = take == sizes.size() && sizes.size() < limit;
            return new Filtered(events, all ? through : events.get(events.size() - 1).position());
        }));
    }

    /** How many of the documents of these sizes one read takes: up to {@link #READ_CHARS}, at least one. */
    private static int withinReadChars(List<Long> sizes) {
        int take = 0;
        long chars = 0;
        for (Long size : sizes) {
            chars += size == null ? 0 : size;
            if (take > 0 && chars > READ_CHARS) {
                break;
            }
            take++;
        }
        return take;
    }

    @Override
    public Span span() {
        return StoreErrors.translate(() -> jdbi.withExtension(EventDao.class, EventDao::span));
    }

    @Override
    public Span prune(Instant before) {
        return StoreErrors.translate(() -> jdbi.inTransaction(handle -> {
            dialect.setLocalLockTimeout(handle, System.nanoTime() + LOCK_WAIT);
            EventDao dao = handle.attach(EventDao.class);
            Span span = dao.lockSequence();
            // never the newest: it is where a reader resumes after a quiet spell
            long through = Math.min(dao.newestBefore(span.prunedThrough(), PRUNE_WINDOW, before.atOffset(ZoneOffset.UTC)),
                    span.newest() - 1);
            if (through <= span.prunedThrough()) {
                return span;
            }
            dao.prune(through);
            dao.prunedThrough(through);
            return new Span(through, span.newest());
        }));
    }
}
