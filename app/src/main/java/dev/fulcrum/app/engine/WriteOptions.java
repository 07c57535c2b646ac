package dev.fulcrum.app.engine;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fulcrum.app.access.AccessPolicy;
import dev.fulcrum.app.access.Principal;

/**
 * How a write is conditioned, whether it is stored, and on whose behalf.
 *
 * @param ifMatch        the version the client last read (from an ETag), or null
 * @param mustExist      {@code If-Match: *}
 * @param mustBeNew      {@code If-None-Match: *}
 * @param dryRun         validate, check references, answer as if written, store nothing, run no after-commit hook
 * @param imported       the document comes from an export bundle: completed by the strategy's {@code mergeImported}
 * @param origin         who asks, for the history and the audit log
 * @param caller         the token the write is made with, whose permissions the engine checks against the stored and
 *                       the new document inside the transaction; null for the server itself and the CLI
 * @param requestOptions the keys a request had beside its wrapper key, for the kind's after-commit hook
 * @param secretsFromServer the secrets written come from the server itself (a restore from the history), not from
 *                       the caller, so comparing them with the stored ones tells the caller nothing
 * @param createIfAbsent a write to a name ({@code PUT /<res>/<name>}) creates the document when there is none, as
 *                       Kafka Connect's {@code PUT /connectors/<name>/config} does; without it such a write only
 *                       updates (a 404 when absent), as Pivot's {@code POST /<res>/<name>} does
 */
public record WriteOptions(Long ifMatch, boolean mustExist, boolean mustBeNew, boolean dryRun, boolean imported,
                           Origin origin, Principal caller, ObjectNode requestOptions, boolean secretsFromServer,
                           boolean createIfAbsent) {
    private static final ObjectNode NO_OPTIONS = JsonNodeFactory.instance.objectNode();
    public static final WriteOptions NONE = by(Origin.SYSTEM);

    public WriteOptions(Long ifMatch, boolean mustExist, boolean mustBeNew, boolean dryRun, Origin origin) {
        this(ifMatch, mustExist, mustBeNew, dryRun, false, origin, null, NO_OPTIONS, false, false);
    }

    /** Plain options on behalf of {@code origin}. */
    public static WriteOptions by(Origin origin) {
        return new WriteOptions(null, false, false, false, origin);
    }

    /** These options for a write made with {@code caller}'s token. */
    public WriteOptions madeBy(Principal caller) {
        return new WriteOptions(ifMatch, mustExist, mustBeNew, dryRun, imported, origin, caller,
                requestOptions, secretsFromServer, createIfAbsent);
    }

    /** These options for a write to a name that creates the document when it is absent. */
    /**
     * The status of a successful write: 201 for a create by name ({@link #createIfAbsent}), as Kafka Connect answers;
     * 200 otherwise, creates included, as Pivot answers. The response and the audit entry both use it.
     */
    public int status(boolean created) {
        return created && createIfAbsent ? 201 : 200;
    }

    public WriteOptions creatingIfAbsent() {
        return new WriteOptions(ifMatch, mustExist, mustBeNew, dryRun, imported, origin, caller, requestOptions,
                secretsFromServer, true);
    }

    /** These options with the keys a request had beside its wrapper key. */
    public WriteOptions withRequestOptions(ObjectNode options) {
        return new WriteOptions(ifMatch, mustExist, mustBeNew, dryRun, imported, origin, caller, options,
                secretsFromServer, createIfAbsent);
    }

    /**
     * Whether a write that gives the stored secrets again may count as unchanged: only for a caller that may read
     * secrets anyway. For anyone else a write that gives a secret is always a change, else its answer (ETag, plan)
     * would tell whether a guessed secret is the stored one.
     */
    public boolean mayCompareSecrets() {
        return secretsFromServer || AccessPolicy.mayReadSecrets(caller);
    }

    /** These options for a restore, whose secrets come from the history. */
    WriteOptions restoring() {
        return new WriteOptions(ifMatch, mustExist, mustBeNew, dryRun, imported, origin, caller,
                requestOptions, true, createIfAbsent);
    }

    /** The options of each document of an imported bundle. */
    WriteOptions asImported() {
        return new WriteOptions(ifMatch, mustExist, mustBeNew, dryRun, true, origin, caller, NO_OPTIONS,
                secretsFromServer, createIfAbsent);
    }

    /** These options for one attempt at a version: {@code If-Match} of it, as a patch writes. */
    WriteOptions atVersion(long version) {
        return new WriteOptions(version, true, false, dryRun, false, origin, caller, requestOptions,
                secretsFromServer, createIfAbsent);
    }
}
