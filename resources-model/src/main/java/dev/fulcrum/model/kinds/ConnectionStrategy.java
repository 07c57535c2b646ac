package dev.fulcrum.model.kinds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fulcrum.model.Problems;
import dev.fulcrum.model.ResourceStrategy;
import java.util.Set;

/** Connections to Druid clusters; their key, passphrase and SOCKS password are secrets. */
public final class ConnectionStrategy implements ResourceStrategy {
    private static final Set<String> SECRETS = Set.of("key", "passphrase", "sockPassword");
    private static final long DEFAULT_TIMEOUT_MS = 40_000;

    @Override
    public void applyDefaults(ObjectNode connection) {
        if (connection.path("name").isTextual()) {
            Defaults.putIfAbsent(connection, "title", connection.get("name").asText());
        }
        if (!connection.has("timeout")) {
            connection.put("timeout", DEFAULT_TIMEOUT_MS);
        }
        Defaults.putIfAbsent(connection, "protocol", "plain");
    }

    @Override
    public void validate(ObjectNode connection, Problems problems) {
        Fields fields = Fields.of(connection, problems);
        fields.oneOf("type", Set.of("druid", "druidsql"), true);
        JsonNode hosts = fields.array("queryHosts", true);
        if (hosts != null && hosts.isEmpty()) {
            fields.problem("queryHosts", "must name at least one host");
        }
        if (hosts != null) {
            for (int i = 0; i < hosts.size(); i++) {
                if (!hosts.get(i).isTextual() || !Fields.isHostPort(hosts.get(i).asText())) {
                    problems.add("queryHosts[" + i + "]", "must be a host or host:port, not " + hosts.get(i));
                }
            }
        }
        fields.string("title");
        fields.string("version");
        // 0 is what Pivot's own example sends: it means "the default"
        fields.integer("timeout", 0, Integer.MAX_VALUE);
        fields.integer("sqlTimeout", 0, Integer.MAX_VALUE);
        fields.oneOf("protocol", Set.of("plain", "tls", "tls-loose"));
        for (String text : new String[] {"ca", "cert", "key", "passphrase", "decorator", "sockHost", "sockUsername",
                "sockPassword"}) {
            fields.string(text);
        }
        fields.stringOrObject("decoratorOptions");
    }

    @Override
    public Set<String> secretFields() {
        return SECRETS;
    }
    @Override
    public Set<String> filterFields() {
        return Set.of("type", "protocol", "version");
    }
}
