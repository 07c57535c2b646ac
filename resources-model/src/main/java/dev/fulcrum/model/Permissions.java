package dev.fulcrum.model;

import java.util.List;

/**
 * Every permission a role may hold: Pivot's names, and Fulcrum's own {@link #SEE_AUDIT_LOG},
 * {@link #EXPORT_SECRETS} and {@link #READ_METRICS}. The one place each name is written; kinds and rules refer to
 * these constants.
 */
public final class Permissions {
    public static final String MANAGE_API_TOKENS = "ManageApiTokens";
    public static final String MANAGE_CONNECTIONS = "ManageConnections";
    public static final String MANAGE_USERS = "ManageUsers";
    public static final String MANAGE_USER_ROLES = "ManageUserRoles";
    public static final String ADMINISTER_DATA_CUBES = "AdministerDataCubes";
    public static final String ADMINISTER_DASHBOARDS = "AdministerDashboards";
    public static final String CHANGE_DATA_CUBES = "ChangeDataCubes";
    public static final String CHANGE_DASHBOARDS = "ChangeDashboards";
    public static final String ACCESS_VISUALIZATION = "AccessVisualization";
    public static final String MANAGE_ALERTS = "ManageAlerts";
    public static final String MANAGE_REPORTS = "ManageReports";
    public static final String ACCESS_ALERTS = "AccessAlerts";
    public static final String ACCESS_REPORTS = "AccessReports";
    /** Reading the audit log. */
    public static final String SEE_AUDIT_LOG = "SeeAuditLog";
    /** Exporting secrets (decryptable with the export's passphrase), and so comparing a given secret with the stored one. */
    public static final String EXPORT_SECRETS = "ExportSecrets";
    /** Reading the server's Prometheus metrics ({@code GET /metrics}), as a scrape job does. */
    public static final String READ_METRICS = "ReadMetrics";

    /** Every permission, in Pivot's order; the built-in super-admin role has them all. */
    public static final List<String> ALL = List.of(MANAGE_API_TOKENS, MANAGE_CONNECTIONS, MANAGE_USERS,
            MANAGE_USER_ROLES, ADMINISTER_DATA_CUBES, ADMINISTER_DASHBOARDS, CHANGE_DATA_CUBES, CHANGE_DASHBOARDS,
            "SeeOtherUsers", "AccessSQL", ACCESS_VISUALIZATION, "AccessDatasets", "QueryRawData", "SeeErrorMessages",
            "ConfigureLookAndFeel", MANAGE_ALERTS, MANAGE_REPORTS, "DownloadLargeData", ACCESS_ALERTS,
            ACCESS_REPORTS, SEE_AUDIT_LOG, EXPORT_SECRETS, READ_METRICS);

    private Permissions() {
    }
}
