package dev.fulcrum.app.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fulcrum.app.Json;
import dev.fulcrum.model.Kinds;
import dev.fulcrum.model.NotFoundException;
import dev.fulcrum.model.kinds.Passwords;
import dev.fulcrum.model.kinds.UserAuthStrategy;
import dev.fulcrum.model.kinds.UserStatusStrategy;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Users as people who sign in: their password (from their user-auth, Argon2id), whether they are disabled
 * (their user-status) and their roles (their user document).
 */
public final class Accounts {
    private final ResourceEngine engine;
    private final Clock clock;

    public Accounts(ResourceEngine engine, Clock clock) {
        this.engine = engine;
        this.clock = clock;
    }

    /**
     * Whether {@code password} is the user's and the user is not disabled. An unknown user costs the same
     * Argon2id check as a wrong password, so timing tells nothing.
     */
    public boolean passwordMatches(String user, String password) {
        String hash = engine.withSecrets(Kinds.USER_AUTHS, user)
                .map(auth -> auth.secrets().path(UserAuthStrategy.HASH).asText(null)).orElse(null);
        return Passwords.verify(hash, password) && !isDisabled(user);
    }

    /** The user's roles, or empty when the user does not exist or is disabled. */
    public Optional<List<String>> activeUserRoles(String user) {
        try {
            JsonNode document = Json.parseStored(engine.get(Kinds.USERS, user));
            if (isDisabled(user)) {
                return Optional.empty();
            }
            List<String> roles = new ArrayList<>();
            document.path("roles").forEach(role -> roles.add(role.asText()));
            return Optional.of(roles);
        } catch (NotFoundException | dev.fulcrum.model.InvalidException e) {
            return Optional.empty();
        }
    }

    private boolean isDisabled(String user) {
        try {
            return UserStatusStrategy.disables(Json.parseStored(engine.get(Kinds.USER_STATUSES, user)), clock.instant());
        } catch (NotFoundException e) {
            return false;
        }
    }
}
