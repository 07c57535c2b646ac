package dev.fulcrum.model;

import static dev.fulcrum.model.Permissions.ACCESS_ALERTS;
import static dev.fulcrum.model.Permissions.ACCESS_REPORTS;
import static dev.fulcrum.model.Permissions.ACCESS_VISUALIZATION;
import static dev.fulcrum.model.Permissions.ADMINISTER_DASHBOARDS;
import static dev.fulcrum.model.Permissions.ADMINISTER_DATA_CUBES;
import static dev.fulcrum.model.Permissions.CHANGE_DASHBOARDS;
import static dev.fulcrum.model.Permissions.CHANGE_DATA_CUBES;
import static dev.fulcrum.model.Permissions.MANAGE_ALERTS;
import static dev.fulcrum.model.Permissions.MANAGE_CONNECTIONS;
import static dev.fulcrum.model.Permissions.MANAGE_REPORTS;
import static dev.fulcrum.model.Permissions.MANAGE_USERS;
import static dev.fulcrum.model.Permissions.MANAGE_USER_ROLES;

import dev.fulcrum.model.kinds.AlertStrategy;
import dev.fulcrum.model.kinds.ConnectionStrategy;
import dev.fulcrum.model.kinds.DashboardStrategy;
import dev.fulcrum.model.kinds.DataCubeStrategy;
import dev.fulcrum.model.kinds.ReportStrategy;
import dev.fulcrum.model.kinds.RoleStrategy;
import dev.fulcrum.model.kinds.UserAuthStrategy;
import dev.fulcrum.model.kinds.UserStatusStrategy;
import dev.fulcrum.model.kinds.UserStrategy;
import java.util.List;

/**
 * The kinds Fulcrum serves, each defined in one line: wire names, strategy, access rule. A kind that code names
 * (for its special rules, such as users' roles) has a constant; {@link #STANDARD} lists them all.
 */
public final class Kinds {
    public static final Kind USERS = new Kind("users", "user", "users", new UserStrategy(), Access.everyVerb(MANAGE_USERS));
    public static final Kind USER_AUTHS = new Kind("user-auths", "userAuth", "userAuths", new UserAuthStrategy(),
            Access.everyVerb(MANAGE_USERS));
    public static final Kind ROLES = new Kind("roles", "role", "roles", new RoleStrategy(), Access.everyVerb(MANAGE_USER_ROLES));
    public static final Kind CONNECTIONS = new Kind("connections", "connection", "connections", new ConnectionStrategy(),
            Access.everyVerb(MANAGE_CONNECTIONS));
    public static final Kind DATA_CUBES = new Kind("data-cubes", "dataCube", "dataCubes", new DataCubeStrategy(),
            Access.administerOrChange(ADMINISTER_DATA_CUBES, CHANGE_DATA_CUBES));
    public static final Kind DASHBOARDS = new Kind("dashboards", "dashboard", "dashboards", new DashboardStrategy(),
            Access.administerOrChange(ADMINISTER_DASHBOARDS, CHANGE_DASHBOARDS));
    public static final Kind ALERTS = new Kind("alerts", "alert", "alerts", new AlertStrategy(),
            Access.ownerScoped(MANAGE_ALERTS, ACCESS_VISUALIZATION, ACCESS_ALERTS));
    public static final Kind REPORTS = new Kind("reports", "report", "reports", new ReportStrategy(),
            Access.ownerScoped(MANAGE_REPORTS, ACCESS_VISUALIZATION, ACCESS_REPORTS));
    public static final Kind USER_STATUSES = new Kind("user-statuses", "userStatus", "userStatuses", new UserStatusStrategy(),
            Access.everyVerb(MANAGE_USERS));

    /** Every kind the server serves. */
    public static final Registry STANDARD = new Registry(
            List.of(USERS, USER_AUTHS, ROLES, CONNECTIONS, DATA_CUBES, DASHBOARDS, ALERTS, REPORTS, USER_STATUSES));

    private Kinds() {
    }

    /** The standard kinds, in registration order. */
    public static List<Kind> all() {
        return STANDARD.all();
    }
}
