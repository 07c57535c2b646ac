package dev.fulcrum.app.tokens;

import dev.fulcrum.model.InvalidException;
import dev.fulcrum.model.Names;
import dev.fulcrum.store.TokenRecord;
import dev.fulcrum.store.TokenStore;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates, checks and revokes API tokens. Checks are cached: a valid token for one second (so a token
 * revoked elsewhere, e.g. by the CLI, stops working within that), an unknown hash for good (256 random
 * bits are never guessed, so an unknown hash can never become valid). Last-used times are written
 * at most once a minute per token, off the request's path.
 */
public final class TokenService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TokenService.class);
    private static final long VALID_TTL_NANOS = Duration.ofSeconds(1).toNanos();
    private static final Duration TOUCH_EVERY = Duration.ofMinutes(1);
    private static final int MAX_CACHED = 10_000;

    private final TokenStore store;
    private final Clock clock;
    private final Map<String, Valid> valid = new ConcurrentHashMap<>();
    private final Map<String, Boolean> unknown = new ConcurrentHashMap<>();
    private final ExecutorService toucher = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "token-last-used");
        thread.setDaemon(true);
        return thread;
    });

    private record Valid(String name, long checkedAtNanos, Instant lastUsed) {
    }

    public TokenService(TokenStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Creates a token and returns the raw value, which exists nowhere else afterwards. */
    public String create(String name) {
        Names.problem(name).ifPresent(problem -> {
            throw new InvalidException("token name " + problem);
        });
        String raw = TokenFormat.generate();
        if (!store.create(name, TokenFormat.hash(raw), clock.instant())) {
            throw new InvalidException("a token named '" + name + "' already exists; revoke it first or pick another name");
        }
        return raw;
    }

    public List<TokenRecord> list() {
        return store.listActive();
    }

    public boolean revoke(String name) {
        return store.revoke(name, clock.instant());
    }

    /** The name of the token {@code raw}, or empty when it is not an active token. */
    public Optional<String> authenticate(String raw) {
        if (raw == null || !TokenFormat.looksValid(raw)) {
            return Optional.empty();
        }
        String hash = TokenFormat.hash(raw);
        long now = System.nanoTime();
        Valid cached = valid.get(hash);
        if (cached != null && now - cached.checkedAtNanos() < VALID_TTL_NANOS) {
            return Optional.of(cached.name());
        }
        if (unknown.containsKey(hash)) {
            return Optional.empty();
        }
        Optional<TokenRecord> found = store.findActiveByHash(hash)
                .filter(record -> MessageDigest.isEqual(record.hash().getBytes(StandardCharsets.US_ASCII),
                        hash.getBytes(StandardCharsets.US_ASCII)));
        if (found.isEmpty()) {
            valid.remove(hash);
            remember(unknown, hash, Boolean.TRUE);
            return Optional.empty();
        }
        Instant lastUsed = cached != null && cached.lastUsed() != null ? cached.lastUsed() : found.get().lastUsedAt();
        Instant nowInstant = clock.instant();
        if (lastUsed == null || lastUsed.plus(TOUCH_EVERY).isBefore(nowInstant)) {
            lastUsed = nowInstant;
            touchLater(hash, nowInstant);
        }
        remember(valid, hash, new Valid(found.get().name(), now, lastUsed));
        return Optional.of(found.get().name());
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
