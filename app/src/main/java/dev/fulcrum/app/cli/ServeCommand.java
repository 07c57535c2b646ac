package dev.fulcrum.app.cli;

import dev.fulcrum.app.FulcrumApp;
import dev.fulcrum.app.config.FulcrumConfig;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Runs the server in the foreground until SIGTERM or Ctrl-C.")
final class ServeCommand implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);

    @Mixin
    ConfigOption config;

    @Override
    public void run() {
        FulcrumConfig settings = config.load();
        EscapingPrintStream.install();
        FulcrumApp app = FulcrumApp.start(settings);
        LOG.info("Fulcrum is serving on port {} (state: {} at {})", app.port(), settings.stateStore.type,
                withoutParameters(settings.stateStore.connection));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("shutting down");
            app.close();
            stopped.countDown();
        }, "shutdown"));
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
