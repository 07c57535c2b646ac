package dev.fulcrum.app.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fulcrum.app.crypto.PassphraseBox;
import dev.fulcrum.model.FieldError;
import dev.fulcrum.model.ForbiddenException;
import dev.fulcrum.model.FulcrumException;
import dev.fulcrum.model.InvalidException;
import dev.fulcrum.model.Kind;
import dev.fulcrum.store.DocumentTransaction;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Imports an export bundle in one transaction, all or nothing. Every document goes through the pipeline of a
 * normal write (name, defaults, validation, preparation, references, secret sealing); referenced kinds go first,
 * so a document may name one created earlier in the same bundle. A document identical to the stored one is left
 * as it is; one that exists and differs is handled as {@link OnExisting} says.
 */
public final class BundleImporter {
    /** What to do with a document that exists and differs from the bundle's copy. */
    public enum OnExisting {
        /** a conflict: the import changes nothing */
        FAIL,
        /** keep the stored one */
        SKIP,
        /** replace it with the bundle's copy */
        OVERWRITE;

        public static OnExisting parse(String text) {
            for (OnExisting value : values()) {
                if (value.name().toLowerCase(Locale.ROOT).equals(text)) {
                    return value;
                }
            }
            throw new InvalidException("onExisting must be fail, skip or overwrite, not '" + (text.length() <= 60 ? text : text.substring(0, 60) + "...") + "'");
        }
    }

    private final ResourceEngine engine;
    private final PassphraseBox passphrases;

    /** @param passphrases the server's, shared with its exporter: it bounds the key derivations of both */
    public BundleImporter(ResourceEngine engine, PassphraseBox passphrases) {
        this.engine = engine;
        this.passphrases = passphrases;
    }

    /** Whether a bundle carries (encrypted) secrets, so that importing it needs their passphrase. */
    public static boolean carriesSecrets(JsonNode bundle) {
        return Bundle.carriesSecrets(bundle);
    }

    /**
     * Imports {@code json}, or with {@code dryRun} only answers what it would do. A bundle with conflicts is
     * refused with an {@link ImportRefusedException} unless it is a dry run; a malformed one, or one whose
     * secrets {@code passphrase} does not open, is an {@link InvalidException}.
     */
    public ImportPlan importBundle(JsonNode json, String passphrase, OnExisting onExisting, WriteOptions request) {
        boolean dryRun = request.dryRun();
        Bundle bundle = Bundle.read(engine.kinds(), json, passphrase, passphrases);
        List<Prepared> prepared = new ArrayList<>(bundle.entries().stream().map(entry -> prepare(bundle, entry)).toList());
        markDuplicates(prepared);
        DocumentWriter writer = engine.writer();
        WriteOptions options = request.asImported();
        ImportPlan committed = writer.inTransaction(options, tx -> {
            List<ImportPlan.Item> items = new ArrayList<>();
            for (Prepared each : prepared) {
                items.add(each.decided != null ? each.decided : store(tx, writer, each, onExisting, options));
            }
            ImportPlan plan = new ImportPlan(List.copyOf(items), onExisting, dryRun);
            if (!dryRun && plan.count(ImportPlan.Action.CONFLICT) > 0) {
                throw new ImportRefusedException(plan); // rolls the transaction back
            }
            return plan;
        });
        for (ImportPlan.Item item : committed.items()) {
            if (item.outcome() != null) { // written: the same after-commit hooks as any write (none for a dry run)
                engine.committed(engine.kinds().byResource(item.resource()).orElseThrow(), item.name(), item.outcome(), options);
            }
        }
        return committed;
    }

    /** A document after the part of the pipeline that runs outside the transaction, or what was decided already. */
    private record Prepared(Bundle.Entry entry, String name, ObjectNode document, ResourceEngine.Checked checked,
                            ImportPlan.Item decided) {
    }

