package dev.fulcrum.model.kinds;

import java.time.Duration;
import java.time.Period;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/** What counts as an e-mail address, a host[:port], an ISO-8601 duration and a numeric string. */
final class Formats {
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s.]+(\\.[^@\\s.]+)+");
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9._\\-]+|\\[[0-9A-Fa-f:.]+\\]");

    private Formats() {
    }

    static boolean isNumber(String text) {
        try {
            new java.math.BigDecimal(text.trim());
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    static boolean isEmail(String value) {
        return EMAIL.matcher(value).matches();
    }

    static boolean isHostPort(String value) {
        int colon = value.lastIndexOf(':');
        String host = value;
        if (colon > 0 && !value.endsWith("]")) {
            String port = value.substring(colon + 1);
            if (!port.matches("[0-9]{1,5}") || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
                return false;
            }
            host = value.substring(0, colon);
        }
        return !host.isEmpty() && HOST.matcher(host).matches();
    }

    /** A positive ISO-8601 duration: a date part (P1Y2M3W4D), a time part (T1H2M3S), or both. */
    static boolean isDuration(String value) {
        if (!value.startsWith("P") || value.length() < 3 || value.contains("-")) {
            return false;
        }
        int time = value.indexOf('T');
        String datePart = time < 0 ? value : value.substring(0, time);
        String timePart = time < 0 ? "" : "P" + value.substring(time);
        try {
            Period period = datePart.equals("P") ? Period.ZERO : Period.parse(datePart);
            Duration duration = timePart.isEmpty() ? Duration.ZERO : Duration.parse(timePart);
            return !period.isNegative() && !duration.isNegative() && !(period.isZero() && duration.isZero());
        } catch (DateTimeParseException notIso) {
            return false;
        }
    }
}
