package dev.fulcrum.model.kinds;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fulcrum.model.Permissions;
import dev.fulcrum.model.Problems;
import dev.fulcrum.model.ResourceStrategy;
import java.util.List;
import java.util.Set;

/** Roles: a title and a set of {@link Permissions}. The built-in super-admin has them all. */
public final class RoleStrategy implements ResourceStrategy {
    public static final String SUPER_ADMIN = "super-admin";
    private static final Set<String> ALLOWED = Set.copyOf(Permissions.ALL);

    /** A role without permissions: writing it, or a user who has it, needs no permission beyond the kind's own. */
    @Override
    public ObjectNode example(String name) {
        ObjectNode role = JsonNodeFactory.instance.objectNode().put("name", name).put("title", "Viewers");
        role.putArray("permissions");
        return role;
    }

    @Override
    public void validate(ObjectNode role, Problems problems) {
        Fields fields = Fields.of(role, problems);
        fields.string("title");
        fields.eachObject("permissions", false, (permission, i) -> permission.oneOf("name", ALLOWED, true));
        fields.strings("filterTokens", false);
    }

    @Override
    public List<ObjectNode> builtIns() {
        ObjectNode superAdmin = JsonNodeFactory.instance.objectNode();
        superAdmin.put("name", SUPER_ADMIN).put("title", "Super Admin");
        Permissions.ALL.forEach(permission -> superAdmin.withArray("permissions").addObject().put("name", permission));
        return List.of(superAdmin);
    }
    @Override
    public Set<String> filterFields() {
        return Set.of("title");
    }
}
