package dev.fulcrum.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The order of kinds for exports and imports: each after the kinds it references. */
class KindsTest {
    private Kind kind(String resource, String... references) {
        return new Kind(resource, resource, resource + "s", new ResourceStrategy() {
            @Override
            public Set<String> referencedResources() {
                return Set.of(references);
            }

            @Override
            public ObjectNode example(String name) {
                return JsonNodeFactory.instance.objectNode().put("name", name);
            }
        }, Access.everyVerb(Permissions.MANAGE_CONNECTIONS));
    }

    @Test
    void kinds_follow_what_they_reference_and_otherwise_keep_their_order() {
        assertThat(Kinds.STANDARD.inDependencyOrder().stream().map(Kind::resource)).containsExactly("roles", "users", "user-auths",
                "connections", "data-cubes", "dashboards", "alerts", "reports", "user-statuses");
        Kind a = kind("a", "c");
        Kind b = kind("b");
        Kind c = kind("c", "b");
        assertThat(Registry.dependencyOrder(List.of(a, b, c))).containsExactly(b, c, a);
        assertThatThrownBy(() -> Registry.dependencyOrder(List.of(kind("x", "y"), kind("y", "x"))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("the references of [x, y] form a cycle or name an unknown resource");
        assertThatThrownBy(() -> Registry.dependencyOrder(List.of(kind("x", "nowhere")))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void a_registry_refuses_two_kinds_of_one_name_and_grows_by_copy() {
        assertThatThrownBy(() -> Kinds.STANDARD.with(kind("users"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("two kinds are named users");
        Kind folders = kind("folders", "connections");
        Registry more = Kinds.STANDARD.with(folders);
        assertThat(more.byResource("folders")).contains(folders);
        assertThat(Kinds.STANDARD.byResource("folders")).isEmpty();
        assertThat(more.inDependencyOrder()).endsWith(folders);
    }
}
