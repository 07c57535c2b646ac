package dev.fulcrum.app.engine;

import dev.fulcrum.model.FieldError;
import dev.fulcrum.model.FulcrumException;
import java.util.ArrayList;
import java.util.List;

/**
 * Thrown when an import has conflicts: it then changes nothing. Carries one detail per problem, with its
 * path in the bundle; {@link #invalid} tells whether any document is itself invalid (a 400) rather than only
 * at odds with what is stored (a 409).
 */
public final class ImportRefusedException extends FulcrumException {
    private final List<FieldError> details;
    private final boolean invalid;
    private final long conflicts;
    private final int documents;

    ImportRefusedException(ImportPlan plan) {
        super("the import changed nothing: " + plan.count(ImportPlan.Action.CONFLICT) + " of " + plan.items().size()
                + " documents conflict (see details, of the first " + ImportPlan.SHOWN_PER_ACTION
                + " conflicting documents; ?dryRun=true answers the plan)");
        List<FieldError> all = new ArrayList<>();
        int shown = 0;
        for (ImportPlan.Item item : plan.items()) {
            if (item.action() == ImportPlan.Action.CONFLICT && shown++ < ImportPlan.SHOWN_PER_ACTION) {
                all.addAll(item.details().isEmpty() ? List.of(new FieldError(item.path(), item.reason())) : item.details());
            }
        }
        this.details = List.copyOf(all);
        this.invalid = plan.items().stream().anyMatch(ImportPlan.Item::invalid);
        this.conflicts = plan.count(ImportPlan.Action.CONFLICT);
        this.documents = plan.items().size();
    }

    /** How many documents conflict; {@link #details} shows the first few of them. */
    public long conflicts() {
        return conflicts;
    }

    /** How many documents the bundle holds. */
    public int documents() {
        return documents;
    }

    public List<FieldError> details() {
        return details;
    }

    public boolean invalid() {
        return invalid;
    }
}
