package dev.fulcrum.app.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fulcrum.app.engine.WriteOutcome;
import dev.fulcrum.model.Kind;
import dev.fulcrum.model.Kinds;
import java.util.Map;

/**
 * Pivot's {@code "sendWelcomeEmail": true} beside a new user. E-mail is not configurable yet, so the
 * answer says so ({@code "sendEmailStatus": "not-configured"}) rather than claiming a false "ok".
 */
final class WelcomeEmailListener implements WriteListener {

    @Override
    public Map<String, String> afterWrite(Kind kind, WriteOutcome outcome, ObjectNode requestBody) {
        if (kind != Kinds.USERS || !requestBody.path("sendWelcomeEmail").asBoolean(false)) {
            return Map.of();
        }
        return Map.of("sendEmailStatus", "not-configured");
    }
}
