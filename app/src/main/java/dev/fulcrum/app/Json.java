package dev.fulcrum.app;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The one configured {@link ObjectMapper}, shared by HTTP, the engine and the CLI. */
public final class Json {
    /** Deeper documents are refused: no real configuration nests this far, and it bounds the parser's stack. */
    public static final int MAX_NESTING_DEPTH = 100;

    public static final ObjectMapper MAPPER = mapper(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build());

    /**
     * Reads what Fulcrum itself stored. A document may be {@link #MAX_NESTING_DEPTH} deep, and answers wrap
     * it a few levels more, so re-reading them (for ?pretty) must allow more than requests do.
     */
    private static final ObjectMapper STORED = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH * 2).build())
                    .build())
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES) // 1.10 stays 1.10
            .build();

    /** Pretty output the way {@code JSON.stringify(value, null, 2)} writes it, as Pivot does. */
    public static final ObjectWriter PRETTY = MAPPER.writer(new DefaultPrettyPrinter(Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                    .withObjectEmptySeparator("")
                    .withArrayEmptySeparator(""))
            .withObjectIndenter(new DefaultIndenter("  ", "\n"))
            .withArrayIndenter(new DefaultIndenter("  ", "\n")));

    private Json() {
    }

    private static ObjectMapper mapper(StreamReadConstraints constraints) {
        return JsonMapper.builder(JsonFactory.builder()
                        .streamReadConstraints(constraints)
                        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                        .build())
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES) // 1.10 stays 1.10
                .build();
    }

    /**
     * {@link #MAPPER} that also refuses JSON of more than {@code maxTokens} tokens (every value, key, and start and
     * end of an object or array counts one): what a tree of the text costs is bounded by its tokens (up to ~65
     * bytes each), not by its bytes, so a few megabytes of {@code [0,0,...]} or {@code [{},{},...]} filled the heap.
     */
    public static ObjectMapper boundedTo(long maxTokens) {
        return mapper(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).maxTokenCount(maxTokens).build());
    }

    /** Parses JSON that Fulcrum itself wrote (stored documents, decrypted secrets): a failure is a fault. */
    public static ObjectNode parseStored(String json) {
        try {
            return (ObjectNode) STORED.readTree(json);
        } catch (JsonProcessingException | ClassCastException e) {
            throw new IllegalStateException("stored JSON is unreadable", e);
        }
    }

    /** Writes JSON as {@link #PRETTY} does, for files people read and diff. */
    public static String pretty(JsonNode node) {
        try {
            return PRETTY.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes compact JSON. */
    public static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
