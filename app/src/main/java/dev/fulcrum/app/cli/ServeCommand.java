package dev.fulcrum.app.cli;

import dev.fulcrum.app.FulcrumApp;
import dev.fulcrum.app.config.FulcrumConfig;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Runs the server in the foreground until SIGTERM or Ctrl-C.")
final class ServeCommand implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);

    @Mixin
    ConfigOption config;
    @Option(names = "--port", paramLabel = "N", description = "The HTTP port, instead of the config's 'port' (0: any free one).")
    Integer port;
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        if (port != null && (port < 0 || port > 65535)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--port must be between 0 and 65535");
        }
        FulcrumConfig settings = config.load();
        if (port != null) {
            settings.port = port;
        }
        FulcrumApp app = FulcrumApp.start(settings);
        LOG.info("Fulcrum is serving on port {} (state: {} at {})", app.port(), settings.stateStore.type,
                withoutParameters(settings.stateStore.connection));
        CountDownLatch stopped = new CountDownLatch(1);
        AtomicBoolean stopping = new AtomicBoolean();
        Runnable stop = () -> {
            if (stopping.compareAndSet(false, true)) {
                LOG.info("shutting down: finishing requests in flight, then the audit log, then the database");
                try {
                    app.close();
                    LOG.info("stopped");
                } catch (RuntimeException e) {
                    LOG.error("stopping failed: {}", e.toString());
                } finally {
                    stopped.countDown(); // whatever happened, the process ends
                }
            }
        };
        // SIGTERM and Ctrl-C stop the server here, before the JVM's shutdown begins: H2 closes its database in a
        // shutdown hook of its own, which would race the drain (requests in flight, the audit queue) into it.
        for (String signal : new String[] {"TERM", "INT"}) {
            Signals.handle(signal, "shutdown", stop);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop.run(); // any other way out of the JVM: the same order, as far as the JVM lets it go
            awaitQuietly(stopped);
        }, "shutdown-hook"));
        awaitQuietly(stopped);
    }

    private static void awaitQuietly(CountDownLatch stopped) {
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A JDBC URL's parameters may hold a password: the log shows where the database is, not how to log in. */
    static String withoutParameters(String connection) {
        int query = connection.indexOf('?');
        return query < 0 ? connection : connection.substring(0, query) + "?...";
    }
}
