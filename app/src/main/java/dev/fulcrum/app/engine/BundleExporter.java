package dev.fulcrum.app.engine;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.fulcrum.app.Json;
import dev.fulcrum.app.crypto.PassphraseBox;
import dev.fulcrum.model.ConflictException;
import dev.fulcrum.model.InvalidException;
import dev.fulcrum.model.Kind;
import dev.fulcrum.model.Reference;
import dev.fulcrum.model.Registry;
import dev.fulcrum.store.ListQuery;
import dev.fulcrum.store.StoredDocument;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Writes an export bundle: {@code {"fulcrumBundle": 1, "resources": {"<resource>": [documents]}}}, kinds in
 * dependency order and documents by name, each as stored (secrets masked or left out), and nothing else: no
 * times, no versions, so that the same state always gives the same bytes. With a passphrase, the secrets
 * follow in {@code "secrets"}, encrypted under it by {@link PassphraseBox}.
 */
public final class BundleExporter {
    /** Reads again when a concurrent write left a document without what it references; this many times at most. */
    private static final int ATTEMPTS = 5;
    private final ResourceEngine engine;
    private final PassphraseBox passphrases;

    /** @param passphrases the server's, shared with its importer: it bounds the key derivations of both */
    public BundleExporter(ResourceEngine engine, PassphraseBox passphrases) {
        this.engine = engine;
        this.passphrases = passphrases;
    }

    /** The kinds a comma-separated list of resource names asks for, or every kind when it is null. */
    public static List<Kind> kinds(Registry registry, String resources) {
        if (resources == null) {
            return registry.inDependencyOrder();
        }
        Set<String> asked = Arrays.stream(resources.split(",", -1)).map(String::trim).collect(Collectors.toSet());
        for (String resource : asked) {
            if (registry.byResource(resource).isEmpty()) {
                throw new InvalidException("unknown resource '" + resource + "' in resources; known: " + resourceNames(registry));
            }
        }
        return registry.inDependencyOrder().stream().filter(kind -> asked.contains(kind.resource())).toList();
    }

    static String resourceNames(Registry kinds) {
        return kinds.inDependencyOrder().stream().map(Kind::resource).collect(Collectors.joining(", "));
    }

    /**
     * The bundle of {@code kinds} as compact JSON text; with secrets sealed under {@code passphrase}, or without them
     * when it is null. Written from the stored bodies as they are (compact JSON that {@link Json#write} wrote), never
     * as one tree of every document: a tree costs many times its text (an export of 40 documents of 3.9 MB was an
     * OutOfMemoryError).
     */
    public String export(Collection<Kind> kinds, String passphrase) {
        if (passphrase != null) {
            PassphraseBox.checkPassphrase(passphrase);
        }
        Map<Kind, List<StoredDocument>> snapshot = read(kinds);
        long size = snapshot.values().stream().flatMap(List::stream).mapToLong(document -> document.body().length() + 1).sum();
        StringBuilder bundle = new StringBuilder((int) Math.min(Integer.MAX_VALUE - 8, size + 256))
                .append("{").append(quote(Bundle.MARKER)).append(':').append(Bundle.FORMAT)
                .append(',').append(quote(Bundle.RESOURCES)).append(":{");
        ObjectNode secrets = Json.MAPPER.createObjectNode();
        String separator = "";
        for (Map.Entry<Kind, List<StoredDocument>> entry : snapshot.entrySet()) {
            Kind kind = entry.getKey();
            bundle.append(separator).append(quote(kind.resource())).append(":[");
            separator = ",";
            List<StoredDocument> documents = entry.getValue();
            for (int i = 0; i < documents.size(); i++) {
                StoredDocument document = documents.get(i);
                bundle.append(i == 0 ? "" : ",").append(document.body());
                if (passphrase != null && document.secrets() != null) {
                    ObjectNode opened = engine.secrets().open(document.secrets());
                    ObjectNode fields = secrets.withObjectProperty(kind.resource()).putObject(document.name());
                    Set<String> names = new TreeSet<>();
                    opened.fieldNames().forEachRemaining(names::add);
                    names.forEach(field -> fields.set(field, opened.get(field)));
                }
            }
            bundle.append(']');
        }
        bundle.append('}');
        if (passphrase != null) {
            bundle.append(',').append(quote(Bundle.SECRETS)).append(':')
                    .append(Json.write(passphrases.seal(Json.write(secrets), passphrase)));
        }
        return bundle.append('}').toString();
    }

    /** How many bytes the stored bodies of {@code kinds} take, without reading them: what their export would hold. */
    public long bodyBytes(Collection<Kind> kinds) {
        return kinds.stream().mapToLong(kind -> engine.store().bodyBytes(kind.resource(), ListQuery.ALL)).sum();
    }

    private static String quote(String text) {
        return Json.write(TextNode.valueOf(text));
    }

    /**
     * Every document of {@code kinds}, by name. Kinds are read one after the other, so a concurrent write could
     * leave a document without one it references; the read is then done again.
     */
    private Map<Kind, List<StoredDocument>> read(Collection<Kind> kinds) {
        for (int attempt = 1; ; attempt++) {
            Map<Kind, List<StoredDocument>> snapshot = new LinkedHashMap<>();
            for (Kind kind : engine.kinds().inDependencyOrder()) {
                if (kinds.contains(kind)) {
                    snapshot.put(kind, engine.store().list(kind.resource()).stream()
                            .sorted(Comparator.comparing(StoredDocument::name)).toList());
                }
            }
            if (isComplete(snapshot)) {
                return snapshot;
            }
            if (attempt >= ATTEMPTS) {
                throw new ConflictException("the documents kept changing while they were exported; try again");
            }
        }
    }

    /** Whether every reference into an exported kind names a document of the snapshot (or a built-in one). */
    private boolean isComplete(Map<Kind, List<StoredDocument>> snapshot) {
        Set<String> present = new HashSet<>();
        snapshot.forEach((kind, documents) -> documents.forEach(document -> present.add(kind.resource() + "/" + document.name())));
        Set<String> exported = snapshot.keySet().stream().map(Kind::resource).collect(Collectors.toSet());
        for (Map.Entry<Kind, List<StoredDocument>> kind : snapshot.entrySet()) {
            for (StoredDocument document : kind.getValue()) {
                for (Reference reference : referencesOf(kind.getKey(), document)) {
                    String key = reference.resource() + "/" + reference.name();
                    if (!reference.optional() && exported.contains(reference.resource()) && !present.contains(key)
                            && engine.kinds().byResource(reference.resource()).flatMap(target -> DocumentNames.builtIn(target, reference.name())).isEmpty()) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    private static List<Reference> referencesOf(Kind kind, StoredDocument document) {
        try {
            return kind.strategy().references(Json.parseStored(document.body()));
        } catch (RuntimeException unreadable) {
            return List.of(); // stored before a rule it breaks: exported as it is
        }
    }
}
