package dev.fulcrum.app.connections;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fulcrum.app.Json;
import java.util.List;

/** The outcome of testing a connection: one {@link HostResult} per host, and the summary a client sees. */
public record TestResult(List<HostResult> hosts) {

    /** What one host answered: its latency and version, or what went wrong. */
    public record HostResult(String host, boolean success, long latencyMs, String version, String error) {
        static HostResult ok(String host, long latencyMs, String version) {
            return new HostResult(host, true, latencyMs, version, null);
        }

        static HostResult failed(String host, String error) {
            return new HostResult(host, false, 0, null, error);
        }
    }

    public boolean success() {
        return !hosts.isEmpty() && hosts.stream().allMatch(HostResult::success);
    }

    /** {@code {"success": true, "message", "latencyMs", "version", "hosts"}} or {@code {"success": false, "error", "hosts"}}. */
    public ObjectNode toJson() {
        ObjectNode json = Json.MAPPER.createObjectNode().put("success", success());
        if (success()) {
            json.put("message", "Connected to " + (hosts.size() == 1 ? hosts.get(0).host()
                    : "all " + hosts.size() + " hosts"));
            json.put("latencyMs", hosts.stream().mapToLong(HostResult::latencyMs).max().orElse(0));
            hosts.stream().map(HostResult::version).filter(v -> v != null).findFirst().ifPresent(v -> json.put("version", v));
        } else {
            json.put("error", String.join("; ", hosts.stream().filter(host -> !host.success())
                    .map(host -> host.host() + ": " + host.error()).toList()));
        }
        if (hosts.size() > 1) {
            ArrayNode each = json.putArray("hosts");
            for (HostResult host : hosts) {
                ObjectNode entry = each.addObject().put("host", host.host()).put("success", host.success());
                if (host.success()) {
                    entry.put("latencyMs", host.latencyMs());
                    if (host.version() != null) {
                        entry.put("version", host.version());
                    }
                } else {
                    entry.put("error", host.error());
                }
            }
        }
        return json;
    }
}
