package dev.fulcrum.model.kinds;

import dev.fulcrum.model.ResourceStrategy;

/** Dashboards: stored as given for now. */
public final class DashboardStrategy implements ResourceStrategy {
}
