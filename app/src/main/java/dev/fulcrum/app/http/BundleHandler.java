package dev.fulcrum.app.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fulcrum.app.access.AccessPolicy;
import dev.fulcrum.app.access.Principal;
import dev.fulcrum.app.crypto.PassphraseBox;
import dev.fulcrum.app.engine.BundleExporter;
import dev.fulcrum.app.engine.BundleImporter;
import dev.fulcrum.app.engine.BundleOutline;
import dev.fulcrum.app.engine.ImportPlan;
import dev.fulcrum.app.engine.ResourceEngine;
import dev.fulcrum.app.engine.WriteOptions;
import dev.fulcrum.model.Access.Verb;
import dev.fulcrum.model.ForbiddenException;
import dev.fulcrum.model.InvalidException;
import dev.fulcrum.model.Kind;
import dev.fulcrum.model.Permissions;
import io.javalin.http.Context;
import java.util.List;
import java.util.Locale;

/**
 * {@code GET /api/v1/export} and {@code POST /api/v1/import}: read the parameters and the bundle, call the
 * engine, answer JSON. A passphrase only ever comes in a header, never in the URL (URLs end up in logs).
 */
final class BundleHandler {
    static final String PASSPHRASE_HEADER = "x-fulcrum-passphrase";
    private final ResourceEngine engine;
    private final BundleExporter exporter;
    private final BundleImporter importer;
    private final RequestBodies bundles;
    private final HeapBudget budget;

    /**
     * @param bundles reads import bodies, with their own limit ({@code maxImportBytes})
     * @param budget  what an export's answer takes of the heap (it refuses one too large)
     */
    BundleHandler(ResourceEngine engine, RequestBodies bundles, HeapBudget budget) {
        this.engine = engine;
        PassphraseBox passphrases = new PassphraseBox(); // one per server: it bounds the server's key derivations
        this.exporter = new BundleExporter(engine, passphrases);
        this.importer = new BundleImporter(engine, passphrases);
        this.bundles = bundles;
        this.budget = budget;
    }

    void export(Context ctx) {
        if (ctx.queryParam("includeSecrets") != null && !"false".equals(ctx.queryParam("includeSecrets"))) {
            // audited whatever the answer (a 400 included), with whether a passphrase came (never its value)
            ctx.attribute(AuditHandler.FIELDS, ctx.header(PASSPHRASE_HEADER) == null ? List.of("includeSecrets")
                    : List.of("includeSecrets", "passphrase"));
        }
        refusePassphraseInUrl(ctx);
        var kinds = BundleExporter.kinds(engine.kinds(), ctx.queryParam("resources"));
        String passphrase = ctx.header(PASSPHRASE_HEADER);
        boolean includeSecrets = flag(ctx, "includeSecrets");
        Principal principal = ApiGate.principal(ctx);
        for (Kind kind : kinds) {
            AccessPolicy.requireAny(principal, kind, Verb.READ);
        }
        if (includeSecrets) {
            if (!principal.has(Permissions.EXPORT_SECRETS)) {
                throw new ForbiddenException("includeSecrets=true needs " + Permissions.EXPORT_SECRETS + ", which " + principal.describe()
                        + " does not have: an export's secrets can be read in clear by whoever knows its passphrase");
            }
            if (passphrase == null) {
                throw new InvalidException("includeSecrets=true needs a passphrase in the " + PASSPHRASE_HEADER
                        + " header: the secrets are encrypted under it");
            }
        } else if (passphrase != null) {
            throw new InvalidException(PASSPHRASE_HEADER + " was given without includeSecrets=true; without it no"
                    + " secrets are exported");
        }
        budget.takeAnswer(ctx, () -> exporter.bodyBytes(kinds), "export fewer resources at once (?resources=dashboards,"
                + " then the others), or use the command line's export, which has no such bound");
        JsonResponses.send(ctx, 200, exporter.export(kinds, includeSecrets ? passphrase : null));
    }

    void importBundle(Context ctx) {
        ctx.attribute(AuditHandler.FIELDS, List.of()); // audited whatever the answer, a refusal of the bundle included
        refusePassphraseInUrl(ctx);
        boolean dryRun = flag(ctx, "dryRun");
        String onExisting = ctx.queryParam("onExisting");
        BundleImporter.OnExisting existing = onExisting == null ? BundleImporter.OnExisting.FAIL
                : BundleImporter.OnExisting.parse(onExisting);
        // what the caller may import is decided from a streaming look at the bundle's kinds, before any document
        // is parsed, validated or hashed: a caller that may write none of them costs one pass over the bytes
        Principal principal = ApiGate.principal(ctx);
        byte[] bytes = bundles.read(ctx);
        BundleOutline outline = bundles.stream(bytes, parser -> BundleOutline.read(engine.kinds(), parser, kind -> {
            AccessPolicy.requireAny(principal, kind, Verb.CREATE, Verb.UPDATE);
            // its plan, or its refusal, tells which documents it refers to exist: the caller must be able to read them
            AccessPolicy.requireReadableReferences(principal, kind, engine.kinds(), dryRun ? "a dry run" : "an import");
        }));
        if (outline.hasSecrets()) {
            requireSecretsPermission(principal, outline);
        }
        JsonNode bundle = bundles.parse(ctx, bytes);
        // the engine checks each document against the caller's permissions as it writes it, and runs its hooks
        WriteOptions options = new WriteOptions(null, false, false, dryRun, Origins.of(ctx)).madeBy(principal);
        ImportPlan plan = importer.importBundle(bundle, ctx.header(PASSPHRASE_HEADER), existing, options);
        Conditions.markDryRun(ctx, dryRun); // the plan's body says "dryRun" already, true or false
        JsonResponses.send(ctx, 200, plan.toJson());
    }

    /**
     * Who may import secrets: for each kind of the bundle that has secret fields, those allowed to update every
     * document of it, not only their own (for user-auths' password hashes the escalation rule then checks each
     * user's roles, document by document).
     */
    private static void requireSecretsPermission(Principal principal, BundleOutline outline) {
        for (Kind kind : outline.counts().keySet()) {
            if (!kind.strategy().secretFields().isEmpty() || kind.strategy().holdsSecureJsonData()) {
                AccessPolicy.requireAll(principal, kind, Verb.UPDATE, "importing secrets of " + kind.resource());
            }
        }
    }

    private static void refusePassphraseInUrl(Context ctx) {
        if (ctx.queryParamMap().keySet().stream().anyMatch(key -> key.toLowerCase(Locale.ROOT).contains("passphrase"))) {
            throw new InvalidException("a passphrase must not be in the URL, where logs and histories keep it;"
                    + " send it in the " + PASSPHRASE_HEADER + " header");
        }
    }

    private static boolean flag(Context ctx, String name) {
        String value = ctx.queryParam(name);
        if (value != null && !value.equals("true") && !value.equals("false")) {
            throw new InvalidException(name + " must be true or false, not '" + QueryParameters.clip(value) + "'");
        }
        return "true".equals(value);
    }
}
