package dev.fulcrum.app.web;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down password guessing without locking anyone out for good. After a few failed sign-ins for an
 * account (or from an address, which more people may share, so it gets more) each further attempt must
 * wait twice as long as the last, up to a minute; until then attempts are refused without checking the
 * password. A success clears the account's count; a count is forgotten a quarter of an hour after its
 * last failure. So the real user waits at most a minute, and a guesser gets about one try a minute.
 */
final class SignInThrottle {
    static final int FREE_PER_ACCOUNT = 3;
    static final int FREE_PER_ADDRESS = 10;
    private static final long MAX_WAIT_NANOS = Duration.ofMinutes(1).toNanos();
    private static final long FORGET_NANOS = Duration.ofMinutes(15).toNanos();
    private static final int MAX_ENTRIES = 100_000;
    private final Map<String, Failures> failures = new ConcurrentHashMap<>();

    private record Failures(int count, long lastNanos) {
    }

    /** How long the caller must still wait before a sign-in as {@code user} from {@code address} is tried. */
    Duration waitBefore(String user, String address) {
        long now = System.nanoTime();
        long wait = Math.max(remaining(accountKey(user), FREE_PER_ACCOUNT, now), remaining(addressKey(address), FREE_PER_ADDRESS, now));
        return Duration.ofNanos(wait);
    }

    void failed(String user, String address) {
        long now = System.nanoTime();
        if (failures.size() >= MAX_ENTRIES) {
            failures.values().removeIf(entry -> now - entry.lastNanos() > FORGET_NANOS);
        }
        for (String key : new String[] {accountKey(user), addressKey(address)}) {
            failures.merge(key, new Failures(1, now), (old, fresh) ->
                    new Failures(now - old.lastNanos() > FORGET_NANOS ? 1 : old.count() + 1, now));
        }
    }

    void succeeded(String user) {
        failures.remove(accountKey(user));
    }

    private long remaining(String key, int free, long now) {
        Failures entry = failures.get(key);
        if (entry == null || entry.count() < free || now - entry.lastNanos() > FORGET_NANOS) {
            return 0;
        }
        int doublings = Math.min(entry.count() - free, 20);
        long wait = Math.min(Duration.ofSeconds(1).toNanos() << doublings, MAX_WAIT_NANOS);
        return Math.max(0, entry.lastNanos() + wait - now);
    }

    private static String accountKey(String user) {
        return "user:" + user.toLowerCase(java.util.Locale.ROOT);
    }

    private static String addressKey(String address) {
        return "address:" + address;
    }
}
