package dev.fulcrum.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Active API tokens, by name and by hash. */
public interface TokenStore {

    /** Stores a new token; false when an active token already has that name. */
    boolean create(NewToken token);

    List<TokenRecord> listActive();

    Optional<TokenRecord> findActive(String name);

    Optional<TokenRecord> findActiveByHash(String hash);

    /** The active token with that id (a token's parent, say); empty when it was revoked or never was. */
    Optional<TokenRecord> findActiveById(long id);

    /**
     * Revokes the active token of that name and, with it, the active tokens it made, theirs, and so on; answers
     * the names of all it revoked, empty when no active token has that name.
     */
    List<String> revoke(String name, Instant revokedAt);

    void touch(String hash, Instant usedAt);
}
