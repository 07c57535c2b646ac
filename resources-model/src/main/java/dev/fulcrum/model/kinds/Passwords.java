package dev.fulcrum.model.kinds;

import de.mkammerer.argon2.Argon2;
import de.mkammerer.argon2.Argon2Factory;
import java.text.Normalizer;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Argon2id password hashes: 3 passes over 19 MiB with one lane (OWASP's floor is 2 passes over 19 MiB),
 * which took a median 31 ms on the project's 2-core machine; 64 MiB took 116 ms, over the 100 ms budget.
 */
public final class Passwords {
    public static final int MIN_LENGTH = 12;
    /** The longest password accepted, in UTF-8 bytes; a longer one is refused before it is copied or hashed. */
    public static final int MAX_BYTES = 1024;
    static final int ITERATIONS = 3;
    static final int MEMORY_KIB = 19 * 1024;
    static final int PARALLELISM = 1;
    /** The parameters of this server's hashes, as an encoded hash spells them. */
    static final String PARAMETERS = "v=19$m=" + MEMORY_KIB + ",t=" + ITERATIONS + ",p=" + PARALLELISM;
    private static final Pattern SHAPE = Pattern.compile(
            "\\$argon2id\\$v=(\\d+)\\$m=(\\d+),t=(\\d+),p=(\\d+)\\$[A-Za-z0-9+/]+\\$[A-Za-z0-9+/]+");
    private static final Argon2 ARGON2 = Argon2Factory.create(Argon2Factory.Argon2Types.ARGON2id);
    /** Each hash takes 19 MiB of native memory: at most two per core at once, so a flood cannot exhaust it. */
    private static final int MAX_IN_FLIGHT = 2 * Runtime.getRuntime().availableProcessors();
    private static final Semaphore SLOTS = new Semaphore(MAX_IN_FLIGHT, true);
    /** A hash of a random password, verified against when the user is unknown so both take the same time. */
    private static final String DECOY = hash(UUID.randomUUID().toString());

    private Passwords() {
    }

    /** A new Argon2id hash of {@code password} with this server's parameters. */
    public static String hash(String password) {
        char[] chars = normalized(password);
        SLOTS.acquireUninterruptibly();
        try {
            return ARGON2.hash(ITERATIONS, MEMORY_KIB, PARALLELISM, chars);
        } finally {
            SLOTS.release();
            ARGON2.wipeArray(chars);
        }
    }

    /** How many hashes (made or checked) run now, at most two per core; for the server's metrics. */
    public static int hashesInFlight() {
        return MAX_IN_FLIGHT - SLOTS.availablePermits();
    }

    /** How many hashes wait for one of those slots now; for the server's metrics. */
    public static int hashesWaiting() {
        return SLOTS.getQueueLength();
    }

    /** Whether {@code password} is longer than {@link #MAX_BYTES} in UTF-8, counted without encoding it. */
    public static boolean isTooLong(String password) {
        long bytes = 0;
        for (int i = 0; i < password.length() && bytes <= MAX_BYTES; i++) {
            char c = password.charAt(i);
            bytes += c < 0x80 ? 1 : c < 0x800 || Character.isSurrogate(c) ? 2 : 3;
        }
        return bytes > MAX_BYTES;
    }

    /** Whether {@code text} looks like an encoded Argon2id hash, as {@link #hash} writes them. */
    public static boolean isHash(String text) {
        return text.length() < 512 && SHAPE.matcher(text).matches();
    }

    /**
     * Why checking against {@code hash} would cost more than this server's own hashes (more memory, passes or
     * lanes), or null when it costs at most that. A hash chooses its own cost: accepting a costlier one would
     * let every sign-in against it take seconds.
     */
    public static String costProblem(String hash) {
        Matcher parts = SHAPE.matcher(hash);
        if (!parts.matches()) {
            return "is not an Argon2id hash";
        }
        if (!parts.group(1).equals("19") || exceeds(parts.group(2), MEMORY_KIB) || exceeds(parts.group(3), ITERATIONS)
                || exceeds(parts.group(4), PARALLELISM)) {
            return "costs more than this server's own Argon2id parameters allow (" + PARAMETERS
                    + "); hashes with those parameters or cheaper ones are accepted";
        }
        return null;
    }

    /** Whether {@code hash} was made with other parameters than this server's, so that it should be made again. */
    public static boolean needsRehash(String hash) {
        return hash != null && !hash.startsWith("$argon2id$" + PARAMETERS + "$");
    }

    private static boolean exceeds(String value, int limit) {
        return value.length() > 9 || Integer.parseInt(value) > limit;
    }

    /** NFC, so the same password typed on systems that compose accents differently still matches. */
    private static char[] normalized(String password) {
        return Normalizer.normalize(password, Normalizer.Form.NFC).toCharArray();
    }

    /**
     * Checks {@code password} against {@code hash}, or against a decoy when there is no hash, in the same time. A
     * hash costlier than this server's (which no write accepts any more) is never computed: it never matches.
     */
    public static boolean verify(String hash, String password) {
        char[] chars = normalized(password);
        boolean usable = hash != null && costProblem(hash) == null;
        SLOTS.acquireUninterruptibly();
        try {
            boolean matches = ARGON2.verify(usable ? hash : DECOY, chars);
            return usable && matches;
        } finally {
            SLOTS.release();
            ARGON2.wipeArray(chars);
        }
    }
}
