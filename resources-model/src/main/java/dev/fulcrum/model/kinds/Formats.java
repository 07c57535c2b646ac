package dev.fulcrum.model.kinds;

import java.math.BigDecimal;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Period;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/** What counts as an e-mail address, a host[:port], a database or user name, an ISO-8601 duration and a numeric string. */
final class Formats {
    private static final String LABEL = "[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?";
    private static final Pattern HOST_NAME = Pattern.compile(LABEL + "(?:\\." + LABEL + ")*");
    private static final Pattern IPV6_CHARACTERS = Pattern.compile("[0-9A-Fa-f:.]{2,45}");
    static final int MAX_NAME = 128;
    /** RFC 5321's limit on a forward path; also what keeps the check (and the mailer) cheap. */
    static final int MAX_EMAIL_LENGTH = 254;
    /** The characters of an unquoted local part (RFC 5322 atext, and dots between them). */
    private static final String LOCAL_SYMBOLS = "!#$%&'*+/=?^_`{|}~-";

    private Formats() {
    }

    static boolean isNumber(String text) {
        try {
            new BigDecimal(text.trim());
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /**
     * An address as the mailer sends it, checked in one pass (a regex over thousands of labels overflowed the
     * stack): ASCII only, since a mailer that narrows characters to bytes turned U+0140 into another address;
     * no control, space or separator characters, which would end or add a recipient; a dotted host name.
     */
    static boolean isEmail(String value) {
        int at = value.indexOf('@');
        if (value.length() > MAX_EMAIL_LENGTH || at < 1 || at > 64 || at != value.lastIndexOf('@')) {
            return false;
        }
        String local = value.substring(0, at);
        for (int i = 0; i < local.length(); i++) {
            char c = local.charAt(i);
            boolean dot = c == '.' && i > 0 && i < local.length() - 1 && local.charAt(i - 1) != '.';
            if (!dot && !isAsciiLetterOrDigit(c) && LOCAL_SYMBOLS.indexOf(c) < 0) {
                return false;
            }
        }
        return isEmailHost(value.substring(at + 1));
    }

    /** Two or more dot-separated labels of letters, digits and inner hyphens, each at most 63 characters. */
    private static boolean isEmailHost(String host) {
        int labels = 0;
        int start = 0;
        while (start <= host.length()) {
            int end = host.indexOf('.', start);
            end = end < 0 ? host.length() : end;
            String label = host.substring(start, end);
            if (label.isEmpty() || label.length() > 63 || label.startsWith("-") || label.endsWith("-")
                    || !label.chars().allMatch(c -> isAsciiLetterOrDigit((char) c) || c == '-')) {
                return false;
            }
            labels++;
            start = end + 1;
        }
        return labels >= 2;
    }

    private static boolean isAsciiLetterOrDigit(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    /** A host name (RFC 1123 labels, {@code _} allowed), an IPv4 address, or an IPv6 address with or without brackets. */
    static boolean isHost(String value) {
        if (value.startsWith("[") && value.endsWith("]")) {
            return isIpv6(value.substring(1, value.length() - 1));
        }
        return value.contains(":") ? isIpv6(value) : isHostName(value);
    }

    /** A host name or IPv4 address, or an IPv6 address in brackets; then optionally {@code :port} (1-65535). */
    static boolean isHostPort(String value) {
        String host = value;
        int colon = value.lastIndexOf(':');
        if (colon > 0 && (!value.startsWith("[") || value.charAt(colon - 1) == ']')) {
            String port = value.substring(colon + 1);
            if (!port.matches("[0-9]{1,5}") || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65_535) {
                return false;
            }
            host = value.substring(0, colon);
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            return isIpv6(host.substring(1, host.length() - 1));
        }
        return isHostName(host);
    }

    private static boolean isHostName(String value) {
        return value.length() <= 253 && HOST_NAME.matcher(value).matches();
    }

    private static boolean isIpv6(String literal) {
        if (!IPV6_CHARACTERS.matcher(literal).matches()) {
            return false; // before the JDK sees it: no zone ids, nothing a resolver could take for a name
        }
        try {
            // in brackets the JDK parses a literal and never asks DNS: a name in brackets is an error
            return InetAddress.getByName("[" + literal + "]") instanceof Inet6Address;
        } catch (UnknownHostException notALiteral) {
            return false;
        }
    }

    /**
     * A database or user name: no URL syntax ({@code ? & ; / = # %} and backslash), no whitespace, no control
     * or invisible format characters, at most {@link #MAX_NAME} characters. Drivers get it as a property,
     * never inside a URL; the grammar makes sure it cannot be read as one anywhere else either.
     */
    static boolean isObjectName(String value) {
        if (value.isEmpty() || value.length() > MAX_NAME) {
            return false;
        }
        return value.codePoints().allMatch(c -> "?&;/=#%\\".indexOf(c) < 0 && !Character.isWhitespace(c)
                && !Character.isSpaceChar(c) && !Character.isISOControl(c) && Character.getType(c) != Character.FORMAT
                && Character.getType(c) != Character.SURROGATE && Character.isDefined(c));
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
