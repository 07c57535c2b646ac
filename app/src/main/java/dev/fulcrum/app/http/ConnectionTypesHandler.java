package dev.fulcrum.app.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fulcrum.app.Json;
import dev.fulcrum.model.kinds.ConnectionField;
import dev.fulcrum.model.kinds.ConnectionTypes;
import io.javalin.http.Context;

/** {@code GET /api/v1/connection-types}: each type's label and fields, from the same table validation uses. */
final class ConnectionTypesHandler {
    private final String body;

    ConnectionTypesHandler() {
        ObjectNode root = Json.MAPPER.createObjectNode();
        ArrayNode types = root.putArray("connectionTypes");
        for (ConnectionTypes.ConnectionType type : ConnectionTypes.ALL) {
            ObjectNode entry = types.addObject().put("type", type.type()).put("label", type.label());
            ArrayNode fields = entry.putArray("fields");
            for (ConnectionField field : type.fields()) {
                ObjectNode described = fields.addObject()
                        .put("name", field.name()).put("label", field.label()).put("form", field.form())
                        .put("required", field.required()).put("secret", field.secret())
                        .put("destination", field.destination());
                if (field.defaultValue() != null) {
                    described.set("default", field.defaultValue());
                }
                if (!field.choices().isEmpty()) {
                    field.choices().forEach(described.putArray("choices")::add);
                }
            }
        }
        this.body = Json.write(root);
    }

    void list(Context ctx) {
        JsonResponses.send(ctx, 200, body);
    }
}
