package dev.fulcrum.model.kinds;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The connection types Fulcrum knows, each with its fields: the one source of truth for connections.
 * Every field that reaches a URL, a driver property or a target is a destination (see {@link ConnectionField}).
 */
public final class ConnectionTypes {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** A connection type: its name in {@code type}, a label for people, and its fields. */
    public record ConnectionType(String type, String label, List<ConnectionField> fields) {
    }

    /** The fields of every type: checked even when {@code type} is wrong, with the problem of the type. */
    static final List<ConnectionField> COMMON = List.of(
            ConnectionField.text("title", "Title (defaults to the name)").describing());

    private static final List<ConnectionField> DRUID = List.of(
            ConnectionField.of("queryHosts", "Query hosts (host or host:port)", "hosts").asRequired(),
            ConnectionField.text("version", "Druid version").describing(),
            ConnectionField.of("timeout", "Query timeout in ms (0: the default)", "integer").describing()
                    .defaultingTo(NODES.numberNode(40_000)),
            ConnectionField.of("sqlTimeout", "SQL timeout in ms", "integer").describing(),
            ConnectionField.choice("protocol", "Protocol", List.of("plain", "tls", "tls-loose")).defaultingTo(NODES.textNode("plain")),
            ConnectionField.text("ca", "CA certificate (PEM)"),
            ConnectionField.text("cert", "Client certificate (PEM)"),
            ConnectionField.secretText("key", "Client key (PEM)"),
            ConnectionField.secretText("passphrase", "Passphrase of the client key"),
            ConnectionField.text("decorator", "Request decorator"),
            ConnectionField.of("decoratorOptions", "Request decorator options", "stringOrObject"),
            ConnectionField.of("sockHost", "SOCKS proxy host:port", "hostPort"),
            ConnectionField.text("sockUsername", "SOCKS user name"),
            ConnectionField.secretText("sockPassword", "SOCKS password"));

    private static List<ConnectionField> database(int port) {
        return List.of(
                ConnectionField.of("host", "Host (a host name or IP address)", "host").asRequired(),
                ConnectionField.of("port", "Port", "port").defaultingTo(NODES.numberNode(port)),
                ConnectionField.of("database", "Database", "name").asRequired(),
                ConnectionField.of("user", "User", "name").asRequired(),
                ConnectionField.secretText("password", "Password"),
                ConnectionField.of("ssl", "Use TLS", "boolean").defaultingTo(NODES.booleanNode(false)));
    }

    public static final List<ConnectionType> ALL = List.of(
            new ConnectionType("druid", "Apache Druid (native queries)", with(DRUID)),
            new ConnectionType("druidsql", "Apache Druid (SQL)", with(DRUID)),
            new ConnectionType("postgres", "PostgreSQL", with(database(5432))),
            new ConnectionType("mysql", "MySQL / MariaDB", with(database(3306))));

    private ConnectionTypes() {
    }

    private static List<ConnectionField> with(List<ConnectionField> specific) {
        List<ConnectionField> fields = new ArrayList<>(COMMON);
        fields.addAll(specific);
        return List.copyOf(fields);
    }

    public static Optional<ConnectionType> byType(String type) {
        return ALL.stream().filter(candidate -> candidate.type().equals(type)).findFirst();
    }

    public static List<String> names() {
        return ALL.stream().map(ConnectionType::type).toList();
    }
}
