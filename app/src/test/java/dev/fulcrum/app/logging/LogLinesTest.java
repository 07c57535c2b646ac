package dev.fulcrum.app.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;
import org.slf4j.LoggerFactory;

/**
 * What a client sends can neither forge a log line of the server nor put a terminal escape in it: the log's pattern
 * (LogSetup) escapes messages and the messages in stack traces, whatever stream it writes to.
 */
@Isolated // measures time or captures stderr: runs with no other test class beside it
class LogLinesTest {

    @Test
    void control_and_line_separator_characters_in_a_logged_value_are_escaped_and_stack_traces_keep_their_shape() {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8)); // the log's own stream: LogSetup
        try {
            String forged = "x\n2026-11-30T00:00:00.000+0000 INFO FulcrumApp - forged\rNEL\u0085LS\u2028PS\u2029ESC\u001b[31mNUL\u0000DEL\u007f";
            LoggerFactory.getLogger(LogLinesTest.class).warn("user {} did something", forged,
                    new IllegalStateException("message with\na second line"));
        } finally {
            System.setErr(original);
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        String first = log.lines().findFirst().orElseThrow();
        assertThat(first).contains("user x\\n2026-11-30T00:00:00.000+0000 INFO FulcrumApp - forged\\rNEL\\u0085LS\\u2028PS\\u2029"
                + "ESC\\u001b[31mNUL\\u0000DEL\\u007f did something");
        assertThat(log).doesNotContain("\u0085", "\u2028", "\u2029", "\u001b", "\u0000", "\r", "\u007f");
        assertThat(log.lines().filter(line -> line.contains("forged"))).hasSize(1);
        assertThat(log).contains("java.lang.IllegalStateException: message with\\na second line");
        assertThat(log.lines().filter(line -> line.startsWith("\tat "))).isNotEmpty();
    }
}
