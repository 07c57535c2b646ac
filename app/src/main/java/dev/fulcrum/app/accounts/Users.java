package dev.fulcrum.app.accounts;

import dev.fulcrum.app.Json;
import dev.fulcrum.app.engine.DocumentReads;
import dev.fulcrum.model.Kinds;
import dev.fulcrum.model.kinds.UserStatusStrategy;
import dev.fulcrum.store.StoredDocument;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Users as callers: whether one exists, which user it is (when it was created: a user deleted and created again
 * under the same name is another), its roles, and whether its user-status disables it now. The one place that
 * decides "a disabled user", for sign-in, the tokens page and API tokens alike.
 */
public final class Users {
    private final DocumentReads reads;
    private final Clock clock;

    /**
     * A user as it stands now.
     *
     * @param disablesAt when a user-status disables the user later on; null when none does
     */
    public record User(String name, Instant createdAt, List<String> roles, boolean disabled, Instant disablesAt) {
    }

    public Users(DocumentReads reads, Clock clock) {
        this.reads = reads;
        this.clock = clock;
    }

    /** The user of that name, if one exists. */
    public Optional<User> find(String name) {
        Optional<StoredDocument> stored = reads.find(Kinds.USERS, name);
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        List<String> roles = new ArrayList<>();
        Json.parseStored(stored.get().body()).path("roles").forEach(role -> roles.add(role.asText()));
        Instant disabledFrom = reads.document(Kinds.USER_STATUSES, name).map(UserStatusStrategy::disabledFrom).orElse(null);
        boolean disabled = disabledFrom != null && !disabledFrom.isAfter(clock.instant());
        return Optional.of(new User(name, stored.get().createdAt(), List.copyOf(roles), disabled,
                disabled ? null : disabledFrom));
    }
}
