package dev.fulcrum.store.internal;

import com.zaxxer.hikari.SQLExceptionOverride;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicLong;
import org.h2.api.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets the pool open an embedded H2 database again after H2 closed it. On an error it cannot go on from (an
 * OutOfMemoryError while it writes a chunk, a failed write to the file), H2 closes its store and the database
 * ({@code MVStore.panic}); from then on every session answers "The database has been closed" (90098), yet passes
 * the pool's validity check, so the pool kept them and the server answered 503 until a restart. Evicting a
 * connection on that answer makes the pool open new ones, and the first new one opens the database again from its
 * file (H2's recovery, as after a kill -9): what was acknowledged is there, since each commit is on file before it is
 * acknowledged (see {@link H2HeaderAfterCommit}).
 */
public final class H2ClosedSessions implements SQLExceptionOverride {
    private static final Logger LOG = LoggerFactory.getLogger(H2ClosedSessions.class);
    /** At most one log line this often, however many sessions find the database closed. */
    private static final long LOG_EVERY_NANOS = 10_000_000_000L;
    private final AtomicLong lastLogged = new AtomicLong(System.nanoTime() - LOG_EVERY_NANOS);

    @java.lang.Override
    public Override adjudicate(SQLException e) {
        int code = e.getErrorCode();
        if (code != ErrorCode.DATABASE_IS_CLOSED && code != ErrorCode.DATABASE_CALLED_AT_SHUTDOWN) {
            return Override.CONTINUE_EVICT; // the pool's own rules
        }
        long now = System.nanoTime();
        long last = lastLogged.get();
        if (now - last >= LOG_EVERY_NANOS && lastLogged.compareAndSet(last, now)) {
            LOG.error("H2 closed the state database after an error it could not go on from (its first error is logged"
                    + " above); opening it again from its file: requests are answered 503 until it is open");
        }
        return Override.MUST_EVICT;
    }
}
