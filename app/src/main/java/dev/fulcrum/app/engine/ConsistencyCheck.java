package dev.fulcrum.app.engine;

import dev.fulcrum.model.FulcrumException;
import dev.fulcrum.model.Kind;
import dev.fulcrum.model.NotFoundException;
import dev.fulcrum.store.Divergence;
import dev.fulcrum.store.DocumentStore;
import dev.fulcrum.store.MetaStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At start, once per database: finds documents whose row is not their history's newest version (which writes made
 * before issue 11 could leave behind, and H2 can: an acknowledged write recorded in the history but undone in the
 * row) and repairs them from the history, through the engine like any write: the row becomes the newest recorded
 * version again (the write's own read restores it, see the store's {@code WriteTransaction}; a missing row comes
 * back as a new version), or a recorded delete is carried out. What cannot be repaired (a reference that is gone
 * now) is named in the log and on {@code GET /health}; its document still takes writes, since a write's version is
 * always one above the newest its history holds.
 */
public final class ConsistencyCheck {
    private static final Logger LOG = LoggerFactory.getLogger(ConsistencyCheck.class);
    /** Set once a database was checked: from then on writes lock their document, and cannot diverge. */
    private static final String META_KEY = "history-checked";

    /** What the check found: each entry says what was wrong and what was done (or why nothing could be). */
    public record Report(List<String> repaired, List<String> unrepaired) {
        public static final Report NOTHING = new Report(List.of(), List.of());
    }

    private ConsistencyCheck() {
    }

    public static Report atStart(ResourceEngine engine, DocumentStore store, MetaStore meta) {
        if (meta.get(META_KEY).isPresent()) {
            return Report.NOTHING;
        }
        List<String> repaired = new ArrayList<>();
        List<String> unrepaired = new ArrayList<>();
        for (Divergence divergence : store.diverged()) {
            String what = divergence.resource() + " '" + divergence.name() + "': its row is "
                    + (divergence.documentVersion() == 0 ? "missing" : "at version " + divergence.documentVersion())
                    + ", its history's newest entry is version " + divergence.newestVersion() + " ("
                    + divergence.newestChange() + ")";
            Optional<Kind> kind = engine.kinds().byResource(divergence.resource());
            if (kind.isEmpty() || divergence.documentVersion() > divergence.newestVersion()) {
                unrepaired.add(what + "; left as it is");
                continue;
            }
            try {
                if (divergence.newestChange().equals("delete")) {
                    try {
                        engine.delete(kind.get(), divergence.name());
                    } catch (NotFoundException deletedByItsOwnRead) {
                        // the delete's read found the row behind its history and deleted it, as recorded
                    }
                    repaired.add(what + "; deleted as recorded");
                } else {
                    WriteOutcome outcome = engine.history().restore(kind.get(), divergence.name(),
                            divergence.newestVersion(), WriteOptions.NONE);
                    repaired.add(what + "; restored as version " + outcome.version());
                }
            } catch (FulcrumException refused) {
                unrepaired.add(what + "; not repaired: " + refused.getMessage());
            }
        }
        repaired.forEach(line -> LOG.warn("repaired at start: {}", line));
        unrepaired.forEach(line -> LOG.error("inconsistent, not repaired: {}; writes to it still work", line));
        meta.put(META_KEY, "1");
        return new Report(List.copyOf(repaired), List.copyOf(unrepaired));
    }
}
