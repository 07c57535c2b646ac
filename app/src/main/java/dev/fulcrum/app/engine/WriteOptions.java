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
 * @param mayCompareSecrets whether a write that gives the stored secrets again may count as unchanged: only for a
 *                    caller that may read secrets anyway (ExportSecrets; the server and the CLI). For anyone
 *                    else a write that gives a secret is always a change, else its answer (ETag, plan) would tell
 *                    whether a guessed secret is the stored one
 */
public record WriteOptions(Long ifMatch, boolean mustExist, boolean mustBeNew, boolean dryRun, boolean imported,
                           Origin origin, WriteGuard guard, boolean mayCompareSecrets) {
    public static final WriteOptions NONE = by(Origin.SYSTEM);

    public WriteOptions(Long ifMatch, boolean mustExist, boolean mustBeNew, boolean dryRun, Origin origin) {
        this(ifMatch, mustExist, mustBeNew, dryRun, false, origin, WriteGuard.NONE, true);
    }

    /** Plain options on behalf of {@code origin}. */
    public static WriteOptions by(Origin origin) {
        return new WriteOptions(null, false, false, false, false, origin, WriteGuard.NONE, true);
    }

    /** These options with {@code guard} checking the write. */
    public WriteOptions guardedBy(WriteGuard guard) {
        return new WriteOptions(ifMatch, mustExist, mustBeNew, dryRun, imported, origin, guard, mayCompareSecrets);
    }

    /** These options for a caller that may, or may not, read the stored secrets. */
    public WriteOptions comparingSecrets(boolean allowed) {
        return new WriteOptions(ifMatch, mustExist, mustBeNew, dryRun, imported, origin, guard, allowed);
    }

    /** The options of each document of an imported bundle. */
    WriteOptions asImported() {
        return new WriteOptions(ifMatch, mustExist, mustBeNew, dryRun, true, origin, guard, mayCompareSecrets);
    }
}
