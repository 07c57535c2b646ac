package dev.fulcrum.model.kinds;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fulcrum.model.Problems;
import dev.fulcrum.model.ResourceStrategy;
import java.util.List;
import java.util.Set;

/** Roles: a title and a set of Pivot's permissions. The built-in super-admin has them all. */
public final class RoleStrategy implements ResourceStrategy {
    /**
     * Pivot's permission names, and Fulcrum's own SeeAuditLog (reading the audit log) and ExportSecrets
     * (exporting secrets, decryptable with the export's passphrase).
     */
    public static final List<String> PERMISSIONS = List.of("ManageApiTokens", "ManageConnections", "ManageUsers",
            "ManageUserRoles", "AdministerDataCubes", "AdministerDashboards", "ChangeDataCubes", "ChangeDashboards",
            "SeeOtherUsers", "AccessSQL", "AccessVisualization", "AccessDatasets", "QueryRawData", "SeeErrorMessages",
            "ConfigureLookAndFeel", "ManageAlerts", "ManageReports", "DownloadLargeData", "AccessAlerts",
            "AccessReports", "SeeAuditLog", "ExportSecrets");
    public static final String SUPER_ADMIN = "super-admin";
    private static final Set<String> ALLOWED = Set.copyOf(PERMISSIONS);

    @Override
    public void validate(ObjectNode role, Problems problems) {
        Fields fields = Fields.of(role, problems);
        fields.string("title");
        fields.eachObject("permissions", false, (permission, i) -> permission.oneOf("name", ALLOWED, true));
        fields.strings("filterTokens", false);
    }

    @Override
    public List<ObjectNode> builtIns() {
        ObjectNode superAdmin = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        superAdmin.put("name", SUPER_ADMIN).put("title", "Super Admin");
        PERMISSIONS.forEach(permission -> superAdmin.withArray("permissions").addObject().put("name", permission));
        return List.of(superAdmin);
    }
    @Override
    public Set<String> filterFields() {
        return Set.of("title");
    }
}
