package dev.fulcrum.app.engine;

/**
 * How a write is conditioned and whether it is stored.
 *
 * @param ifMatch     the version the client last read (from an ETag), or null
 * @param mustExist   {@code If-Match: *}
 * @param mustBeNew   {@code If-None-Match: *}
 * @param dryRun      validate, check references, answer as if written, store nothing
 * @param guard       checked against the stored and the new document inside the transaction
 */
public record WriteOptions(Long ifMatch, boolean mustExist, boolean mustBeNew, boolean dryRun, WriteGuard guard) {
    public static final WriteOptions NONE = new WriteOptions(null, false, false, false);

    public WriteOptions(Long ifMatch, boolean mustExist, boolean mustBeNew, boolean dryRun) {
        this(ifMatch, mustExist, mustBeNew, dryRun, WriteGuard.NONE);
    }

    /** These options with {@code guard} checking the write. */
    public WriteOptions guardedBy(WriteGuard guard) {
        return new WriteOptions(ifMatch, mustExist, mustBeNew, dryRun, guard);
    }
}
