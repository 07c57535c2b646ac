package dev.fulcrum.model.kinds;

import dev.fulcrum.model.ResourceStrategy;

/** Alerts: stored as given for now. */
public final class AlertStrategy implements ResourceStrategy {
}
