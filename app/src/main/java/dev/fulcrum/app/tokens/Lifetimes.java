package dev.fulcrum.app.tokens;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Token lifetimes as people write them: {@code 90m}, {@code 12h}, {@code 30d}, {@code 2w}, or ISO-8601 ({@code P30D}). */
public final class Lifetimes {
    private static final Pattern SHORT = Pattern.compile("([1-9][0-9]{0,5})([mhdw])");
    private static final Duration LONGEST = Duration.ofDays(100 * 365);
    public static final String RULE = "a whole number and a unit: m (minutes), h, d or w, e.g. 30d; or ISO-8601 such as P30D";

    private Lifetimes() {
    }

    /** The duration {@code text} names; an {@link IllegalArgumentException} saying what is allowed otherwise. */
    public static Duration parse(String text) {
        String trimmed = text == null ? "" : text.trim();
        Matcher matcher = SHORT.matcher(trimmed);
        Duration duration;
        if (matcher.matches()) {
            long amount = Long.parseLong(matcher.group(1));
            duration = switch (matcher.group(2)) {
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                case "d" -> Duration.ofDays(amount);
                default -> Duration.ofDays(7 * amount);
            };
        } else {
            try {
                duration = Duration.parse(trimmed);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("'" + text + "' is not a lifetime: " + RULE);
            }
        }
        if (duration.isNegative() || duration.isZero() || duration.compareTo(LONGEST) > 0) {
            throw new IllegalArgumentException("'" + text + "' is not a lifetime: it must be more than zero and at most 100 years");
        }
        return duration;
    }

    /** {@code 30d}, {@code 12h} or {@code 90m}: the shortest exact form. */
    public static String format(Duration duration) {
        if (duration.toMinutes() % (60 * 24) == 0) {
            return duration.toDays() + "d";
        }
        return duration.toMinutes() % 60 == 0 ? duration.toHours() + "h" : duration.toMinutes() + "m";
    }
}
