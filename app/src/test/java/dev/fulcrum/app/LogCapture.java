package dev.fulcrum.app;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * The server's log lines while it is open, each formatted by the encoder of the appender that prints it (LogSetup),
 * as they reach stderr. It sees the lines of every server in the JVM: tests pick theirs by a request id or a text
 * of their own, so they need not run alone.
 */
final class LogCapture implements AutoCloseable {
    private static final String ACCESS_LOGGER = "dev.fulcrum.app.http.AccessLog";
    private final List<String> events = new ArrayList<>();
    private final Logger root;
    private final Logger access;
    private final AppenderBase<ILoggingEvent> appender;

    LogCapture() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        access = context.getLogger(ACCESS_LOGGER);
        Encoder<ILoggingEvent> lines = encoder(root, "STDERR");
        Encoder<ILoggingEvent> accessLines = encoder(access, "ACCESS");
        appender = new AppenderBase<>() {
            @Override
            protected void append(ILoggingEvent event) {
                Encoder<ILoggingEvent> encoder = event.getLoggerName().equals(ACCESS_LOGGER) ? accessLines : lines;
                String text = new String(encoder.encode(event), StandardCharsets.UTF_8);
                synchronized (events) {
                    events.add(text);
                }
            }
        };
        appender.setContext(context);
        appender.start();
        root.addAppender(appender);
        access.addAppender(appender);
    }

    private static Encoder<ILoggingEvent> encoder(Logger logger, String appender) {
        return ((OutputStreamAppender<ILoggingEvent>) logger.getAppender(appender)).getEncoder();
    }

    /** The events logged so far that contain {@code text}, each as printed: a line, and a stack trace's lines after it. */
    List<String> containing(String text) {
        synchronized (events) {
            return events.stream().filter(event -> event.contains(text)).toList();
        }
    }

    @Override
    public void close() {
        root.detachAppender(appender);
        access.detachAppender(appender);
        appender.stop();
    }
}
