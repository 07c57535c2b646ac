package dev.fulcrum.app.web;

import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Slows down password guessing without locking anyone out for good. Every attempt is counted before its
 * password is checked, in one step with the decision whether it may be checked at all, so parallel guesses
 * cannot all slip through before the first failure is recorded. After a few checked attempts for an account
 * (or from an address, which more people may share, so it gets more) each further check must wait twice as
 * long after the last, up to a minute; until then attempts are refused (and counted) without checking the
 * password. A success clears the account's count and gives the address its attempt back; a count is
 * forgotten a quarter of an hour after its last attempt. So the real user waits at most a minute, and a
 * guesser gets about one check a minute. One throttle serves every door that checks passwords (the sign-in
 * page and the API's verify), so that they share each account's count.
 */
public final class SignInThrottle {
    static final int FREE_PER_ACCOUNT = 3;
    static final int FREE_PER_ADDRESS = 10;
    private static final long MAX_WAIT_NANOS = Duration.ofMinutes(1).toNanos();
    private static final long FORGET_NANOS = Duration.ofMinutes(15).toNanos();
    /**
     * At most this many accounts and addresses are remembered (about 30 MB at worst); when that many are, an
     * attempt by an account or address not among them waits {@link #FULL_WAIT_NANOS} instead of being remembered.
     */
    static final int MAX_ENTRIES = 50_000;
    /** No user name is longer (an e-mail address is at most 254 characters); a longer name gets no count of its own. */
    static final int MAX_NAME_LENGTH = 254;
    private static final long FULL_WAIT_NANOS = Duration.ofSeconds(1).toNanos();
    private static final long PURGE_EVERY_NANOS = Duration.ofSeconds(1).toNanos();
    /** Guarded by this: a decision and its count are one step (a check costs far less than one Argon2 hash). */
    private final Map<String, Attempts> attempts = new HashMap<>();
    private long lastPurgeNanos = System.nanoTime() - PURGE_EVERY_NANOS;

    /** Checked attempts (they set the wait), refused ones (only counted), and when the last was checked. */
    private static final class Attempts {
        int checked;
        long refused;
        long lastCheckedNanos;
        long lastSeenNanos;
    }

    /**
     * Counts an attempt to sign in as {@code user} from {@code address} (the client: an IP address, or another key
     * such as {@code token:<id>} that no address looks like) and answers how long the caller must still
     * wait: zero means the password may be checked now (the attempt is counted as checked), anything else that
     * it must not be (the attempt is counted as refused). Only an address that may try now gets a count for a
     * name it has not tried before, so one client sending new names cannot make the throttle remember more than
     * a few of them (a black-box review filled 170 MB of heap with 21,000 refused names in seconds).
     */
    public synchronized Duration attempt(String user, String address) {
        long now = System.nanoTime();
        Attempts from = remembered(addressKey(address), now, true);
        long wait = from == null ? FULL_WAIT_NANOS : remaining(from, FREE_PER_ADDRESS, now);
        boolean nameMayBeRemembered = wait == 0 && user.length() <= MAX_NAME_LENGTH;
        Attempts account = remembered(accountKey(user), now, nameMayBeRemembered);
        if (account != null) {
            wait = Math.max(wait, remaining(account, FREE_PER_ACCOUNT, now));
        } else if (nameMayBeRemembered) {
            wait = FULL_WAIT_NANOS; // the table is full
        }
        for (Attempts entry : new Attempts[] {account, from}) {
            if (entry == null) {
                continue;
            }
            entry.lastSeenNanos = now;
            if (wait == 0) {
                entry.checked++;
                entry.lastCheckedNanos = now;
            } else {
                entry.refused++;
            }
        }
        return Duration.ofNanos(wait);
    }

    /** How many accounts and addresses are remembered now. */
    synchronized int size() {
        return attempts.size();
    }

    /** The checked attempt was the right password: the account starts afresh, the address gets its attempt back. */
    public synchronized void succeeded(String user, String address) {
        attempts.remove(accountKey(user));
        Attempts from = attempts.get(addressKey(address));
        if (from != null && from.checked > 0) {
            from.checked--;
        }
    }

    /** The live entry of {@code key}; a new one only when {@code mayAdd} and the table has room; else null. */
    private Attempts remembered(String key, long now, boolean mayAdd) {
        Attempts entry = attempts.get(key);
        if (entry != null && now - entry.lastSeenNanos <= FORGET_NANOS) {
            return entry;
        }
        if (entry != null) {
            attempts.remove(key);
        }
        if (!mayAdd) {
            return null;
        }
        if (attempts.size() >= MAX_ENTRIES && now - lastPurgeNanos >= PURGE_EVERY_NANOS) {
            lastPurgeNanos = now;
            attempts.values().removeIf(stale -> now - stale.lastSeenNanos > FORGET_NANOS);
        }
        if (attempts.size() >= MAX_ENTRIES) {
            return null;
        }
        entry = new Attempts();
        attempts.put(key, entry);
        return entry;
    }

    private static long remaining(Attempts entry, int free, long now) {
        if (entry.checked < free) {
            return 0;
        }
        int doublings = Math.min(entry.checked - free, 20);
        long wait = Math.min(Duration.ofSeconds(1).toNanos() << doublings, MAX_WAIT_NANOS);
        return Math.max(0, entry.lastCheckedNanos + wait - now);
    }

    private static String accountKey(String user) {
        return "user:" + user.toLowerCase(Locale.ROOT);
    }

    private static String addressKey(String address) {
        return "address:" + address;
    }
}
