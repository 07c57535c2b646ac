package dev.fulcrum.app.watch;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.fulcrum.app.Json;
import dev.fulcrum.model.Kind;
import dev.fulcrum.store.DocumentEvent;
import java.nio.charset.StandardCharsets;

/**
 * The bytes of a watch stream, in the Server-Sent Events format: one event per committed change ({@code id:} its
 * position, {@code data:} one JSON object), {@code event: error} once before the server closes a stream, and comment
 * lines as heartbeats.
 */
final class SseEvents {
    static final byte[] HEARTBEAT = ": heartbeat\n\n".getBytes(StandardCharsets.US_ASCII);

    private SseEvents() {
    }

    /**
     * {@code {"type", "resource", "name", "version", "changedAt", "<one>": document}}: the document as a GET answers it
     * (a delete's as it was), under the kind's wrapper key.
     */
    static byte[] change(DocumentEvent event, Kind kind) {
        String type = switch (event.change()) {
            case "create" -> "ADDED";
            case "delete" -> "DELETED";
            default -> "MODIFIED";
        };
        String data = "{\"type\":\"" + type + "\",\"resource\":" + quote(event.resource()) + ",\"name\":"
                + quote(event.name()) + ",\"version\":" + event.version() + ",\"changedAt\":\"" + event.changedAt()
                + "\",\"" + kind.singular() + "\":" + event.body() + "}";
        return ("id: " + event.position() + "\n" + data(data) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** The last event of a stream the server ends: {@code {"error": "...", "status": N}}, as an HTTP error would say. */
    static byte[] error(int status, String message) {
        return ("event: error\n" + data("{\"error\":" + quote(message) + ",\"status\":" + status + "}") + "\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** A comment first, so that the client (and any proxy) sees the stream open at once; it names where it starts. */
    static byte[] opened(long position) {
        return (": watching after event " + position + "\n\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** One {@code data:} line per line of the text (stored JSON has none, but a line break must not end the event). */
    private static String data(String text) {
        StringBuilder lines = new StringBuilder(text.length() + 8);
        for (String line : text.split("\r\n|\r|\n", -1)) {
            lines.append("data: ").append(line).append('\n');
        }
        return lines.toString();
    }

    private static String quote(String text) {
        try {
            return Json.MAPPER.writeValueAsString(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
