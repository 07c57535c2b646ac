package dev.fulcrum.model.kinds;

import dev.fulcrum.model.ResourceStrategy;

/** Reports: stored as given for now. */
public final class ReportStrategy implements ResourceStrategy {
}
