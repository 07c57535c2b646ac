package dev.fulcrum.app.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.fulcrum.app.Json;
import io.javalin.http.Context;

/** Writes JSON responses; {@code ?pretty} (or {@code ?pretty=true}) pretty-prints any of them. */
final class JsonResponses {
    private static final String CONTENT_TYPE = "application/json; charset=utf-8";

    private JsonResponses() {
    }

    /** Sends {@code json}, which is already valid compact JSON text. */
    static void send(Context ctx, int status, String json) {
        ctx.status(status).contentType(CONTENT_TYPE);
        if (wantsPretty(ctx)) {
            send(ctx, status, Json.parseStored(json));
        } else {
            ctx.result(json);
        }
    }

    static void send(Context ctx, int status, JsonNode json) {
        ctx.status(status).contentType(CONTENT_TYPE);
        ctx.result(wantsPretty(ctx) ? Json.pretty(json) + "\n" : Json.write(json));
    }

    static String quote(String text) {
        try {
            return Json.MAPPER.writeValueAsString(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean wantsPretty(Context ctx) {
        return isPretty(ctx.queryParam("pretty"));
    }

    /** Whether a {@code pretty} parameter's value (null when absent) asks for pretty-printing. */
    static boolean isPretty(String value) {
        return value != null && !value.equalsIgnoreCase("false") && !value.equals("0");
    }
}
