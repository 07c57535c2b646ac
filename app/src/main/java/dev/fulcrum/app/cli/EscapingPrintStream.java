package dev.fulcrum.app.cli;

import java.io.PrintStream;

/**
 * The server's log stream (slf4j-simple writes every line to System.err): each line is printed with its control
 * and line-separator characters escaped ({@code \n}, {@code \r}, {@code \u2028}, NEL, ESC, NUL...), so that
 * text a client sent can neither forge a log line nor send a terminal escape. Tabs stay, for stack traces.
 */
final class EscapingPrintStream extends PrintStream {

    private EscapingPrintStream(PrintStream out) {
        super(out, true);
    }

    /** Makes System.err escape what it prints; once is enough. */
    static void install() {
        if (!(System.err instanceof EscapingPrintStream)) {
            System.setErr(new EscapingPrintStream(System.err));
        }
    }

    /** A stream that escapes what it prints to {@code out}, for tests. */
    static PrintStream over(PrintStream out) {
        return new EscapingPrintStream(out);
    }

    @Override
    public void print(String text) {
        super.print(escape(text));
    }

    @Override
    public void print(Object value) {
        super.print(escape(String.valueOf(value)));
    }

    static String escape(String text) {
        if (text == null || text.chars().noneMatch(EscapingPrintStream::needsEscape)) {
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
