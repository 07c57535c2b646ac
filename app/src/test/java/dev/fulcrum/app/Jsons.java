package dev.fulcrum.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.restassured.response.Response;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Test helpers for JSON. Plain Jackson, so exactness of numbers matches what a client would parse. */
final class Jsons {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Jsons() {
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    static JsonNode parse(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + json, e);
        }
    }

    /**
     * An error answer's body as Pivot shows it: its {@code requestId} (which every error body carries) must be the
     * answer's {@code X-Request-Id}, and is taken out, so that the rest can be compared byte for byte.
     */
    static String errorWithoutRequestId(Response response) {
        String id = response.header("X-Request-Id");
        String body = response.asString();
        String field = ",\"requestId\":\"" + id + "\"";
        if (id == null || !body.contains(field)) {
            throw new AssertionError("no requestId equal to X-Request-Id " + id + " in " + body);
        }
        return body.replace(field, "");
    }
}
