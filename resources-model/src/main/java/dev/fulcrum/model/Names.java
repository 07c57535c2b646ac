package dev.fulcrum.model;

import java.util.Optional;
import java.util.regex.Pattern;

/** The one rule for document names: what URLs, bodies and references may use. */
public final class Names {
    public static final String RULE =
            "a name is 1-200 characters of letters, digits and . _ @ + -, not starting with '.'";
    /** The rule as a regular expression, for clients and the API description. */
    public static final String PATTERN = "^[A-Za-z0-9_@+\\-][A-Za-z0-9._@+\\-]{0,199}$";
    private static final Pattern VALID = Pattern.compile(PATTERN);

    private Names() {
    }

    public static boolean isValid(String name) {
        return name != null && VALID.matcher(name).matches();
    }

    /** Why {@code name} is not a valid name, or empty when it is. */
    public static Optional<String> problem(String name) {
        if (name == null || name.isEmpty()) {
            return Optional.of("is required; " + RULE);
        }
        return isValid(name) ? Optional.empty() : Optional.of("is not a valid name; " + RULE);
    }
}
