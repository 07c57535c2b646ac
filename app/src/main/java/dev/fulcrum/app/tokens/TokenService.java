package dev.fulcrum.app.tokens;

import dev.fulcrum.app.access.Principal;
import dev.fulcrum.app.accounts.Users;
import dev.fulcrum.app.cluster.Freshness;
import dev.fulcrum.app.engine.DocumentReads;
import dev.fulcrum.model.ConflictException;
import dev.fulcrum.model.Names;
import dev.fulcrum.model.Problems;
import dev.fulcrum.model.UnauthorizedException.Reason;
import dev.fulcrum.model.UnauthorizedException;
import dev.fulcrum.model.kinds.RoleStrategy;
import dev.fulcrum.store.NewToken;
import dev.fulcrum.store.TokenRecord;
import dev.fulcrum.store.TokenStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates, checks and revokes API tokens. Checks are cached: a valid token until a change of tokens, users or their
 * statuses is heard from any instance ({@link Freshness}), or for one second while none are heard (so a token revoked
 * elsewhere, e.g. by the CLI on H2, stops working within that; its expiry is checked on every request), an unknown
 * hash for good (256 random bits are never guessed, so an unknown hash can never become valid). The role's
 * permissions come from {@link RolePermissions}, cached likewise. Last-used times are
 * written at most once a minute per token, off the request's path.
 */
