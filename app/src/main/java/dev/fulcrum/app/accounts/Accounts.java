package dev.fulcrum.app.accounts;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fulcrum.app.engine.ResourceEngine;
import dev.fulcrum.model.Kinds;
import dev.fulcrum.model.PreconditionFailedException;
import dev.fulcrum.model.kinds.Passwords;
import dev.fulcrum.model.kinds.UserAuthStrategy;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Users as people who sign in: their password (from their user-auth, Argon2id), whether they may (see
 * {@link Users}) and their roles.
 */
public final class Accounts {
    private final ResourceEngine engine;
    private final Users users;

    public Accounts(ResourceEngine engine, Clock clock) {
        this.engine = engine;
        this.users = new Users(engine.reads(), clock);
    }

    /**
     * Whether {@code password} is the user's and the user is not disabled. An unknown user costs the same
     * Argon2id check as a wrong password, so timing tells nothing.
     */
    public boolean passwordMatches(String user, String password) {
        Optional<ResourceEngine.WithSecrets> auth = engine.withSecrets(Kinds.USER_AUTHS, user);
        String hash = auth.map(found -> found.secrets().path(UserAuthStrategy.HASH).asText(null)).orElse(null);
        boolean matches = Passwords.verify(hash, password);
        if (matches && Passwords.needsRehash(hash)) {
            rehash(auth.get(), password);
        }
        return matches && users.find(user).filter(found -> !found.disabled()).isPresent();
    }

    /**
     * Replaces a hash made with other parameters (an imported, cheaper one) by one with this server's, now that
     * the password is known; the document is otherwise unchanged. Should the password change meanwhile, the new
     * one stays: the write applies only to the version that was checked.
     */
    private void rehash(ResourceEngine.WithSecrets auth, String password) {
        ObjectNode document = auth.document().deepCopy();
        document.put(UserAuthStrategy.HASH, Passwords.hash(password));
        try {
            engine.rewrite(Kinds.USER_AUTHS, document, auth.version());
        } catch (PreconditionFailedException changedMeanwhile) {
            // its new password was hashed with this server's parameters
        }
    }

    /**
     * When the user was created: with the name, what tells this user from a later one of the same name (sessions
     * and tokens are bound to it). Empty when there is no such user.
     */
    public Optional<Instant> identity(String user) {
        return users.find(user).map(Users.User::createdAt);
    }

    /**
     * The user's roles, or empty when the user does not exist, is disabled, or is not the one created at
     * {@code identity} (it was deleted and another of the same name created).
     */
    public Optional<List<String>> activeUserRoles(String user, Instant identity) {
        return users.find(user).filter(found -> found.createdAt().equals(identity) && !found.disabled())
                .map(Users.User::roles);
    }
}
