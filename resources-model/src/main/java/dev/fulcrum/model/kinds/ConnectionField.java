package dev.fulcrum.model.kinds;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Set;

/**
 * One field of a connection type: what it holds, whether it is required or secret, and its default.
 * The connection strategy validates, defaults and describes connections from these, so validation and
 * {@code GET /api/v1/connection-types} cannot drift apart.
 *
 * <p>A field is a <em>destination</em> when it decides where or how the connection's secrets are sent: a
 * host, a port, a database or user name, a protocol, TLS or proxy settings. Changing one makes the stored
 * secrets unusable until they are sent again. Every non-secret field is a destination unless declared
 * {@link #describing()}, so a field added later is safe before anyone thinks about it.
 *
 * @param form         {@code string}, {@code integer} (non-negative), {@code port} (1-65535), {@code boolean},
 *                     {@code host} (a host name or IP literal), {@code hostPort} (host or host:port),
 *                     {@code hosts} (1-16 of host or host:port), {@code name} (a database or user name: no URL
 *                     syntax), {@code enum} (one of {@code choices}) or {@code stringOrObject}
 * @param defaultValue the value filled in when the field is absent, or null
 */
public record ConnectionField(String name, String label, String form, boolean required, boolean secret,
                              boolean destination, JsonNode defaultValue, List<String> choices) {

    /** The most hosts one connection may name: each is probed, so this bounds the work of one test. */
    public static final int MAX_HOSTS = 16;

    static ConnectionField text(String name, String label) {
        return of(name, label, "string");
    }

    static ConnectionField secretText(String name, String label) {
        return new ConnectionField(name, label, "string", false, true, false, null, List.of());
    }

    static ConnectionField of(String name, String label, String form) {
        return new ConnectionField(name, label, form, false, false, true, null, List.of());
    }

    static ConnectionField choice(String name, String label, List<String> choices) {
        return new ConnectionField(name, label, "enum", false, false, true, null, List.copyOf(choices));
    }

    ConnectionField asRequired() {
        return new ConnectionField(name, label, form, true, secret, destination, defaultValue, choices);
    }

    ConnectionField asOptional() {
        return new ConnectionField(name, label, form, false, secret, destination, defaultValue, choices);
    }

    /** Marks a field that only describes the connection (a title, a timeout): changing it sends nothing elsewhere. */
    ConnectionField describing() {
        return new ConnectionField(name, label, form, required, secret, false, defaultValue, choices);
    }

    ConnectionField defaultingTo(JsonNode value) {
        return new ConnectionField(name, label, form, required, secret, destination, value, choices);
    }

    /** Reports what is wrong with this field in {@code fields}' object. */
    void check(Fields fields) {
        switch (form) {
            case "string" -> {
                if (required) {
                    fields.requiredString(name);
                } else {
                    fields.string(name);
                }
            }
            case "integer" -> {
                if (fields.integer(name, 0, Integer.MAX_VALUE) == null && required) {
                    fields.requiredString(name);
                }
            }
            case "port" -> fields.integer(name, 1, 65_535);
            case "boolean" -> fields.bool(name);
            case "enum" -> fields.oneOf(name, Set.copyOf(choices), required);
            case "host" -> fields.host(name, required);
            case "hostPort" -> fields.hostPort(name, required);
            case "hosts" -> fields.hosts(name, required, MAX_HOSTS);
            case "name" -> fields.objectName(name, required);
            case "stringOrObject" -> fields.stringOrObject(name);
            default -> throw new IllegalStateException("unknown field form " + form);
        }
    }
}
