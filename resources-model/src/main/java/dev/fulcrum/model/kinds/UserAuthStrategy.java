package dev.fulcrum.model.kinds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fulcrum.model.Problems;
import dev.fulcrum.model.Reference;
import dev.fulcrum.model.ResourceStrategy;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A user's password. Clients send Pivot's shape, {@code currentPass: {"pass": "<plain>", "hashStrategy": "none"}};
 * the plain password is hashed with Argon2id and the hash is kept, encrypted, apart from the document.
 * The stored form shows only {@code currentPass: {createdAt, hashStrategy}} and {@code passHistory} (times only).
 */
public final class UserAuthStrategy implements ResourceStrategy {
    /** The secret field that holds the Argon2id hash; never shown, never accepted from a client. */
    public static final String HASH = "passwordHash";

    @Override
    public void validate(ObjectNode auth, Problems problems) {
        Fields fields = Fields.of(auth, problems);
        fields.string("type");
        if (auth.has(HASH)) {
            fields.problem(HASH, "is managed by the server; send currentPass.pass instead");
        }
        fields.nested("currentPass", false, current -> {
            String pass = current.secretText("pass", Passwords.MIN_LENGTH);
            String strategy = current.string("hashStrategy");
            if (pass != null) {
                if (strategy != null && !strategy.equals("none")) {
                    current.problem("hashStrategy", "must be 'none' with a plain password in 'pass'; Fulcrum hashes it");
                }
            } else if (strategy != null && !strategy.equals("argon2id")) {
                current.problem("pass", "is required (a plain password, with hashStrategy 'none')");
            }
        });
    }

    @Override
    public void prepare(ObjectNode auth, Supplier<ObjectNode> stored) {
        ObjectNode previous = stored.get();
        JsonNode pass = auth.path("currentPass").path("pass");
        if (!pass.isTextual()) {
            if (previous == null || !previous.has("currentPass")) {
                Problems problems = new Problems("userAuth");
                problems.add("currentPass.pass", "is required to create a user-auth");
                problems.throwIfAny();
            }
            auth.set("currentPass", previous.get("currentPass").deepCopy());
            keepHistory(auth, previous);
            return;
        }
        auth.put(HASH, Passwords.hash(pass.asText()));
        ObjectNode current = auth.objectNode()
                .put("createdAt", Instant.now().truncatedTo(ChronoUnit.MILLIS).toString())
                .put("hashStrategy", "argon2id");
        keepHistory(auth, previous);
        if (previous != null && previous.path("currentPass").has("createdAt")) {
            ((ArrayNode) auth.get("passHistory")).addObject().set("createdAt", previous.get("currentPass").get("createdAt"));
        }
        auth.set("currentPass", current);
    }

    private static void keepHistory(ObjectNode auth, ObjectNode previous) {
        JsonNode history = previous == null ? null : previous.get("passHistory");
        auth.set("passHistory", history != null && history.isArray() ? history.deepCopy() : auth.arrayNode());
    }

    @Override
    public List<Reference> references(ObjectNode auth) {
        return List.of(new Reference("users", auth.get("name").asText(), "name"));
    }

    @Override
    public Set<String> secretFields() {
        return Set.of(HASH);
    }

    @Override
    public boolean masksSecrets() {
        return false;
    }
    @Override
    public Set<String> filterFields() {
        return Set.of("type");
    }
}
