package dev.fulcrum.model.kinds;

import dev.fulcrum.model.ResourceStrategy;

/** Roles: stored as given for now. */
public final class RoleStrategy implements ResourceStrategy {
}
