package dev.fulcrum.store.internal;

import dev.fulcrum.store.StoreRejectedValueException;
import dev.fulcrum.store.StoreUnavailableException;
import java.sql.SQLException;
import java.util.Set;
import java.util.function.Supplier;
import org.jdbi.v3.core.ConnectionException;

/** Turns database faults into what callers can act on: retry a lost race, or report the store unavailable. */
final class StoreErrors {
    // unique violation (a concurrent insert won), a foreign key (a referenced document was deleted or created
    // concurrently; the engine's checks report it cleanly on the next attempt), serialization failure, deadlock,
    // H2's concurrent update, H2's lock timeout (error 50200, SQLState HYT00: a row or table another transaction holds,
    // such as a long import's), PostgreSQL's lock not available (all bounded by the write timeout)
    private static final Set<String> RETRYABLE = Set.of("23505", "23503", "23506", "40001", "40P01", "90131", "50200",
            "HYT00", "55P03");
    // H2: database closed, connection broken, database in use; PostgreSQL: shut down, crashed, starting up,
    // too many connections. Class 08 (connection exception) is the standard's, on both.
    // PostgreSQL: a character text cannot hold (U+0000) or convert, a time or number out of its range
    // and, on both, a value too long for its column
    private static final Set<String> REJECTED_VALUE = Set.of("22021", "22P05", "22008", "22003", "22001");
    private static final Set<String> UNAVAILABLE = Set.of("90067", "90098", "90121", "57P01", "57P02", "57P03", "53300");

    private StoreErrors() {
    }

    static <T> T translate(Supplier<T> call) {
        try {
            return call.get();
        } catch (ConnectionException e) {
            throw new StoreUnavailableException("no connection to the database could be had", e);
        } catch (RuntimeException e) {
            String state = sqlState(e);
            if (state != null && (state.startsWith("08") || UNAVAILABLE.contains(state))) {
                throw new StoreUnavailableException("the database is unavailable (SQLState " + state + ")", e);
            }
            if (state != null && REJECTED_VALUE.contains(state)) {
                throw new StoreRejectedValueException(switch (state) {
                    case "22008", "22003" -> "a time or number is outside the range the database can store";
                    case "22001" -> "a value is longer than the database can store";
                    default -> "a text contains a character the database cannot store (such as U+0000)";
                }, e);
            }
            throw e;
        }
    }

    /** True when the failure is a unique-key violation: a row with that key exists. */
    static boolean isDuplicate(Throwable e) {
        return "23505".equals(sqlState(e));
    }

    static boolean isRetryable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConcurrentWriteException) {
                return true;
            }
        }
        String state = sqlState(e);
        return state != null && RETRYABLE.contains(state);
    }

    private static String sqlState(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState();
            }
        }
        return null;
    }
}
