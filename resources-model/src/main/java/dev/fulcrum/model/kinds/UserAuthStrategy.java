package dev.fulcrum.model.kinds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fulcrum.model.Problems;
import dev.fulcrum.model.Reference;
import dev.fulcrum.model.ResourceStrategy;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;

/**
 * A user's password. Clients send Pivot's shape, {@code currentPass: {"pass": "<plain>", "hashStrategy": "none"}};
 * the plain password is hashed with Argon2id and the hash is kept, encrypted, apart from the document.
 * The stored form shows only {@code currentPass: {createdAt, hashStrategy}} and {@code passHistory} (times only).
 */
public final class UserAuthStrategy implements ResourceStrategy {

    /**
     * A native password for the user of the same name. Its secret, {@link #HASH}, is the server's to write: the
     * example sends the plain password, which is never stored or returned either.
     */
    @Override
    public ObjectNode example(String name) {
        ObjectNode auth = JsonNodeFactory.instance.objectNode().put("name", name).put("type", "native");
        auth.putObject("currentPass").put("pass", "example password of " + name).put("hashStrategy", "none");
        return auth;
    }
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
            if (pass != null && Passwords.isTooLong(pass)) {
                current.problem("pass", "must be at most " + Passwords.MAX_BYTES + " bytes (UTF-8)");
                pass = null;
            }
            if (pass != null) {
                if (strategy != null && !strategy.equals("none")) {
                    current.problem("hashStrategy", "must be 'none' with a plain password in 'pass'; Fulcrum hashes it");
                }
            } else if (strategy != null && !strategy.equals("argon2id")) {
                current.problem("pass", "is required (a plain password, with hashStrategy 'none')");
            }
        });
    }

    /** Hashes a new plain password (the slow part, outside the transaction). */
    @Override
    public void prepare(ObjectNode auth) {
        JsonNode pass = auth.path("currentPass").path("pass");
        if (pass.isTextual()) {
            auth.put(HASH, Passwords.hash(pass.asText()));
            auth.set("currentPass", auth.objectNode()
                    .put("createdAt", Instant.now().truncatedTo(ChronoUnit.MILLIS).toString())
                    .put("hashStrategy", "argon2id"));
        }
    }

    /** Keeps the stored password when none was sent; with a new one, moves the old one into the history. */
    @Override
    public void mergeWithStored(ObjectNode auth, ObjectNode stored) {
        boolean newPassword = auth.has(HASH);
        if (!newPassword) {
            if (stored == null || !stored.has("currentPass")) {
                Problems problems = new Problems("userAuth");
                problems.add("currentPass.pass", "is required to create a user-auth");
                problems.throwIfAny();
            }
            auth.set("currentPass", stored.get("currentPass").deepCopy());
        }
        keepHistory(auth, stored);
        if (newPassword && stored != null && stored.path("currentPass").has("createdAt")) {
            ((ArrayNode) auth.get("passHistory")).addObject().set("createdAt", stored.get("currentPass").get("createdAt"));
        }
    }

    /**
     * With the password hash from a bundle's secrets, the user-auth is restored as exported, its history
     * included; without it, the stored password is kept, and a new user-auth cannot be created.
     */
    @Override
    public void mergeImported(ObjectNode auth, ObjectNode stored) {
        JsonNode hash = auth.get(HASH);
        Problems problems = new Problems("userAuth");
        if (hash == null) {
            if (stored == null || !stored.has("currentPass")) {
                problems.add("currentPass.pass", "is required: the bundle carries no password hash for this user-auth"
                        + " (export it with includeSecrets=true, or send a plain password in currentPass.pass)");
                problems.throwIfAny();
            }
            mergeWithStored(auth, stored);
            return;
        }
        if (!hash.isTextual() || !Passwords.isHash(hash.asText())) {
            problems.add(HASH, "must be an Argon2id hash as Fulcrum writes it");
        } else if (Passwords.costProblem(hash.asText()) != null) {
            problems.add(HASH, Passwords.costProblem(hash.asText()));
        }
        if (!auth.path("currentPass").path("hashStrategy").asText().equals("argon2id")) {
            problems.add("currentPass.hashStrategy", "must be 'argon2id' with a password hash");
        }
        if (!auth.has("passHistory")) {
            auth.set("passHistory", auth.arrayNode());
        }
        JsonNode history = auth.get("passHistory");
        if (!history.isArray()) {
            problems.add("passHistory", "must be an array");
        }
        for (int i = 0; i < history.size() && history.isArray(); i++) {
            if (history.get(i).size() != 1 || !history.get(i).path("createdAt").isTextual()) {
                problems.add("passHistory[" + i + "]", "must be {\"createdAt\": \"<time>\"}");
            }
        }
        problems.throwIfAny();
    }

    private static void keepHistory(ObjectNode auth, ObjectNode previous) {
        JsonNode history = previous == null ? null : previous.get("passHistory");
        auth.set("passHistory", history != null && history.isArray() ? history.deepCopy() : auth.arrayNode());
    }

    @Override
    public Set<String> referencedResources() {
        return Set.of("users");
    }

    @Override
    public List<Reference> references(ObjectNode auth) {
        return List.of(new Reference("users", auth.path("name").asText(), "name"));
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
