package dev.fulcrum.model.kinds;

import dev.fulcrum.model.ResourceStrategy;

/** UserAuths: stored as given for now. */
public final class UserAuthStrategy implements ResourceStrategy {
}
