package dev.fulcrum.store;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * The change stream: every insert, update and delete a write transaction records in the history is also an event,
 * written in the same transaction. Events get their position in the stream only once committed ({@link #sequence}),
 * so the positions a reader sees never leave a gap that a later commit fills: reading {@code after(p)} from the last
 * position seen misses nothing, on one database however many instances write to it.
 */
public interface DocumentEvents {

    /**
     * Gives the committed events that have no position yet the next positions, one sequencer at a time across every
     * instance; answers the newest position given.
     */
    long sequence();

    /**
     * At most {@code limit} events after {@code position}, in order, and no more of them than about 4 MB of documents
     * (at least one): a reader's memory is bounded whatever the documents' sizes.
     */
    List<DocumentEvent> after(long position, int limit);

    /**
     * The events of {@code filter} after {@code position} up to {@code through} (a position already given, so the
     * events up to it are all there), in order, at most {@code limit} and about 4 MB of documents (at least one):
     * what a reader that is behind catches up on, without reading the documents it may not see.
     * {@link Filtered#readThrough} is where it may go on from: {@code through} when every such event was read.
     */
    Filtered after(long position, long through, Filter filter, int limit);

    /** The kinds ({@code resources}, never empty) and, when not null, the one document name a reader sees. */
    record Filter(Set<String> resources, String name) {
    }

    /** Events read through a {@link Filter}, and the position up to which there are no others. */
    record Filtered(List<DocumentEvent> events, long readThrough) {
    }

    /** Which positions can be resumed from now. */
    Span span();

    /** Deletes the events recorded before {@code before}, except the newest; answers the new {@link Span}. */
    Span prune(Instant before);

    /**
     * Every position after {@code prunedThrough} up to {@code newest} is stored; a reader may resume from any position
     * in {@code [prunedThrough, newest]}.
     */
    record Span(long prunedThrough, long newest) {
        public boolean resumableFrom(long position) {
            return position >= prunedThrough && position <= newest;
        }
    }
}
