package dev.fulcrum.app.engine;

/**
 * Finds a secret inside a URL written in a string: a password in its user info ({@code postgres://admin:pw@db/x},
 * {@code //u:pw@h}) or a query parameter named like a secret ({@code https://db/x?password=...}, JDBC's
 * {@code ;password=}). One pass over the text, whatever it holds: a pattern with backtracking took seconds for a
 * 16,000-character string and hours for megabytes.
 */
final class UrlSecrets {
    /** Query parameter names longer than this are not looked at (no secret's name is). */
    private static final int MAX_NAME = 64;

    private UrlSecrets() {
    }

    /** What secret the text's URLs carry ("a password", "the query parameter 'password'"), or null for none. */
    static String find(String text) {
        int from = text.indexOf("//");
        if (from < 0) {
            return null;
        }
        while (from >= 0) {
            int colon = -1;
            int i = from + 2;
            for (; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '/' || c == '?' || c == '#' || c == '@' || Character.isWhitespace(c)) {
                    break;
                }
                if (c == ':' && colon < 0) {
                    colon = i;
                }
            }
            if (i < text.length() && text.charAt(i) == '@' && colon > from + 2 && colon < i - 1) {
                return "a password";
            }
            from = text.indexOf("//", Math.max(i, from + 2));
        }
        return secretParameter(text);
    }

    /** A query or matrix parameter ({@code ?name=}, {@code &name=}, {@code ;name=}) whose name looks secret. */
    private static String secretParameter(String text) {
        int start = -1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '?' || c == '&' || c == ';') {
                start = i + 1;
            } else if (c == '=' && start >= 0) {
                if (i - start <= MAX_NAME && i > start && SecretNames.looksSecret(text.substring(start, i))) {
                    return "the parameter '" + text.substring(start, i) + "'";
                }
                start = -1;
            } else if (Character.isWhitespace(c) || c == '/' || c == '#') {
                start = -1;
            }
        }
        return null;
    }
}
