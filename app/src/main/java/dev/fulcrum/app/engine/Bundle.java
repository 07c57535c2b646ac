package dev.fulcrum.app.engine;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fulcrum.app.Json;
import dev.fulcrum.app.crypto.PassphraseBox;
import dev.fulcrum.model.InvalidException;
import dev.fulcrum.model.Kind;
import dev.fulcrum.model.Kinds;
import dev.fulcrum.model.Problems;
import dev.fulcrum.model.Registry;
import dev.fulcrum.model.TooLargeException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An export bundle as read for an import: {@code {"fulcrumBundle": 1, "resources": {"<resource>": [...]},
 * "secrets": <envelope>}}. Reading checks its shape and opens its secrets; what is wrong with the shape is an
 * {@link InvalidException}, before anything is written. Each document is checked later, like any write.
 */
final class Bundle {
    static final String MARKER = "fulcrumBundle";
    static final int FORMAT = 1;
    static final String RESOURCES = "resources";
    static final String SECRETS = "secrets";

    /** One document of the bundle, at {@code resources.<resource>[index]}. */
    record Entry(Kind kind, int index, ObjectNode document) {
        String path() {
            return RESOURCES + "." + kind.resource() + "[" + index + "]";
        }

        /** The name as the bundle gives it, or null when it is not a string. */
        String name() {
            JsonNode name = document.get("name");
            return name != null && name.isTextual() ? name.asText() : null;
        }
    }

    private final List<Entry> entries;
    private final ObjectNode secrets;

    private Bundle(List<Entry> entries, ObjectNode secrets) {
        this.entries = entries;
        this.secrets = secrets;
    }

    /** The documents in dependency order of their kinds, then by name, as an export writes them. */
    List<Entry> entries() {
        return entries;
    }

    /** The secret fields of one document, or an empty object. */
    ObjectNode secretsOf(Kind kind, String name) {
        JsonNode found = secrets == null ? null : secrets.path(kind.resource()).get(name);
        return found instanceof ObjectNode fields ? fields : Json.MAPPER.createObjectNode();
    }

    /** Whether {@code json} carries secrets, so that importing it needs their passphrase. */
    static boolean carriesSecrets(JsonNode json) {
        return json != null && json.has(SECRETS);
    }

    static Bundle read(Registry kinds, JsonNode json, String passphrase, PassphraseBox box) {
        if (!(json instanceof ObjectNode bundle)) {
            throw new InvalidException("the body must be a Fulcrum bundle: {\"" + MARKER + "\": " + FORMAT
                    + ", \"" + RESOURCES + "\": {...}}");
        }
        for (Iterator<String> keys = bundle.fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            if (!Set.of(MARKER, RESOURCES, SECRETS).contains(key)) {
                throw new InvalidException("unexpected key '" + key + "' in the bundle; it has " + MARKER + ", "
                        + RESOURCES + " and, with secrets, " + SECRETS);
            }
        }
        JsonNode marker = bundle.get(MARKER);
        if (marker == null) {
            throw new InvalidException("not a Fulcrum bundle: the \"" + MARKER + "\" format marker is missing");
        }
        if (!marker.isIntegralNumber() || marker.asLong() != FORMAT) {
            throw new InvalidException("this bundle has format " + marker + "; this Fulcrum reads format " + FORMAT);
        }
        if (!(bundle.get(RESOURCES) instanceof ObjectNode resources)) {
            throw new InvalidException("the bundle's \"" + RESOURCES + "\" must be an object of resource names and"
                    + " document arrays, like {\"roles\": [...]}");
        }
        List<Entry> entries = new ArrayList<>();
        int plainPasswords = 0;
        for (Map.Entry<String, JsonNode> field : resources.properties()) {
            Kind kind = kinds.byResource(field.getKey()).orElseThrow(() -> new InvalidException("unknown resource '"
                    + field.getKey() + "' in the bundle; known: " + BundleExporter.resourceNames(kinds)));
            if (!field.getValue().isArray()) {
                throw new InvalidException(RESOURCES + "." + kind.resource() + " must be an array of documents");
            }
            for (int i = 0; i < field.getValue().size(); i++) {
                if (!(field.getValue().get(i) instanceof ObjectNode document)) {
                    throw new InvalidException(RESOURCES + "." + kind.resource() + "[" + i + "] must be a JSON object");
                }
                entries.add(new Entry(kind, i, document));
                if (kind == Kinds.USER_AUTHS && document.path("currentPass").path("pass").isTextual()
                        && ++plainPasswords > BundleOutline.MAX_PLAIN_PASSWORDS) {
                    throw new TooLargeException("the bundle holds more than " + BundleOutline.MAX_PLAIN_PASSWORDS + " plain passwords,"
                            + " the most one import hashes (each is an Argon2id hash, about 50 ms of CPU); split it into"
                            + " several imports");
                }
            }
        }
        List<Kind> order = kinds.inDependencyOrder();
        entries.sort(Comparator.comparingInt((Entry entry) -> order.indexOf(entry.kind()))
                .thenComparing(entry -> entry.name() == null ? "" : entry.name()).thenComparingInt(Entry::index));
        ObjectNode secrets = bundle.has(SECRETS) ? openSecrets(kinds, bundle.get(SECRETS), passphrase, box, entries) : null;
        return new Bundle(List.copyOf(entries), secrets);
    }

