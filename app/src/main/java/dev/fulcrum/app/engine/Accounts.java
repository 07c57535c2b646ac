package dev.fulcrum.app.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fulcrum.app.Json;
import dev.fulcrum.model.Kinds;
import dev.fulcrum.model.Names;
import dev.fulcrum.model.NotFoundException;
import dev.fulcrum.model.PreconditionFailedException;
import dev.fulcrum.model.kinds.Passwords;
import dev.fulcrum.model.kinds.UserAuthStrategy;
import dev.fulcrum.model.kinds.UserStatusStrategy;
import dev.fulcrum.store.StoredDocument;
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
        Optional<StoredDocument> auth = Names.isValid(user) ? engine.store().find(Kinds.USER_AUTHS.resource(), user)
                : Optional.empty();
        String hash = auth.map(stored -> engine.secrets().open(stored.secrets()).path(UserAuthStrategy.HASH).asText(null))
                .orElse(null);
        boolean matches = Passwords.verify(hash, password);
        if (matches && Passwords.needsRehash(hash)) {
            rehash(auth.get(), password);
        }
        return matches && !isDisabled(user);
    }

    /**
     * Replaces a hash made with other parameters (an imported, cheaper one) by one with this server's, now that
     * the password is known; the document is otherwise unchanged. Should the password change meanwhile, the new
     * one stays: the write applies only to the version that was checked.
     */
    private void rehash(StoredDocument auth, String password) {
        ObjectNode document = Json.parseStored(auth.body());
        document.put(UserAuthStrategy.HASH, Passwords.hash(password));
        WriteOptions options = new WriteOptions(auth.version(), true, false, false, true, Origin.SYSTEM, WriteGuard.NONE,
                true);
        try {
            engine.writer().store(Kinds.USER_AUTHS, document, auth.name(), null, options);
        } catch (PreconditionFailedException changedMeanwhile) {
            // its new password was hashed with this server's parameters
        }
    }

    /**
     * When the user was created: with the name, what tells this user from a later one of the same name (sessions
     * and tokens are bound to it). Empty when there is no such user.
     */
    public Optional<Instant> identity(String user) {
        try {
            return Optional.of(engine.read(Kinds.USERS, user).createdAt());
        } catch (NotFoundException | dev.fulcrum.model.InvalidException e) {
            return Optional.empty();
        }
    }

    /**
     * The user's roles, or empty when the user does not exist, is disabled, or is not the one created at
     * {@code identity} (it was deleted and another of the same name created).
     */
    public Optional<List<String>> activeUserRoles(String user, Instant identity) {
        try {
            StoredDocument stored = engine.read(Kinds.USERS, user);
            JsonNode document = Json.parseStored(stored.body());
            if (!stored.createdAt().equals(identity) || isDisabled(user)) {
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
