package dev.fulcrum.app.http;

import dev.fulcrum.app.engine.WriteOptions;
import dev.fulcrum.model.InvalidException;
import io.javalin.http.Context;

/**
 * Optimistic concurrency with plain HTTP: a document's version is its strong ETag; {@code If-Match}
 * makes a write or delete apply only to that version, {@code If-None-Match: *} makes a POST create-only,
 * and {@code ?dryRun=true} answers without storing. Without these, writes behave as Pivot's do. The options
 * also carry who asks: for the history and the audit log, and for the engine to check what the caller may write.
 */
final class Conditions {
    /** The header on every dry run's answer (beside {@code "dryRun": true} in its body); never on a real write's. */
    static final String DRY_RUN_HEADER = "Fulcrum-Dry-Run";

    private Conditions() {
    }

    /** Marks the answer of a dry run as one, with {@link #DRY_RUN_HEADER}; the body's marker is the handler's. */
    static void markDryRun(Context ctx, boolean dryRun) {
        if (dryRun) {
            ctx.header(DRY_RUN_HEADER, "true");
        }
    }

    static String etag(long version) {
        return "\"" + version + "\"";
    }

    static WriteOptions of(Context ctx) {
        String ifMatch = ctx.header("If-Match");
        String ifNoneMatch = ctx.header("If-None-Match");
        String dryRun = ctx.queryParam("dryRun");
        if (dryRun != null && !dryRun.equals("true") && !dryRun.equals("false")) {
            throw new InvalidException("dryRun must be true or false, not '" + QueryParameters.clip(dryRun) + "'");
        }
        if (ifNoneMatch != null && !ifNoneMatch.trim().equals("*")) {
            throw new InvalidException("If-None-Match: only * is supported (create only if absent)");
        }
        Long version = null;
        boolean any = false;
        if (ifMatch != null) {
            String tag = ifMatch.trim();
            if (tag.equals("*")) {
                any = true;
            } else {
                version = parse(tag);
            }
        }
        return new WriteOptions(version, any, ifNoneMatch != null, "true".equals(dryRun), Origins.of(ctx))
                .madeBy(ApiGate.principal(ctx));
    }

    /**
     * An ETag Fulcrum issued: a version in quotes. Anything else (a weak tag, a list of tags, a number too large)
     * is a client's mistake, a 400, rather than a 412 that would send it to re-read and retry forever.
     */
    private static long parse(String tag) {
        if (tag.length() > 2 && tag.length() <= 21 && tag.startsWith("\"") && tag.endsWith("\"")
                && tag.substring(1, tag.length() - 1).chars().allMatch(c -> c >= '0' && c <= '9')) {
            try {
                return Long.parseLong(tag.substring(1, tag.length() - 1));
            } catch (NumberFormatException tooLarge) {
                // reported below
            }
        }
        throw new InvalidException("If-Match must be * or one strong ETag as Fulcrum sends it, such as \"3\"");
    }
}
