package dev.fulcrum.app.tokens;

import dev.fulcrum.app.accounts.Users;
import dev.fulcrum.model.UnauthorizedException.Reason;
import dev.fulcrum.model.UnauthorizedException;
import dev.fulcrum.store.TokenRecord;
import dev.fulcrum.store.TokenStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Who a token may still act for: the token and the tokens that made it, each refused when its user is gone or
 * disabled, each with its user's roles when that user made it (which cap its permissions). {@link TokenService}
 * lets a token work only while every token of its lineage does, and never with more than any of them has now.
 */
final class TokenLineage {
    /** How many generations of tokens a lineage may have; deeper ones (or a loop) are refused. */
    private static final int MAX_GENERATIONS = 64;
    private final TokenStore store;
    private final Users users;

    /**
     * A token of a lineage, with its user's roles when the token is one the user made (on the tokens page, or with
     * one of the user's tokens), which cap its permissions; else null. {@code userDisablesAt}: when a user-status
     * disables its user later on, null when none does.
     */
    record Link(TokenRecord token, List<String> userRoles, Instant userDisablesAt) {
    }

    TokenLineage(TokenStore store, Users users) {
        this.store = store;
        this.users = users;
    }

    /**
     * The token and the tokens that made it, each checked as the token itself is: a token works only while every
     * token of its lineage does (revoking one revokes its descendants; a user deleted or disabled takes along the
     * tokens made by that user's tokens, for whomever they were made).
     */
    List<Link> of(TokenRecord token, Instant now) {
        List<Link> lineage = new ArrayList<>();
        TokenRecord current = token;
        while (true) {
            try {
                Users.User user = refuseIfUserGone(current, now);
                lineage.add(new Link(current, user != null && isMadeByItsUser(current) ? user.roles() : null,
                        user == null ? null : user.disablesAt()));
            } catch (UnauthorizedException e) {
                if (current == token) {
                    throw e;
                }
                throw new UnauthorizedException("API token '" + token.name() + "' was made by API token '" + current.name()
                        + "', which no longer works (" + e.getMessage() + ")", e.reason());
            }
            if (current.parentId() == null) {
                return lineage;
            }
            Optional<TokenRecord> parent = lineage.size() < MAX_GENERATIONS ? store.findActiveById(current.parentId())
                    : Optional.empty();
            if (parent.isEmpty()) {
                throw new UnauthorizedException("API token '" + token.name() + "' was made by a token that has been revoked",
                        Reason.REVOKED);
            }
            current = parent.get();
        }
    }

    /**
     * A token that belongs to a user works only while that user exists and is not disabled (checked with the
     * token, so within a second of the change); deleting a user and creating one of the same name does not
     * hand the old user's tokens over, because the new user has to be created after the token was. Answers the
     * user (null for a token of no user).
     */
    private Users.User refuseIfUserGone(TokenRecord token, Instant now) {
        String user = token.userName();
        if (user == null) {
            return null;
        }
        Optional<Users.User> found = users.find(user);
        if (found.isEmpty() || found.get().createdAt().isAfter(token.createdAt())) {
            throw new UnauthorizedException("API token '" + token.name() + "' belonged to user '" + user
                    + "', who no longer exists; create a new one", Reason.USER_DELETED);
        }
        if (found.get().disabled()) {
            throw new UnauthorizedException("API token '" + token.name() + "' belongs to user '" + user + "', who is disabled",
                    Reason.USER_DISABLED);
        }
        return found.get();
    }

    /**
     * Whether the token's user made it: on the tokens page (made by the user's name), or with another token of the
     * same user (whose lineage the store keeps: a revoked parent takes its children along). Tokens made for a
     * user by the CLI or by someone else's token keep their role, as their maker chose.
     */
    private boolean isMadeByItsUser(TokenRecord token) {
        String user = token.userName();
        String maker = token.createdBy();
        if (user == null || maker == null) {
            return false;
        }
        if (maker.equals(user)) {
            return true;
        }
        return maker.startsWith("token:") && token.parentId() != null && store.findActive(maker.substring("token:".length()))
                .filter(parent -> parent.id() == token.parentId() && user.equals(parent.userName())).isPresent();
    }
}
