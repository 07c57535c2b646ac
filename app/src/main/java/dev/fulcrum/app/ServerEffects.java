package dev.fulcrum.app;

import dev.fulcrum.app.connections.ConnectionMonitor;
import dev.fulcrum.app.email.Mailer;
import dev.fulcrum.model.Effects;
import dev.fulcrum.model.NotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What the running server does for the kinds' after-commit hooks: sends mail, restarts a connection's monitoring. */
final class ServerEffects implements Effects {
    private static final Logger LOG = LoggerFactory.getLogger(ServerEffects.class);
    private final Mailer mailer;
    private final ConnectionMonitor monitor;

    /** @param monitor null when config.yaml sets {@code allowConnectionTests: false} */
    ServerEffects(Mailer mailer, ConnectionMonitor monitor) {
        this.mailer = mailer;
        this.monitor = monitor;
    }

    @Override
    public String mail(String to, String subject, String text) {
        if (mailer == Mailer.NOT_CONFIGURED) {
            return Mailer.Status.NOT_CONFIGURED.wire();
        }
        if (!to.contains("@")) {
            LOG.warn("e-mail '{}' not sent: '{}' is not an e-mail address", subject, to);
            return Mailer.Status.FAILED.wire();
        }
        return mailer.send(to, subject, text).wire();
    }

    @Override
    public void restartMonitoring(String connection) {
        if (monitor != null) {
            try {
                monitor.start(connection);
            } catch (NotFoundException deletedMeanwhile) {
                // the write committed; a concurrent delete removed it since: nothing to monitor
            }
        }
    }
}
