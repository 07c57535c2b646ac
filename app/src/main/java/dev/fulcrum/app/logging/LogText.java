package dev.fulcrum.app.logging;

/**
 * Text written into a log line: control and line-separator characters escaped ({@code \n}, {@code \r},
 * {@code \u2028}, NEL, ESC, NUL...), so that text a client sent can neither forge a log line nor send a terminal
 * escape. Tabs stay.
 */
public final class LogText {
    private LogText() {
    }

    public static String escape(String text) {
        if (text == null || text.chars().noneMatch(LogText::needsEscape)) {
            return text;
        }
        StringBuilder escaped = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                escaped.append("\\n");
            } else if (c == '\r') {
                escaped.append("\\r");
            } else if (needsEscape(c)) {
                escaped.append(String.format("\\u%04x", (int) c));
            } else {
                escaped.append(c);
            }
        }
        return escaped.toString();
    }

    /** C0 controls but tab, DEL, C1 controls (NEL is U+0085), and the Unicode line and paragraph separators. */
    private static boolean needsEscape(int c) {
        return (c < 0x20 && c != '\t') || (c >= 0x7f && c <= 0x9f) || c == 0x2028 || c == 0x2029;
    }
}
