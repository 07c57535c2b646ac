package dev.fulcrum.app.tokens;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fulcrum.app.Json;
import dev.fulcrum.app.cluster.Freshness;
import dev.fulcrum.app.engine.DocumentReads;
import dev.fulcrum.model.Kinds;
import dev.fulcrum.model.Permissions;
import dev.fulcrum.model.kinds.RoleStrategy;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The permissions of each role document, cached so that checking a request costs no query: until a change of a
 * role is heard ({@link Freshness}), or for a second while none are, so a changed or deleted role takes effect as soon
 * as its change is heard, or within that second. The built-in super-admin always has
 * every permission, even in a database the server has not started on yet. A token gets its role's permissions
 * only from the role document that existed when the token was made ({@link #forToken}): a role deleted and
 * created again under the same name is another role.
 */
public final class RolePermissions {
    private static final int MAX_CACHED = 10_000;
    private static final Optional<Role> SUPER_ADMIN = Optional.of(new Role(Set.copyOf(Permissions.ALL), Instant.MIN));

    private final DocumentReads documents;
    private final Freshness freshness;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    /** A role document's permissions and when the document (not this version of it) was created. */
    private record Role(Set<String> permissions, Instant createdAt) {
    }

    private record Cached(Optional<Role> role, Freshness.Stamp loaded) {
    }

    /** Roles read afresh every second (the command line's). */
    public RolePermissions(DocumentReads documents) {
        this(documents, Freshness.polling());
    }

    /** @param freshness how long a role read may be used: until a change of roles is heard */
    public RolePermissions(DocumentReads documents, Freshness freshness) {
        this.documents = documents;
        this.freshness = freshness;
    }

    /** The role's permissions, or empty when no role has that name. */
    public Optional<Set<String>> of(String role) {
        return role(role).map(Role::permissions);
    }

    /**
     * The permissions a token made at {@code tokenCreatedAt} gets from the role it names: none when that role is
     * gone, or was created after the token (so it is not the role the token was given). Token times have
     * milliseconds, documents' microseconds: a role is compared at the token's precision.
     */
    public Set<String> forToken(String role, Instant tokenCreatedAt) {
        return role(role).filter(found -> !found.createdAt().truncatedTo(ChronoUnit.MILLIS).isAfter(tokenCreatedAt))
                .map(Role::permissions).orElse(Set.of());
    }

    private Optional<Role> role(String role) {
        if (RoleStrategy.SUPER_ADMIN.equals(role)) {
            return SUPER_ADMIN;
        }
        Freshness.Stamp now = freshness.stamp();
        Cached cached = cache.get(role);
        if (cached != null && freshness.isFresh(cached.loaded())) {
            return cached.role();
        }
        Optional<Role> loaded = documents.find(Kinds.ROLES, role).map(stored -> {
            Set<String> names = new HashSet<>();
            for (JsonNode permission : Json.parseStored(stored.body()).path("permissions")) {
                names.add(permission.path("name").asText());
            }
            return new Role(Set.copyOf(names), stored.createdAt());
        });
        if (cache.size() >= MAX_CACHED) {
            cache.clear();
        }
        cache.put(role, new Cached(loaded, now));
        return loaded;
    }

    /** Every permission any of these roles grants; an absent role grants none. */
    public Set<String> union(Collection<String> roles) {
        Set<String> all = new HashSet<>();
        roles.forEach(role -> of(role).ifPresent(all::addAll));
        return Set.copyOf(all);
    }
}