public final class TokenService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TokenService.class);
    private static final Duration TOUCH_EVERY = Duration.ofMinutes(1);
    private static final int MAX_CACHED = 10_000;

    private final TokenStore store;
    private final Users users;
    private final TokenLineage lineages;
    private final RolePermissions roles;
    private final Clock clock;
    private final Duration maxLifetime;
    private final Freshness freshness;
    private final Map<String, Valid> valid = new ConcurrentHashMap<>();
    private final Map<String, Boolean> unknown = new ConcurrentHashMap<>();
    private final ExecutorService toucher = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "token-last-used");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * A checked token, and the caller it stood for when it last had these permissions. {@code lineage} is the
     * token and the tokens that made it, up to the first made by no token: a token never has more than any of
     * them has now, and stops working when one of them does.
     */
    private static final class Valid {
        final TokenRecord token;
        final Freshness.Stamp checked;
        final Instant lastUsed;
        final List<TokenLineage.Link> lineage;
        /** The caller it stood for last, and the role permission sets (by identity) that were made of. */
        volatile Resolved resolved;

        Valid(TokenRecord token, Freshness.Stamp checked, Instant lastUsed, List<TokenLineage.Link> lineage) {
            this.token = token;
            this.checked = checked;
            this.lastUsed = lastUsed;
            this.lineage = lineage;
        }

        /** Whether a user of its lineage is disabled by now by a status that was still to come when it was checked. */
        boolean userDisabledSince(Instant now) {
            for (TokenLineage.Link link : lineage) {
                if (link.userDisablesAt() != null && !link.userDisablesAt().isAfter(now)) {
                    return true;
                }
            }
            return false;
        }
    }


    /**
     * @param maxLifetime the longest a token may work (config.yaml's maxTokenLifetime), or null for no limit
     * @param freshness   how long a check may be used: until a change of tokens, users or user statuses is heard
     */
    public TokenService(TokenStore store, DocumentReads documents, RolePermissions roles, Clock clock, Duration maxLifetime,
                        Freshness freshness) {
        this.store = store;
        this.freshness = freshness;
        this.users = new Users(documents, clock);
        this.lineages = new TokenLineage(store, users);
        this.roles = roles;
        this.clock = clock;
        this.maxLifetime = maxLifetime;
    }

    /** Creates a super-admin token that belongs to no user, as {@code token create --name} does. */
    public String create(String name) {
        return create(new TokenRequest(name, null, null, "cli", null));
    }

    /** Creates a token and returns the raw value, which exists nowhere else afterwards. */
    public String create(TokenRequest request) {
        Problems problems = new Problems("apiToken");
        Names.problem(request.name()).ifPresent(problem -> problems.add("name", problem));
        String role = request.roleName() == null ? RoleStrategy.SUPER_ADMIN : request.roleName();
        if (roles.of(role).isEmpty()) {
            problems.add("role", "names role '" + role + "', which does not exist");
        }
        if (request.userName() != null && users.find(request.userName()).isEmpty()) {
            problems.add("user", "names user '" + request.userName() + "', which does not exist");
        }
        Duration lifetime = request.expiresIn() != null ? request.expiresIn() : maxLifetime;
        if (maxLifetime != null && lifetime.compareTo(maxLifetime) > 0) {
            problems.add("expiresIn", "is longer than the longest lifetime allowed, " + Lifetimes.format(maxLifetime)
                    + " (maxTokenLifetime in config.yaml)");
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Instant expiresAt = lifetime == null ? null : now.plus(lifetime);
        TokenRecord parent = request.parent();
        if (parent != null && parent.expiresAt() != null) { // a token never outlives the token that made it
            if (request.expiresIn() != null && expiresAt.isAfter(parent.expiresAt())) {
                problems.add("expiresIn", "a token may not outlive token '" + parent.name() + "', which makes it and expires at "
                        + parent.expiresAt());
            }
            expiresAt = expiresAt == null || expiresAt.isAfter(parent.expiresAt()) ? parent.expiresAt() : expiresAt;
        }
        problems.throwIfAny();
        String raw = TokenFormat.generate();
        NewToken token = new NewToken(request.name(), TokenFormat.hash(raw), now, role, request.userName(),
                request.createdBy(), expiresAt, parent == null ? null : parent.id());
        if (!store.create(token)) {
            throw new ConflictException("a token named '" + request.name() + "' already exists; revoke it first or pick another name");
        }
        return raw;
    }

    public List<TokenRecord> list() {
        return store.listActive();
    }

    /** The active tokens that belong to {@code user}. */
    public List<TokenRecord> listOf(String user) {
        return store.listActive().stream().filter(token -> user.equals(token.userName())).toList();
    }

    public Optional<TokenRecord> find(String name) {
        return store.findActive(name);
    }

    /** Revokes the token and the tokens it made (and theirs); false when no active token has that name. */
    public boolean revoke(String name) {
        List<String> revoked = store.revoke(name, clock.instant());
        valid.values().removeIf(entry -> revoked.contains(entry.token.name())); // at once in this process
        return !revoked.isEmpty();
    }

    /** Whether {@code token} has expired now. */
    public boolean isExpired(TokenRecord token) {
        return token.expiresAt() != null && !clock.instant().isBefore(token.expiresAt());
    }

    /** The caller {@code raw} stands for; an {@link UnauthorizedException} when it is unknown, revoked or expired. */
    /**
     * When a valid token stops working by itself (null: never): known without the database once checked, so that a
     * stream of it can end at its expiry while the database is away.
     */
    public Instant expiresAt(String raw) {
        return check(raw).token.expiresAt();
    }

    public Principal authenticate(String raw) {
        Valid checked = check(raw);
        TokenRecord token = checked.token;
        if (isExpired(token)) {
            throw new UnauthorizedException("API token '" + token.name() + "' expired at " + token.expiresAt()
                    + "; create a new one", Reason.EXPIRED);
        }
        List<Set<String>> basis = basis(token, checked.lineage);
        Resolved last = checked.resolved;
        if (last != null && sameSets(last.basis(), basis)) {
            return last.principal(); // nothing it is made of changed: no sets to build on this request
        }
        Set<String> permissions = new HashSet<>(roles.forToken(token.roleName(), token.createdAt()));
        for (TokenLineage.Link link : checked.lineage) {
            if (link.token() != token) { // never more than a token that made it has now (its role may have changed)
                permissions.retainAll(roles.forToken(link.token().roleName(), link.token().createdAt()));
            }
            if (link.userRoles() != null) { // made by its user: never more than the user has now (demotion takes it away)
                permissions.retainAll(roles.union(link.userRoles()));
            }
        }
        Principal principal = last != null && last.principal().permissions().equals(permissions) ? last.principal()
                : new Principal(token.id(), token.name(), token.roleName(), token.userName(), permissions);
        checked.resolved = new Resolved(principal, basis);
        return principal;
    }

    /** A principal and what its permissions were computed from. */
    private record Resolved(Principal principal, List<Set<String>> basis) {
    }

    /**
     * The permission sets a token's permissions are made of, as {@link RolePermissions} caches them (the same set
     * object until a role is read again): its role's, those of the tokens that made it, its users' roles'.
     */
    private List<Set<String>> basis(TokenRecord token, List<TokenLineage.Link> lineage) {
        List<Set<String>> basis = new ArrayList<>(4);
        for (TokenLineage.Link link : lineage) {
            basis.add(roles.forToken(link.token().roleName(), link.token().createdAt()));
            if (link.userRoles() != null) {
                for (String role : link.userRoles()) {
                    basis.add(roles.of(role).orElse(Set.of()));
                }
            }
        }
        return basis;
    }

    private static boolean sameSets(List<Set<String>> a, List<Set<String>> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (a.get(i) != b.get(i)) {
                return false;
            }
        }
        return true;
    }

    /** The longest a token may work (config.yaml's maxTokenLifetime), or null for no limit. */
    public Duration maxLifetime() {
        return maxLifetime;
    }

    public RolePermissions roles() {
        return roles;
    }

    private Valid check(String raw) {
        if (raw == null || !TokenFormat.looksValid(raw)) {
            throw invalid(Reason.MALFORMED);
        }
        String hash = TokenFormat.hash(raw);
        Freshness.Stamp now = freshness.stamp();
        Valid cached = valid.get(hash);
        if (cached != null && freshness.isFresh(cached.checked) && !cached.userDisabledSince(clock.instant())) {
            return cached;
        }
        if (unknown.containsKey(hash)) {
            throw invalid(Reason.UNKNOWN);
        }
        Optional<TokenRecord> found = store.findActiveByHash(hash)
                .filter(record -> MessageDigest.isEqual(record.hash().getBytes(StandardCharsets.US_ASCII),
                        hash.getBytes(StandardCharsets.US_ASCII)));
        if (found.isEmpty()) {
            valid.remove(hash);
            remember(unknown, hash, Boolean.TRUE);
            throw invalid(Reason.UNKNOWN);
        }
        Instant nowInstant = clock.instant();
        List<TokenLineage.Link> lineage = lineages.of(found.get(), nowInstant);
        Instant lastUsed = cached != null && cached.lastUsed != null ? cached.lastUsed : found.get().lastUsedAt();
        if (!isExpired(found.get()) && (lastUsed == null || lastUsed.plus(TOUCH_EVERY).isBefore(nowInstant))) {
            lastUsed = nowInstant;
            touchLater(hash, nowInstant);
        }
        Valid checked = new Valid(found.get(), now, lastUsed, lineage);
        remember(valid, hash, checked);
        return checked;
    }

    /**
     * The refusal of a token that is no token of this server's: one answer whether it has no token's shape
     * ({@link Reason#MALFORMED}) or no active token has it ({@link Reason#UNKNOWN}).
     */
    public static UnauthorizedException invalid(Reason reason) {
        return new UnauthorizedException("invalid API token: it is unknown or has been revoked", reason);
    }

    /** Whether {@code raw} has the shape and checksum of a token (no lookup): what fails it is refused unseen. */
    public static boolean looksLikeToken(String raw) {
        return TokenFormat.looksValid(raw);
    }

    private void touchLater(String hash, Instant when) {
        toucher.execute(() -> {
            try {
                store.touch(hash, when);
            } catch (RuntimeException e) {
                LOG.warn("could not record a token's last use: {}", e.toString());
            }
        });
    }

    private static <V> void remember(Map<String, V> cache, String hash, V value) {
        if (cache.size() >= MAX_CACHED) {
            cache.clear();
        }
        cache.put(hash, value);
    }

    @Override
    public void close() {
        toucher.shutdown();
    }
}
