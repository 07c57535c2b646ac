package dev.fulcrum.app.engine;

import dev.fulcrum.app.Json;
import dev.fulcrum.model.Committed;
import dev.fulcrum.model.Effects;
import dev.fulcrum.model.Kind;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each kind's after-commit hook ({@code ResourceStrategy.afterCommit}) once per committed change, whatever
 * path the change came by: a write, a patch, a delete, a restore, an import, the CLI. Never for a dry run.
 */
final class AfterCommit {
    private static final Logger LOG = LoggerFactory.getLogger(AfterCommit.class);
    private volatile Effects effects = Effects.NONE;

    void provide(Effects effects) {
        this.effects = effects;
    }

    /**
     * Runs the kind's after-commit hook on a committed write, once, whatever path the write came by (none for a dry
     * run), and adds what it answers to the outcome.
     */
    WriteOutcome committed(Kind kind, String name, WriteOutcome outcome, WriteOptions options) {
        if (options.dryRun()) {
            return outcome;
        }
        Committed write = new Committed(name, outcome.created() ? Committed.Change.CREATED
                : outcome.wrote() ? Committed.Change.UPDATED : Committed.Change.UNCHANGED,
                () -> Json.parseStored(outcome.body()), options.requestOptions());
        return outcome.withEffects(runHook(kind, write));
    }

    /** A hook that fails must not turn a committed write into an error: the write stays, the failure is logged. */
    private Map<String, String> runHook(Kind kind, Committed write) {
        try {
            return kind.strategy().afterCommit(write, effects);
        } catch (RuntimeException failed) {
            LOG.warn("after-commit hook of {} '{}' failed: {}", kind.resource(), write.name(), failed.toString());
            return Map.of();
        }
    }

    /** A committed delete. */
    void deleted(Kind kind, String name, WriteOptions options) {
        if (!options.dryRun()) {
            runHook(kind, new Committed(name, Committed.Change.DELETED, () -> null, options.requestOptions()));
        }
    }
}