    /**
     * Opens the envelope: {@code {"<resource>": {"<name>": {"<secret field>": "<value>"}}}}, for documents of the bundle;
     * a kind holding {@code secureJsonData} may also have {@code "secureJsonData": {"<key>": "<value>"}} there.
     */
    private static ObjectNode openSecrets(Registry kinds, JsonNode envelope, String passphrase, PassphraseBox box,
                                          List<Entry> entries) {
        JsonNode opened;
        try {
            opened = Json.MAPPER.readTree(box.open(envelope, passphrase));
        } catch (JacksonException e) {
            throw new InvalidException("the bundle's secrets are not JSON once decrypted");
        }
        Set<String> documents = new HashSet<>();
        entries.forEach(entry -> documents.add(entry.kind().resource() + "/" + entry.name()));
        String shape = "the bundle's secrets must be {\"<resource>\": {\"<name>\": {\"<secret field>\": \"<value>\"}}}";
        if (!(opened instanceof ObjectNode byResource)) {
            throw new InvalidException(shape);
        }
        for (Map.Entry<String, JsonNode> resource : byResource.properties()) {
            Kind kind = kinds.byResource(resource.getKey())
                    .orElseThrow(() -> new InvalidException("the bundle's secrets name an unknown resource '" + resource.getKey() + "'"));
            if (!resource.getValue().isObject()) {
                throw new InvalidException(shape);
            }
            for (Map.Entry<String, JsonNode> document : resource.getValue().properties()) {
                if (!documents.contains(kind.resource() + "/" + document.getKey())) {
                    throw new InvalidException("the bundle's secrets are for " + kind.resource() + " '" + document.getKey()
                            + "', which the bundle does not hold");
                }
                if (!document.getValue().isObject()) {
                    throw new InvalidException(shape);
                }
                for (Map.Entry<String, JsonNode> secret : document.getValue().properties()) {
                    if (secret.getKey().equals(UndeclaredSecrets.DATA) && kind.strategy().holdsSecureJsonData()) {
                        Problems problems = new Problems(Bundle.SECRETS + "." + kind.resource() + "." + document.getKey());
                        UndeclaredSecrets.check(kind, Json.MAPPER.createObjectNode().set(UndeclaredSecrets.DATA, secret.getValue()),
                                problems);
                        problems.throwIfAny();
                        continue;
                    }
                    if (!kind.strategy().secretFields().contains(secret.getKey()) || !secret.getValue().isTextual()) {
                        throw new InvalidException("the bundle's secrets for " + kind.resource() + " '" + document.getKey()
                                + "' may only hold text values of " + kind.strategy().secretFields() + ", not '"
                                + secret.getKey() + "'");
                    }
                }
            }
        }
        return byResource;
    }
}
