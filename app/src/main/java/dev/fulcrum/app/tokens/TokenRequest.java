package dev.fulcrum.app.tokens;

import java.time.Duration;

/**
 * A token to create.
 *
 * @param roleName  the role whose permissions it gets; null for super-admin
 * @param userName  the user it acts for, or null
 * @param createdBy who asks: a user name, {@code token:<name>} or {@code cli}
 * @param expiresIn how long it works, or null for as long as config.yaml allows
 */
public record TokenRequest(String name, String roleName, String userName, String createdBy, Duration expiresIn) {
}
