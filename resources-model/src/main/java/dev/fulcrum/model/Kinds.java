package dev.fulcrum.model;

import dev.fulcrum.model.kinds.AlertStrategy;
import dev.fulcrum.model.kinds.ConnectionStrategy;
import dev.fulcrum.model.kinds.DashboardStrategy;
import dev.fulcrum.model.kinds.DataCubeStrategy;
import dev.fulcrum.model.kinds.ReportStrategy;
import dev.fulcrum.model.kinds.RoleStrategy;
import dev.fulcrum.model.kinds.UserAuthStrategy;
import dev.fulcrum.model.kinds.UserStatusStrategy;
import dev.fulcrum.model.kinds.UserStrategy;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The registry of kinds: a plain list, built in this one place. The router loops over it. */
public final class Kinds {
    public static final Kind USERS = new Kind("users", "user", "users", new UserStrategy());
    public static final Kind USER_AUTHS = new Kind("user-auths", "userAuth", "userAuths", new UserAuthStrategy());
    public static final Kind ROLES = new Kind("roles", "role", "roles", new RoleStrategy());
    public static final Kind CONNECTIONS = new Kind("connections", "connection", "connections", new ConnectionStrategy());
    public static final Kind DATA_CUBES = new Kind("data-cubes", "dataCube", "dataCubes", new DataCubeStrategy());
    public static final Kind DASHBOARDS = new Kind("dashboards", "dashboard", "dashboards", new DashboardStrategy());
    public static final Kind ALERTS = new Kind("alerts", "alert", "alerts", new AlertStrategy());
    public static final Kind REPORTS = new Kind("reports", "report", "reports", new ReportStrategy());
    public static final Kind USER_STATUSES = new Kind("user-statuses", "userStatus", "userStatuses", new UserStatusStrategy());

    private static final List<Kind> ALL =
            List.of(USERS, USER_AUTHS, ROLES, CONNECTIONS, DATA_CUBES, DASHBOARDS, ALERTS, REPORTS, USER_STATUSES);

    /** Every kind after the kinds its documents reference; computed from the strategies, see {@link #dependencyOrder}. */
    private static final List<Kind> IN_DEPENDENCY_ORDER = dependencyOrder(ALL);

    private Kinds() {
    }

    /**
     * Every kind, each after the kinds it references ({@link ResourceStrategy#referencedResources}), otherwise
     * in registry order: the order of export bundles and of imports.
     */
    public static List<Kind> inDependencyOrder() {
        return IN_DEPENDENCY_ORDER;
    }

    /** A topological order of {@code kinds} by their references; ties keep the given order. */
    static List<Kind> dependencyOrder(List<Kind> kinds) {
        List<Kind> ordered = new ArrayList<>();
        List<Kind> waiting = new ArrayList<>(kinds);
        while (!waiting.isEmpty()) {
            Kind next = waiting.stream()
                    .filter(kind -> kind.strategy().referencedResources().stream().allMatch(resource ->
                            ordered.stream().anyMatch(done -> done.resource().equals(resource))))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("the references of " + waiting.stream()
                            .map(Kind::resource).toList() + " form a cycle or name an unknown resource"));
            ordered.add(next);
            waiting.remove(next);
        }
        return List.copyOf(ordered);
    }

    public static List<Kind> all() {
        return ALL;
    }

    public static Optional<Kind> byResource(String resource) {
        return ALL.stream().filter(kind -> kind.resource().equals(resource)).findFirst();
    }
}
