package dev.fulcrum.app.web;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Signed-in sessions of the API tokens page, in memory: a restart signs everyone out, which costs a sign-in,
 * and nothing about a session is ever written to disk or the database. A session ends on sign-out or after
 * the idle timeout. Each has its own CSRF token, which every form carries back.
 */
final class Sessions {
    static final String COOKIE = "fulcrum_session";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int MAX_SESSIONS = 10_000;
    private final long idleNanos;
    private final Map<String, Session> byId = new ConcurrentHashMap<>();

    /** One signed-in user. Only the cookie and the pages carry the id and the CSRF token. */
    static final class Session {
        final String id;
        final String userName;
        /** When the user was created: a later user of the same name is someone else, and not signed in. */
        final Instant userCreatedAt;
        final String csrf;
        private volatile long lastSeenNanos;

        private Session(String id, String userName, Instant userCreatedAt, String csrf, long now) {
            this.id = id;
            this.userName = userName;
            this.userCreatedAt = userCreatedAt;
            this.csrf = csrf;
            this.lastSeenNanos = now;
        }

        /** Whether the form's token is this session's, compared in constant time. */
        boolean csrfMatches(String given) {
            return given != null && MessageDigest.isEqual(csrf.getBytes(StandardCharsets.UTF_8),
                    given.getBytes(StandardCharsets.UTF_8));
        }
    }

    Sessions(Duration idleTimeout) {
        this.idleNanos = idleTimeout.toNanos();
    }

    /** A new session with a fresh id: signing in never reuses one, so a planted id is worth nothing. */
    Session start(String userName, Instant userCreatedAt) {
        long now = System.nanoTime();
        if (byId.size() >= MAX_SESSIONS) {
            byId.values().removeIf(session -> now - session.lastSeenNanos > idleNanos);
        }
        Session session = new Session(random(), userName, userCreatedAt, random(), now);
        byId.put(session.id, session);
        return session;
    }

    /** The live session with this id, which counts as activity; empty when there is none or it sat idle too long. */
    Optional<Session> find(String id) {
        if (id == null) {
            return Optional.empty();
        }
        Session session = byId.get(id);
        long now = System.nanoTime();
        if (session == null) {
            return Optional.empty();
        }
        if (now - session.lastSeenNanos > idleNanos) {
            byId.remove(id);
            return Optional.empty();
        }
        session.lastSeenNanos = now;
        return Optional.of(session);
    }

    void end(String id) {
        if (id != null) {
            byId.remove(id);
        }
    }

    /** 256 random bits, URL-safe. */
    static String random() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
