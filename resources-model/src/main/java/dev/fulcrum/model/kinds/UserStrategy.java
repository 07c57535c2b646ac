package dev.fulcrum.model.kinds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fulcrum.model.Committed;
import dev.fulcrum.model.Effects;
import dev.fulcrum.model.Problems;
import dev.fulcrum.model.Reference;
import dev.fulcrum.model.ResourceStrategy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Users: who they are, and the roles they have. A creation may ask for a welcome e-mail. */
public final class UserStrategy implements ResourceStrategy {
    private static final String SEND_WELCOME_EMAIL = "sendWelcomeEmail";
    private static final String SEND_EMAIL_STATUS = "sendEmailStatus";

    /** Ada, who has the role {@code viewers}. */
    @Override
    public ObjectNode example(String name) {
        ObjectNode user = JsonNodeFactory.instance.objectNode().put("name", name).put("email", "ada@example.com")
                .put("firstName", "Ada").put("lastName", "Lovelace").put("colorMode", "default").put("status", "new");
        user.putArray("roles").add("viewers");
        return user;
    }

    @Override
    public void applyDefaults(ObjectNode user) {
        Defaults.putIfAbsent(user, "status", "new");
    }

    @Override
    public void validate(ObjectNode user, Problems problems) {
        Fields fields = Fields.of(user, problems);
        fields.email("email");
        fields.string("firstName");
        fields.string("lastName");
        fields.string("colorMode");
        fields.string("status");
        fields.strings("roles", false);
    }

    @Override
    public Set<String> referencedResources() {
        return Set.of("roles");
    }

    @Override
    public List<Reference> references(ObjectNode user) {
        List<Reference> references = new ArrayList<>();
        JsonNode roles = user.path("roles");
        for (int i = 0; roles.isArray() && i < roles.size(); i++) {
            references.add(new Reference("roles", roles.get(i).asText(), "roles[" + i + "]"));
        }
        return references;
    }

    @Override
    public Set<String> requestOptions() {
        return Set.of(SEND_WELCOME_EMAIL, "clientUrl");
    }

    /**
     * Pivot's {@code "sendWelcomeEmail": true} beside a new user: the welcome e-mail, once the user is stored, and
     * {@code sendEmailStatus} in the answer: {@code ok}, {@code failed} (the user is created all the same),
     * {@code not-configured} (no {@code email:} in config.yaml) or {@code skipped} (the user already existed).
     */
    @Override
    public Map<String, String> afterCommit(Committed write, Effects effects) {
        if (!write.options().path(SEND_WELCOME_EMAIL).asBoolean(false) || write.change() == Committed.Change.DELETED) {
            return Map.of();
        }
        if (write.change() != Committed.Change.CREATED) {
            return Map.of(SEND_EMAIL_STATUS, "skipped");
        }
        JsonNode user = write.document();
        String name = write.name();
        String address = user.path("email").isTextual() ? user.get("email").asText() : name;
        String greeting = user.path("firstName").isTextual() ? user.get("firstName").asText() : name;
        JsonNode clientUrl = write.options().path("clientUrl");
        String text = "Hello " + greeting + ",\n\nAn account has been created for you. Your user name is " + name + ".\n"
                + (clientUrl.isTextual() ? "\nSign in at " + clientUrl.asText() + "\n" : "");
        return Map.of(SEND_EMAIL_STATUS, effects.mail(address, "Welcome to Fulcrum", text));
    }
    @Override
    public Set<String> filterFields() {
        return Set.of("status", "email", "colorMode");
    }
}
