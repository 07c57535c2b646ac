package dev.fulcrum.model.kinds;

import dev.fulcrum.model.ResourceStrategy;
import java.util.Set;

/** Connections to clusters; their keys and passwords are secrets. */
public final class ConnectionStrategy implements ResourceStrategy {
    private static final Set<String> SECRETS = Set.of("key", "passphrase", "sockPassword");

    @Override
    public Set<String> secretFields() {
        return SECRETS;
    }
}
