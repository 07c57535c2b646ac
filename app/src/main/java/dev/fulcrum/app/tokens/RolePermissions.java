package dev.fulcrum.app.tokens;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fulcrum.app.Json;
import dev.fulcrum.model.Kinds;
import dev.fulcrum.model.kinds.RoleStrategy;
import dev.fulcrum.store.DocumentStore;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The permissions of each role document, cached for a second so that checking a request costs no query,
 * while a changed or deleted role takes effect within that second. The built-in super-admin always has
 * every permission, even in a database the server has not started on yet.
 */
public final class RolePermissions {
    private static final long TTL_NANOS = Duration.ofSeconds(1).toNanos();
    private static final int MAX_CACHED = 10_000;
    private static final Optional<Set<String>> ALL = Optional.of(Set.copyOf(RoleStrategy.PERMISSIONS));

    private final DocumentStore documents;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(Optional<Set<String>> permissions, long loadedAtNanos) {
    }

    public RolePermissions(DocumentStore documents) {
        this.documents = documents;
    }

    /** The role's permissions, or empty when no role has that name. */
    public Optional<Set<String>> of(String role) {
        if (RoleStrategy.SUPER_ADMIN.equals(role)) {
            return ALL;
        }
        long now = System.nanoTime();
        Cached cached = cache.get(role);
        if (cached != null && now - cached.loadedAtNanos() < TTL_NANOS) {
            return cached.permissions();
        }
        Optional<Set<String>> loaded = documents.find(Kinds.ROLES.resource(), role).map(stored -> {
            Set<String> names = new HashSet<>();
            for (JsonNode permission : Json.parseStored(stored.body()).path("permissions")) {
                names.add(permission.path("name").asText());
            }
            return Set.copyOf(names);
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