    private Prepared prepare(Bundle bundle, Bundle.Entry entry) {
        Kind kind = entry.kind();
        Optional<ObjectNode> builtIn = entry.name() == null ? Optional.empty() : DocumentNames.builtIn(kind, entry.name());
        if (builtIn.isPresent()) {
            ObjectNode given = entry.document().deepCopy();
            kind.strategy().applyDefaults(given);
            String reason = given.equals(builtIn.get()) ? null
                    : "built in: this server keeps its own version, the bundle's copy differs";
            return new Prepared(entry, entry.name(), null, null, item(entry, ImportPlan.Action.UNCHANGED, reason, null));
        }
        try {
            ObjectNode document = entry.document().deepCopy();
            ResourceEngine.Checked checked = engine.checkAndPrepare(kind, document, null);
            if (checked.problems().any()) { // refused in the transaction, with the problems of its references
                return new Prepared(entry, entry.name(), document, checked, null);
            }
            bundle.secretsOf(kind, checked.name()).properties().forEach(secret -> document.set(secret.getKey(), secret.getValue()));
            return new Prepared(entry, checked.name(), document, checked, null);
        } catch (FulcrumException refused) {
            return new Prepared(entry, entry.name(), null, null, conflict(entry, refused));
        }
    }

    private static void markDuplicates(List<Prepared> prepared) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < prepared.size(); i++) {
            Prepared each = prepared.get(i);
            if (each.name() != null && !seen.add(each.entry().kind().resource() + "/" + each.name())) {
                prepared.set(i, new Prepared(each.entry(), each.name(), null, null, conflict(each.entry(), new InvalidException(
                        "the bundle holds " + each.entry().kind().resource() + " '" + each.name() + "' more than once"))));
            }
        }
    }

    private ImportPlan.Item store(DocumentTransaction tx, DocumentWriter writer, Prepared each, OnExisting onExisting,
                                  WriteOptions options) {
        Bundle.Entry entry = each.entry();
        try {
            DocumentWriter.Planned planned = writer.plan(tx, entry.kind(), each.document(), each.checked(), null, options);
            if (writer.isUnchanged(planned)) {
                return item(entry, ImportPlan.Action.UNCHANGED, null, null);
            }
            if (engine.isReadOnly(entry.kind())) {
                return item(entry, ImportPlan.Action.CONFLICT, entry.kind().resource()
                        + " are fixed by configuration (fixedConnections: true); change them in config.yaml instead", null);
            }
            if (planned.previous().isPresent() && onExisting == OnExisting.FAIL) {
                return item(entry, ImportPlan.Action.CONFLICT, "exists and differs from the bundle's copy;"
                        + " onExisting=overwrite replaces it, onExisting=skip keeps it", null);
            }
            if (planned.previous().isPresent() && onExisting == OnExisting.SKIP) {
                return item(entry, ImportPlan.Action.SKIP, "exists and differs from the bundle's copy; kept (onExisting=skip)", null);
            }
            WriteOutcome outcome = writer.commit(tx, planned);
            return item(entry, outcome.created() ? ImportPlan.Action.CREATE : ImportPlan.Action.UPDATE, null, outcome);
        } catch (ForbiddenException notAllowed) {
            throw notAllowed; // the caller may not write this: the whole import is refused, not planned around
        } catch (FulcrumException refused) {
            return conflict(entry, refused);
        }
    }

    private static ImportPlan.Item item(Bundle.Entry entry, ImportPlan.Action action, String reason, WriteOutcome outcome) {
        return new ImportPlan.Item(entry.kind().resource(), entry.name(), entry.path(), action, reason, List.of(), false, outcome);
    }

    /** A conflict from a refused step of the pipeline; field paths are rewritten to point into the bundle. */
    private static ImportPlan.Item conflict(Bundle.Entry entry, FulcrumException refused) {
        List<FieldError> details = new ArrayList<>();
        boolean invalid = refused instanceof InvalidException;
        if (refused instanceof InvalidException problems) {
            String root = entry.kind().singular();
            for (FieldError error : problems.details()) {
                String path = error.path();
                boolean rooted = path.equals(root) || path.startsWith(root + ".") || path.startsWith(root + "[");
                String rest = rooted ? path.substring(root.length()) : "." + path;
                details.add(new FieldError(entry.path() + rest, error.message()));
            }
        }
        return new ImportPlan.Item(entry.kind().resource(), entry.name(), entry.path(), ImportPlan.Action.CONFLICT,
                refused.getMessage(), List.copyOf(details), invalid, null);
    }
}
