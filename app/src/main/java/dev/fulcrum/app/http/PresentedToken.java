package dev.fulcrum.app.http;

import dev.fulcrum.model.InvalidException;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * The one rule for which token a request presents, for {@link ApiDoor} (before the router) and {@link ApiGate}
 * alike: Pivot's {@code x-imply-api-token} header, or {@code Authorization: Bearer <token>} (RFC 6750, as Rivery
 * and most HTTP clients send it; the scheme's name in any case, RFC 7235). Both may be sent if they name the same
 * token. An {@code Authorization} header of another scheme (Basic) presents no token.
 */
final class PresentedToken {
    static final String AUTHORIZATION = "Authorization";
    private static final String BEARER = "bearer";

    private PresentedToken() {
    }

    /**
     * The token the request's headers present, trimmed; null when none. A 400 when the two headers name different
     * tokens: which one the client meant is a guess the server will not make.
     *
     * @param header a request's header by name (case-insensitive, as HTTP's)
     */
    static String of(UnaryOperator<String> header) {
        String imply = header.apply(ApiGate.TOKEN_HEADER);
        imply = imply == null || imply.isBlank() ? null : imply.trim();
        String bearer = bearer(header.apply(AUTHORIZATION));
        if (imply != null && bearer != null && !imply.equals(bearer)) {
            throw new InvalidException("the " + ApiGate.TOKEN_HEADER + " header and Authorization: Bearer carry different"
                    + " tokens; send one token, in either header");
        }
        return imply != null ? imply : bearer;
    }

    /** The token of a Bearer credential, or null for none, an empty one, or another scheme. */
    private static String bearer(String authorization) {
        if (authorization == null) {
            return null;
        }
        String value = authorization.strip();
        int space = value.indexOf(' ');
        if (space < 0 || !value.substring(0, space).toLowerCase(Locale.ROOT).equals(BEARER)) {
            return null;
        }
        String token = value.substring(space + 1).strip();
        return token.isEmpty() ? null : token;
    }
}
