package dev.fulcrum.app.tokens;

import dev.fulcrum.store.TokenRecord;
import java.time.Duration;

/**
 * A token to create.
 *
 * @param roleName  the role whose permissions it gets; null for super-admin
 * @param userName  the user it acts for, or null
 * @param createdBy who asks: a user name, {@code token:<name>} or {@code cli}
 * @param expiresIn how long it works, or null for as long as config.yaml allows (and its parent lives)
 * @param parent    the token that asks, or null; the new token never outlives it and is revoked with it
 */
public record TokenRequest(String name, String roleName, String userName, String createdBy, Duration expiresIn,
                           TokenRecord parent) {
    public TokenRequest(String name, String roleName, String userName, String createdBy, Duration expiresIn) {
        this(name, roleName, userName, createdBy, expiresIn, null);
    }
}
