package dev.fulcrum.app.http;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fulcrum.app.Json;
import dev.fulcrum.model.InvalidException;
import dev.fulcrum.model.Kind;
import dev.fulcrum.model.TooLargeException;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.Map;
import org.eclipse.jetty.http.HttpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a request body as JSON whatever its Content-Type (curl's --data sends form encoding), bounded in
 * size and depth, and takes the document out of its wrapper ({@code {"dataCube": {...}}}).
 */
final class RequestBodies {
    private static final Logger LOG = LoggerFactory.getLogger(RequestBodies.class);
    /**
     * The most JSON tokens a request body may hold: a tree costs up to ~65 bytes a token, so this bounds a body's tree
     * to ~20 MB (a 4 MiB body of {@code [0,0,...]} has 2 million, whose tree exhausted the 192 MB heap), while a
     * document of 4 MiB still may average 14 bytes a token.
     */
    static final int MAX_BODY_TOKENS = 300_000;
    /**
     * An import's: about the whole {@link HeapBudget}, so one import at a time of that size; a bundle with more is
     * imported in parts ({@code ?resources=} on export, or fewer documents).
     */
    static final int MAX_IMPORT_TOKENS = 600_000;
    private final long maxBodyBytes;
    private final String limitName;
    private final int maxTokens;
    private final ObjectMapper mapper;
    /** Null: bodies too small to count (the password check's). */
    private final HeapBudget budget;

    RequestBodies(long maxBodyBytes, HeapBudget budget) {
        this(maxBodyBytes, "maxBodyBytes", MAX_BODY_TOKENS, budget);
    }

    /**
     * @param limitName the configuration key of the limit, for the 413's message
     * @param maxTokens the most JSON tokens the body may hold (a 413 beyond)
     * @param budget    what the trees of all requests may hold at once; null for none
     */
    RequestBodies(long maxBodyBytes, String limitName, int maxTokens, HeapBudget budget) {
        this.maxBodyBytes = maxBodyBytes;
        this.limitName = limitName;
        this.maxTokens = maxTokens;
        this.mapper = Json.boundedTo(maxTokens);
        this.budget = budget;
    }

    /** The wrapped request: the document, and the options beside its wrapper key (see {@code requestOptions}). */
    record Wrapped(ObjectNode document, ObjectNode options) {
    }

    Wrapped unwrap(Context ctx, Kind kind) {
        JsonNode body = parse(ctx);
        String shape = "{\"" + kind.singular() + "\": {...}}";
        if (!(body instanceof ObjectNode object)) {
            throw new InvalidException("the request body must be a JSON object like " + shape);
        }
        for (Iterator<String> keys = object.fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            if (!key.equals(kind.singular()) && !kind.strategy().requestOptions().contains(key)) {
                throw new InvalidException("unexpected key '" + key + "' in the request body; expected " + shape
                        + (kind.strategy().requestOptions().isEmpty() ? "" : " with optional " + kind.strategy().requestOptions()));
            }
        }
        JsonNode document = object.get(kind.singular());
        if (document == null) {
            throw new InvalidException("the request body must wrap the " + kind.singular() + " in its key: " + shape);
        }
        if (!(document instanceof ObjectNode documentObject)) {
            throw new InvalidException("'" + kind.singular() + "' must be a JSON object, not " + describe(document));
        }
        object.remove(kind.singular());
        return new Wrapped(documentObject, object);
    }

    /** For requests that take no body: none, or an empty JSON object. */
    void requireNone(Context ctx) {
        byte[] bytes = read(ctx);
        if (bytes.length > 0 && !(parse(ctx, bytes) instanceof ObjectNode object && object.isEmpty())) {
            throw new InvalidException("this request takes no body (or an empty JSON object)");
        }
    }

    JsonNode parse(Context ctx) {
        return parse(ctx, read(ctx));
    }

    /** The body's tree, once its tokens are counted (a 413 beyond the bound) and taken from the {@link HeapBudget}. */
    JsonNode parse(Context ctx, byte[] bytes) {
        if (budget != null) {
            budget.takeTokens(ctx, stream(bytes, RequestBodies::countTokens));
        }
        JsonNode tree = stream(bytes, unused -> mapper.readTree(bytes)); // as before: whitespace alone is a missing node
        requireWholeCharacters(tree);
        return tree;
    }

    /** Reads a body with a streaming parser; what is wrong with its JSON is a 400 worded as {@link #parse} words it. */
    interface StreamReader<T> {
        T read(JsonParser parser) throws IOException;
    }

    <T> T stream(byte[] bytes, StreamReader<T> reader) {
        if (bytes.length == 0) {
            throw new InvalidException("the request body is empty; send a JSON object");
        }
        requireWholeUtf16(bytes);
        try (JsonParser parser = mapper.createParser(bytes)) {
            return reader.read(parser);
        } catch (StreamConstraintsException e) {
            if (e.getMessage().contains("Token count")) {
                throw new TooLargeException("the body has more than " + maxTokens + " JSON values (every value, key,"
                        + " and start and end of an object or array counts one), more than parsing it may hold in memory"
                        + (limitName.equals("maxImportBytes") ? "; import the bundle in parts" : ""));
            }
            throw new InvalidException(e.getMessage().contains("nesting depth")
                    ? "the JSON is nested too deeply (at most " + Json.MAX_NESTING_DEPTH + " levels)"
                    : "the JSON exceeds a size limit: " + firstLine(e.getOriginalMessage()).replaceAll("\\(.*", "").trim());
        } catch (JacksonException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            // Jackson quotes an unquoted word whole ("Unrecognized token 'hunter2'"): a password sent without its
            // quotes would come back in the answer, and in whatever logs it
            throw new InvalidException("malformed JSON" + where + ": "
                    + firstLine(e.getOriginalMessage()).replaceFirst("^Unrecognized token '.*", "an unquoted word where a value belongs"
                    + " (a string needs double quotes)"));
        } catch (IOException e) {
            throw new InvalidException("the request body could not be read");
        }
    }

    private static int countTokens(JsonParser parser) throws IOException {
        int count = 0;
        while (parser.nextToken() != null) {
            count++;
        }
        return count;
    }

    /**
     * A lone surrogate ({@code "\ud800"}) is no character: Jackson accepts it, but every encoder after it
     * writes {@code ?}, so the document stored would not be the one sent. Walked with a queue, not recursion.
     */
    private static void requireWholeCharacters(JsonNode tree) {
        ArrayDeque<JsonNode> pending = new ArrayDeque<>();
        pending.add(tree);
        while (!pending.isEmpty()) {
            JsonNode node = pending.poll();
            if (node.isTextual()) {
                requireWholeCharacters(node.textValue());
            } else if (node.isObject()) {
                for (Map.Entry<String, JsonNode> field : node.properties()) {
                    requireWholeCharacters(field.getKey());
                    pending.add(field.getValue());
                }
            } else if (node.isArray()) {
                node.forEach(pending::add);
            }
        }
    }

    /**
     * Jackson reads a UTF-16 body (told by its BOM, or by a zero byte among the first two, as RFC 4627 says) through
     * a decoder that turns a lone surrogate into U+FFFD, so {@link #requireWholeCharacters} never sees it: such a
     * body is decoded strictly here first. UTF-32 bodies Jackson decodes strictly itself.
     */
    private static void requireWholeUtf16(byte[] bytes) {
        Charset charset = utf16(bytes);
        if (charset == null) {
            return;
        }
        try {
            charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
        } catch (CharacterCodingException e) {
            throw new InvalidException("the UTF-16 body holds a lone surrogate or an odd byte, which is not a character;"
                    + " send whole UTF-16 pairs or UTF-8");
        }
    }

    /** The UTF-16 charset the body is in, or null when it is not UTF-16 (UTF-8, or UTF-32: two zero bytes). */
    private static Charset utf16(byte[] bytes) {
        if (bytes.length < 2 || bytes.length >= 4 && (bytes[0] == 0 && bytes[1] == 0 || bytes[2] == 0 && bytes[3] == 0)) {
            return null;
        }
        int first = bytes[0] & 0xFF;
        int second = bytes[1] & 0xFF;
        if (first == 0xFE && second == 0xFF || first == 0xFF && second == 0xFE) {
            return StandardCharsets.UTF_16; // the BOM says which order
        }
        if (first == 0 && second != 0) {
            return StandardCharsets.UTF_16BE;
        }
        return first != 0 && second == 0 ? StandardCharsets.UTF_16LE : null;
    }

    private static void requireWholeCharacters(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new InvalidException("the JSON holds a lone surrogate (\\u" + Integer.toHexString(c)
                        + "), which is not a character; send whole UTF-16 pairs or UTF-8");
            }
        }
    }

    /**
     * The body's bytes, at most the limit (a 413 beyond), cut off with a 408 at the first read that finds it slower
     * than {@link JettyLimits#MIN_REQUEST_BYTES_PER_SECOND} after a grace of {@link JettyLimits#BODY_GRACE_MILLIS}.
     * The clock starts when this server begins to read, so time a busy server kept the request waiting never counts
     * against its client (Jetty's own rate check counted it: a 60-byte body read 60 ms late was a 408).
     */
    byte[] read(Context ctx) {
        long declared = ctx.req().getContentLengthLong();
        if (declared > maxBodyBytes) {
            throw tooLarge();
        }
        long start = System.nanoTime();
        try (InputStream in = ctx.bodyInputStream()) {
            ByteArrayOutputStream body = new ByteArrayOutputStream(declared > 0 ? (int) declared : 256);
            byte[] buffer = new byte[8192];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                body.write(buffer, 0, n);
                if (body.size() > maxBodyBytes) {
                    throw tooLarge();
                }
                if (tooSlow(body.size(), System.nanoTime() - start)) {
                    LOG.warn("request body from {} aborted: slower than {} B/s", ctx.ip(),
                            JettyLimits.MIN_REQUEST_BYTES_PER_SECOND);
                    throw new HttpResponseException(408, "the request body arrived too slowly");
                }
            }
            return body.toByteArray();
        } catch (HttpException.RuntimeException e) { // Jetty's BadMessageException, deprecated for this one
            LOG.warn("request body from {} aborted: {}", ctx.ip(), e.getReason()); // one line, no stack trace
            throw new HttpResponseException(e.getCode(), "the request body could not be read: " + e.getReason());
        } catch (IOException e) {
            LOG.warn("request body from {} aborted: {}", ctx.ip(), e.getClass().getSimpleName());
            throw new InvalidException("the request body could not be read");
        }
    }

    static boolean tooSlow(long bytes, long elapsedNanos) {
        long allowedMillis = JettyLimits.BODY_GRACE_MILLIS + bytes * 1000 / JettyLimits.MIN_REQUEST_BYTES_PER_SECOND;
        return elapsedNanos / 1_000_000 > allowedMillis;
    }

    private TooLargeException tooLarge() {
        return new TooLargeException("the request body is larger than " + limitName + " (" + maxBodyBytes + " bytes)");
    }

    private static String describe(JsonNode node) {
        return switch (node.getNodeType()) {
            case ARRAY -> "an array";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            default -> node.getNodeType().name().toLowerCase();
        };
    }

    private static String firstLine(String message) {
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
