package dev.fulcrum.app.engine;

/**
 * How a write is conditioned, whether it is stored, and on whose behalf.
 *
 * @param ifMatch     the version the client last read (from an ETag), or null
 * @param mustExist   {@code If-Match: *}
 * @param mustBeNew   {@code If-None-Match: *}
 * @param dryRun      validate, check references, answer as if written, store nothing
 * @param imported    the document comes from an export bundle: completed by the strategy's {@code mergeImported}
 * @param origin      who asks, for the history and the audit log
 * @param guard       checked against the stored and the new document inside the transaction
 */
public record WriteOptions(Long ifMatch, boolean mustExist, boolean mustBeNew, boolean dryRun, boolean imported,
                           Origin origin, WriteGuard guard) {
    public static final WriteOptions NONE = by(Origin.SYSTEM);

    public WriteOptions(Long ifMatch, boolean mustExist, boolean mustBeNew, boolean dryRun, Origin origin) {
        this(ifMatch, mustExist, mustBeNew, dryRun, false, origin, WriteGuard.NONE);
    }

    /** Plain options on behalf of {@code origin}. */
    public static WriteOptions by(Origin origin) {
        return new WriteOptions(null, false, false, false, false, origin, WriteGuard.NONE);
    }

    /** These options with {@code guard} checking the write. */
    public WriteOptions guardedBy(WriteGuard guard) {
        return new WriteOptions(ifMatch, mustExist, mustBeNew, dryRun, imported, origin, guard);
    }

    /** The options of each document of an imported bundle. */
    WriteOptions asImported() {
        return new WriteOptions(ifMatch, mustExist, mustBeNew, dryRun, true, origin, guard);
    }
}
