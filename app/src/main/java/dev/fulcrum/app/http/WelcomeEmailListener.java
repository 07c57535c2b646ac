package dev.fulcrum.app.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fulcrum.app.Json;
import dev.fulcrum.app.email.Mailer;
import dev.fulcrum.app.engine.WriteOutcome;
import dev.fulcrum.model.Kind;
import dev.fulcrum.model.Kinds;
import java.util.Map;

/**
 * Pivot's {@code "sendWelcomeEmail": true} beside a new user: sends the welcome e-mail once the user is
 * stored and answers {@code sendEmailStatus}: {@code ok}, {@code failed} (the user is created all the
 * same), {@code not-configured} (no {@code email:} in config.yaml) or {@code skipped} (the user already existed).
 */
final class WelcomeEmailListener implements WriteListener {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(WelcomeEmailListener.class);
    private final Mailer mailer;

    WelcomeEmailListener(Mailer mailer) {
        this.mailer = mailer;
    }

    @Override
    public Map<String, String> afterWrite(Kind kind, WriteOutcome outcome, ObjectNode requestBody) {
        if (kind != Kinds.USERS || !requestBody.path("sendWelcomeEmail").asBoolean(false)) {
            return Map.of();
        }
        if (!outcome.created()) {
            return Map.of("sendEmailStatus", "skipped");
        }
        JsonNode user = Json.parseStored(outcome.body());
        String name = user.path("name").asText();
        String address = user.path("email").isTextual() ? user.get("email").asText() : name;
        if (mailer == Mailer.NOT_CONFIGURED) {
            return Map.of("sendEmailStatus", Mailer.Status.NOT_CONFIGURED.wire());
        }
        if (!address.contains("@")) {
            LOG.warn("welcome e-mail for user {} not sent: it has no e-mail address", name);
            return Map.of("sendEmailStatus", Mailer.Status.FAILED.wire());
        }
        String greeting = user.path("firstName").isTextual() ? user.get("firstName").asText() : name;
        String clientUrl = requestBody.path("clientUrl").isTextual() ? requestBody.get("clientUrl").asText() : null;
        String text = "Hello " + greeting + ",\n\nAn account has been created for you. Your user name is " + name + ".\n"
                + (clientUrl == null ? "" : "\nSign in at " + clientUrl + "\n");
        return Map.of("sendEmailStatus", mailer.send(address, "Welcome to Fulcrum", text).wire());
    }
}
