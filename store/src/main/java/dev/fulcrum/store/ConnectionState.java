package dev.fulcrum.store;

import java.time.Instant;

/**
 * A connection's lifecycle state as every instance sees it.
 *
 * @param state      STARTING, RUNNING, STOPPED or FAILED
 * @param generation grows with each start, stop or fail (not with a check's result)
 * @param checkedAt  when the last check finished, null before the first
 * @param latencyMs  the last check's latency, when it had one
 */
public record ConnectionState(String name, String state, long generation, Instant checkedAt, Long latencyMs,
                              String message) {
}
