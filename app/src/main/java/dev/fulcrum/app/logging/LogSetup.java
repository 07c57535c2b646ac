package dev.fulcrum.app.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * The server's log, set up in code (found by Logback through META-INF/services): one line per event on stderr, plus
 * the id of the request the line belongs to ([...], absent outside requests: startup, the audit queue, the connection
 * monitor). Messages and stack traces' messages are escaped ({@link LogText}): what a client sent can neither forge a
 * line nor send a terminal escape. In code rather than a logback.xml, because reading XML took a tenth of the
 * server's start (bench/RESULTS.md). {@code -Dlogback.configurationFile=/path/to/logback.xml} still replaces all of
 * it; {@code -Dfulcrum.logLevel=WARN} quiets the info lines (the build's class data sharing training run does).
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_NORMAL_PRIORITY)
public final class LogSetup extends ContextAwareBase implements Configurator {
    /** What every line starts with: the time, the level, the logger's short name. */
    private static final String PREFIX = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSZ} %level %logger{0}";
    /** The server's lines: the request's id when there is one, the escaped message and stack trace. */
    static final String PATTERN = PREFIX + "%replace( [%X{requestId}]){' \\[\\]', ''} - %safeMessage%n%safeThrowable";
    /** The access log's lines (accessLog: true) carry the request id themselves, among their fields. */
    static final String ACCESS_PATTERN = PREFIX + " - %safeMessage%n";
    private static final String ACCESS_LOGGER = "dev.fulcrum.app.http.AccessLog";
    /** Libraries whose info lines say nothing an operator needs. */
    private static final String[] QUIET = {"org.eclipse.jetty", "org.flywaydb", "io.javalin", "com.zaxxer.hikari"};

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY; // the operator's own file
        }
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(System.getProperty("fulcrum.logLevel"), Level.INFO));
        root.addAppender(stderr(context, "STDERR", PATTERN));
        Logger access = context.getLogger(ACCESS_LOGGER);
        access.setAdditive(false);
        access.addAppender(stderr(context, "ACCESS", ACCESS_PATTERN));
        for (String library : QUIET) {
            context.getLogger(library).setLevel(Level.WARN);
        }
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    private static ConsoleAppender<ILoggingEvent> stderr(LoggerContext context, String name, String pattern) {
        PatternLayout layout = new PatternLayout();
        layout.setContext(context);
        layout.getInstanceConverterMap().put("safeMessage", EscapedMessageConverter::new);
        layout.getInstanceConverterMap().put("safeThrowable", EscapedThrowableConverter::new);
        layout.setPattern(pattern);
        layout.start();
        LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setContext(context);
        encoder.setLayout(layout);
        encoder.start();
        ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
        appender.setContext(context);
        appender.setName(name);
        appender.setTarget("System.err");
        appender.setEncoder(encoder);
        appender.start();
        return appender;
    }
}
