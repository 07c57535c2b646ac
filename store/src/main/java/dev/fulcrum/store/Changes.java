package dev.fulcrum.store;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * The changes every instance on the database commits, announced in the committing transaction (PostgreSQL's
 * {@code NOTIFY}) and heard by each instance on a connection of its own ({@code LISTEN}). Caches of database reads
 * follow {@link #maxAgeNanos}: while changes are heard a cached read stays good until a change touches it; while they
 * are not (H2, whose other writers such as the CLI announce nothing, or a lost listening connection) they poll again.
 */
public interface Changes {
    /** How long a cached read may be used while changes are heard: a bound should an announcement ever go astray. */
    Duration WHILE_HEARD = Duration.ofSeconds(30);
    /** How long a cached read may be used while they are not: the polling of before. */
    Duration WHILE_DEAF = Duration.ofSeconds(1);

    /** Nothing is heard: every cache polls (H2, and the command line, which does not listen). */
    Changes NONE = new Changes() {
        @Override
        public boolean heard() {
            return false;
        }

        @Override
        public void subscribe(Consumer<Change> subscriber) {
            // nothing will ever be announced
        }
    };

    /** Whether changes committed from now on will be heard. */
    boolean heard();

    /**
     * Calls {@code subscriber} with each change heard, on the listening thread (it must not block), and with
     * {@link Change#ANYTHING} whenever listening starts again after announcements may have been missed.
     */
    void subscribe(Consumer<Change> subscriber);

    /** How long a read cached now may be used, unless a change touches it first. */
    default long maxAgeNanos() {
        return (heard() ? WHILE_HEARD : WHILE_DEAF).toNanos();
    }
}
