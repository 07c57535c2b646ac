package dev.fulcrum.app.engine;

/**
 * How a write is conditioned and whether it is stored.
 *
 * @param ifMatch     the version the client last read (from an ETag), or null
 * @param mustExist   {@code If-Match: *}
 * @param mustBeNew   {@code If-None-Match: *}
 * @param dryRun      validate, check references, answer as if written, store nothing
 * @param imported    the document comes from an export bundle: completed by the strategy's {@code mergeImported}
 */
public record WriteOptions(Long ifMatch, boolean mustExist, boolean mustBeNew, boolean dryRun, boolean imported) {
    public static final WriteOptions NONE = new WriteOptions(null, false, false, false);
    static final WriteOptions IMPORTED = new WriteOptions(null, false, false, false, true);

    public WriteOptions(Long ifMatch, boolean mustExist, boolean mustBeNew, boolean dryRun) {
        this(ifMatch, mustExist, mustBeNew, dryRun, false);
    }
}
