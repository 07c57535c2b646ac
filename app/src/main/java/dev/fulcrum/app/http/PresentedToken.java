package dev.fulcrum.app.http;

import dev.fulcrum.model.InvalidException;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The one rule for which token a request presents, for {@link ApiDoor} (before the router) and {@link ApiGate}
 * alike: Pivot's {@code x-imply-api-token} header, or {@code Authorization: Bearer <token>} (RFC 6750, as Rivery
 * and most HTTP clients send it; the scheme's name in any case, RFC 7235). Both may be sent, each once or more, if they
 * all name the same token. An {@code Authorization} header of another scheme (Basic) presents no token.
 */
final class PresentedToken {
    static final String AUTHORIZATION = "Authorization";
    private static final String BEARER = "bearer";
    /** How every Fulcrum token begins ({@code TokenFormat}): an Authorization value holding one meant to present it. */
    private static final String TOKEN_PREFIX = "fulcrum_";
    private static final List<String> HEADERS = List.of(ApiGate.TOKEN_HEADER, AUTHORIZATION);

    private PresentedToken() {
    }

    /**
     * The token the request's headers present, trimmed; null when none. A 400 when they present different tokens (the
     * two headers, or one of them repeated): which one the client meant is a guess the server will not make.
     *
     * @param headers a request's header values by name (case-insensitive, as HTTP's)
     */
    static String of(Function<String, Enumeration<String>> headers) {
        String token = null;
        for (String header : HEADERS) {
            Enumeration<String> values = headers.apply(header);
            while (values != null && values.hasMoreElements()) {
                String value = values.nextElement();
                String presented = header.equals(AUTHORIZATION) ? bearer(value) : value == null || value.isBlank() ? null : value.trim();
                if (presented == null) {
                    continue;
                }
                if (token != null && !token.equals(presented)) {
                    throw new InvalidException("the request presents two different tokens (in " + ApiGate.TOKEN_HEADER
                            + " or Authorization: Bearer, or a header given twice); send one token, in either header");
                }
                token = presented;
            }
        }
        return token;
    }

    /** The token of a Bearer credential, or null for none, an empty one, or another scheme. */
    private static String bearer(String authorization) {
        if (authorization == null) {
            return null;
        }
        String value = authorization.strip();
        String[] parts = value.split("\\s+", 2); // the scheme, then any whitespace (a tab too), then the credentials
        if (parts.length == 2 && parts[0].toLowerCase(Locale.ROOT).equals(BEARER)) {
            return parts[1].strip();
        }
        if (value.contains(TOKEN_PREFIX)) { // a token in another form (bare, "Token x", "Bearer:x"): not a guess either
            throw new InvalidException("the Authorization header carries a token in a form other than"
                    + " 'Bearer <token>'; send it as Authorization: Bearer <token>, or in " + ApiGate.TOKEN_HEADER);
        }
        return null;
    }
}
