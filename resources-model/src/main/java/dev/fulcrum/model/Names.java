package dev.fulcrum.model;

import java.util.Optional;

/** The one rule for document names: what URLs, bodies and references may use. */
public final class Names {
    public static final String RULE =
            "a name is 1-200 characters of letters, digits and . _ @ + -, not starting with '.'";
    /** The rule as a regular expression, for clients and the API description. */
    public static final String PATTERN = "^[A-Za-z0-9_@+\\-][A-Za-z0-9._@+\\-]{0,199}$";

    private Names() {
    }

    /** Whether {@code name} follows {@link #PATTERN}; a loop, not the regex: it runs on every request. */
    public static boolean isValid(String name) {
        if (name == null || name.isEmpty() || name.length() > 200 || name.charAt(0) == '.') {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean allowed = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || c == '.' || c == '_' || c == '@' || c == '+' || c == '-';
            if (!allowed) {
                return false;
            }
        }
        return true;
    }

    /** Why {@code name} is not a valid name, or empty when it is. */
    public static Optional<String> problem(String name) {
        if (name == null || name.isEmpty()) {
            return Optional.of("is required; " + RULE);
        }
        return isValid(name) ? Optional.empty() : Optional.of("is not a valid name; " + RULE);
    }
}
