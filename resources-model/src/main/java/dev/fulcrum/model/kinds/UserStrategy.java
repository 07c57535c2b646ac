package dev.fulcrum.model.kinds;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fulcrum.model.Problems;
import dev.fulcrum.model.Reference;
import dev.fulcrum.model.ResourceStrategy;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Users: who they are, and the roles they have. A creation may ask for a welcome e-mail. */
public final class UserStrategy implements ResourceStrategy {

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
        for (int i = 0; i < user.path("roles").size(); i++) {
            references.add(new Reference("roles", user.get("roles").get(i).asText(), "roles[" + i + "]"));
        }
        return references;
    }

    @Override
    public Set<String> requestOptions() {
        return Set.of("sendWelcomeEmail", "clientUrl");
    }
    @Override
    public Set<String> filterFields() {
        return Set.of("status", "email", "colorMode");
    }
}
