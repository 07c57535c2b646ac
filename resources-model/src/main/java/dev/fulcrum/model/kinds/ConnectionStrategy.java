package dev.fulcrum.model.kinds;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fulcrum.model.Committed;
import dev.fulcrum.model.Effects;
import dev.fulcrum.model.Problems;
import dev.fulcrum.model.ResourceStrategy;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Connections to clusters and databases. What each {@code type} holds is declared once, in
 * {@link ConnectionTypes}; defaults, validation, secrets and the connection-types listing all read it.
 */
public final class ConnectionStrategy implements ResourceStrategy {
    private static final Set<String> SECRETS = ConnectionTypes.ALL.stream()
            .flatMap(type -> type.fields().stream()).filter(ConnectionField::secret).map(ConnectionField::name)
            .collect(Collectors.toUnmodifiableSet());

    /** A Druid cluster behind a SOCKS proxy, so that it has a secret: the proxy's password. */
    @Override
    public ObjectNode example(String name) {
        ObjectNode connection = JsonNodeFactory.instance.objectNode().put("name", name).put("type", "druid")
                .put("title", "Main cluster").put("timeout", 40_000).put("protocol", "plain")
                .put("sockHost", "proxy.example.com:1080").put("sockUsername", "fulcrum")
                .put("sockPassword", "example-socks-password-" + name);
        connection.putArray("queryHosts").add("broker.example.com:8082");
        return connection;
    }

    /** {@code type} and every destination field of every type, read from the declaration. */
    private static final Set<String> DESTINATIONS = Stream.concat(Stream.of("type"),
                    ConnectionTypes.ALL.stream().flatMap(type -> type.fields().stream())
                            .filter(ConnectionField::destination).map(ConnectionField::name))
            .collect(Collectors.toUnmodifiableSet());

    @Override
    public void applyDefaults(ObjectNode connection) {
        if (connection.path("name").isTextual()) {
            Defaults.putIfAbsent(connection, "title", connection.get("name").asText());
        }
        ConnectionTypes.byType(connection.path("type").asText()).ifPresent(type -> type.fields().stream()
                .filter(field -> field.defaultValue() != null && !connection.has(field.name()))
                .forEach(field -> connection.set(field.name(), field.defaultValue().deepCopy())));
    }

    @Override
    public void validate(ObjectNode connection, Problems problems) {
        Fields fields = Fields.of(connection, problems);
        String type = fields.oneOf("type", Set.copyOf(ConnectionTypes.names()), true);
        if (fields.isRecording()) { // every type's fields; which apply depends on type
            ConnectionTypes.ALL.stream().flatMap(each -> each.fields().stream())
                    .map(ConnectionField::asOptional)
                    .forEach(field -> field.check(fields));
        } else {
            ConnectionTypes.byType(type).map(ConnectionTypes.ConnectionType::fields).orElse(ConnectionTypes.COMMON)
                    .forEach(field -> field.check(fields));
        }
    }

    @Override
    public Set<String> secretFields() {
        return SECRETS;
    }

    @Override
    public Set<String> secretDestinationFields() {
        return DESTINATIONS;
    }

    @Override
    public Set<String> filterFields() {
        return Set.of("type", "protocol", "version");
    }

    /**
     * A connection created or changed is watched again from its new version; one written unchanged keeps its state
     * (a stopped one stays stopped), and a deleted one stops being watched by itself.
     */
    @Override
    public Map<String, String> afterCommit(Committed write, Effects effects) {
        if (write.change() == Committed.Change.CREATED || write.change() == Committed.Change.UPDATED) {
            effects.restartMonitoring(write.name());
        }
        return Map.of();
    }
}
