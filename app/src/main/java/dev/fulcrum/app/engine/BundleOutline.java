package dev.fulcrum.app.engine;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.fulcrum.model.InvalidException;
import dev.fulcrum.model.Kind;
import dev.fulcrum.model.Registry;
import dev.fulcrum.model.TooLargeException;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What a bundle holds, read in one streaming pass without building it: the kinds it has documents of, how many,
 * and whether it carries secrets. An import checks the caller's permissions and the document cap on this before a
 * single document is parsed, validated or hashed, so a bundle the caller may not import costs one pass over its
 * bytes and no memory.
 *
 * @param counts     the number of documents of each kind the bundle names, in the bundle's order
 * @param hasSecrets whether it has a {@code secrets} envelope
 */
public record BundleOutline(Map<Kind, Integer> counts, boolean hasSecrets) {
    /** The most documents one import takes; a bigger bundle is a 413 before anything else is read. */
    public static final int MAX_DOCUMENTS = 10_000;
    /** Plain passwords one import hashes at most: about 10 s of one core (a bundle of 5,000 would take minutes). */
    public static final int MAX_PLAIN_PASSWORDS = 200;

    /**
     * Reads the outline from {@code parser}, positioned before the body; {@code onKind} sees each kind as soon as
     * its first document is met (so a caller that may not write it is refused before the rest is even counted).
     * Malformed JSON is the parser's exception, for the caller to word.
     */
    public static BundleOutline read(Registry kinds, JsonParser parser, Consumer<Kind> onKind) throws IOException {
        if (parser.nextToken() != JsonToken.START_OBJECT) {
            throw notABundle();
        }
        Map<Kind, Integer> counts = new LinkedHashMap<>();
        boolean hasSecrets = false;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            JsonToken value = parser.nextToken();
            if (key.equals(Bundle.RESOURCES) && value == JsonToken.START_OBJECT) {
                countDocuments(kinds, parser, counts, onKind);
            } else {
                hasSecrets |= key.equals(Bundle.SECRETS);
                parser.skipChildren();
            }
        }
        return new BundleOutline(counts, hasSecrets);
    }

    private static void countDocuments(Registry kinds, JsonParser parser, Map<Kind, Integer> counts, Consumer<Kind> onKind) throws IOException {
        int total = 0;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String resource = parser.currentName();
            Kind kind = kinds.byResource(resource).orElseThrow(() -> new InvalidException("unknown resource '" + resource
                    + "' in the bundle; known: " + BundleExporter.resourceNames(kinds)));
            JsonToken value = parser.nextToken();
            int count = 0;
            if (value == JsonToken.START_ARRAY) {
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    if (count == 0) {
                        onKind.accept(kind);
                    }
                    parser.skipChildren();
                    count++;
                    if (++total > MAX_DOCUMENTS) {
                        throw new TooLargeException("the bundle holds more than " + MAX_DOCUMENTS
                                + " documents, the most one import takes; split it into several imports");
                    }
                }
            } else {
                parser.skipChildren(); // not an array: the full read says so
            }
            counts.merge(kind, count, Integer::sum);
        }
    }

    private static InvalidException notABundle() {
        return new InvalidException("the body must be a Fulcrum bundle: {\"" + Bundle.MARKER + "\": " + Bundle.FORMAT
                + ", \"" + Bundle.RESOURCES + "\": {...}}");
    }
}
