package dev.fulcrum.model;

import java.util.Locale;

/** Thrown when a request carries no API token, or one that does not work (unknown, revoked, expired...). */
public final class UnauthorizedException extends FulcrumException {
    /** Why a token was refused: a small fixed set, so that refusals can be counted by it. */
    public enum Reason {
        /** No token sent. */
        MISSING,
        /** Not a token's shape or checksum: refused without a lookup. */
        MALFORMED,
        /** No active token has it: never made, or revoked (a revoked token's hash is not looked up). */
        UNKNOWN,
        /** Past its expiry. */
        EXPIRED,
        /** Made by a token that has been revoked, or revoked while the request ran. */
        REVOKED,
        /** Its user, or the user of a token that made it, was deleted. */
        USER_DELETED,
        /** Its user, or the user of a token that made it, is disabled. */
        USER_DISABLED;

        /** The reason as a metric label: {@code user_deleted}. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Reason reason;

    public UnauthorizedException(String message, Reason reason) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
