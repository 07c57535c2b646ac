package dev.fulcrum.app.engine;

import java.text.Normalizer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether a name looks like a secret's: the rule {@link UndeclaredSecrets} applies to every key of every written
 * document. Names are compared by their look, not their code points: case, separators, compatibility forms
 * (full-width, mathematical, circled letters), combining marks, invisible characters, and letters of other scripts
 * that look Latin (Cyrillic, Greek, Armenian, Cherokee, small capitals) do not hide a secret's name. The answers for
 * the names seen are kept (documents repeat the same keys), up to a bound.
 */
final class SecretNames {
    /** Parts of a name, lower case and without separators, that make it look like a secret wherever they are. */
    private static final List<String> MARKERS = List.of("password", "passwd", "passphrase", "secret", "credential",
            "privatekey", "privkey", "sshkey", "accesskey", "apikey", "connectionstring", "connstr", "authheader",
            "authorizationheader", "tokenvalue");
    /** Words that make a name look like a secret wherever they are ({@code DSN_url}, {@code pw_hash}). */
    private static final Set<String> WORDS = Set.of("pw", "pwd", "dsn");
    /** Words that make a name look like a secret when the name ends with them ({@code db_pass}, not {@code passThrough}). */
    private static final Set<String> LAST_WORDS = Set.of("token", "tokens", "pass", "auth", "authorization");
    /** Letters of other scripts that look like Latin ones, as Unicode's confusables list pairs them (pairs of chars). */
    private static final Map<Character, Character> LOOKALIKES = lookalikes(
            // Cyrillic
            "\u0430a\u0432b\u0435e\u043ak\u043cm\u043dh\u043eo\u0440p\u0441c\u0442t\u0443y\u0445x\u0455s\u0456i"
            + "\u0458j\u0501d\u051bq\u051dw\u0410A\u0412B\u0415E\u041aK\u041cM\u041dH\u041eO\u0420P\u0421C"
            + "\u0422T\u0425X\u0405S\u0406I\u0408J"
            // Greek
            + "\u03b1a\u03bfo\u03c1p\u03b5e\u03bak\u03bdv\u03c4t\u03c5u\u03b9i\u0391A\u0392B\u0395E\u0396Z\u0397H"
            + "\u0399I\u039aK\u039cM\u039dN\u039fO\u03a1P\u03a4T\u03a5Y\u03a7X"
            // Latin letters of other shapes and small capitals
            + "\u0261g\u0251a\u0252a\u0131i\u0237j\u1d00a\u0299b\u1d04c\u1d05d\u1d07e\u0262g\u029ch\u026ai\u1d0ak"
            + "\u029fl\u1d0dm\u0274n\u1d0fo\u1d18p\u0280r\ua731s\u1d1bt\u1d1cu\u1d20v\u1d21w\u028fy\u1d22z\u2118p"
            // Armenian and Cherokee
            + "\u0585o\u0561w\u0578n\u057ch\u0570h\u0575j\u0566q\u13a0D\u13a1R\u13a2T\u13a9Y\u13aaA\u13abJ\u13acE"
            + "\u13b3W\u13b7M\u13bbH\u13c0G\u13c2h\u13c3Z\u13cfb\u13d2R\u13d5S\u13d9V\u13daS\u13deL\u13dfC\u13e2P"
            + "\u13e6K\u13f4B");
    private static final int MAX_REMEMBERED = 4_096;
    private static final Map<String, Boolean> REMEMBERED = new ConcurrentHashMap<>();

    private SecretNames() {
    }

    /**
     * Whether {@code name} looks like a secret's: {@code aws_access_secrets}, {@code apiToken}, {@code Private-Key},
     * {@code accessKeyId}, {@code db_pass}, {@code connStr}, {@code DSN_url}; {@code token}, {@code pass}, {@code auth}
     * only as the last word, so that {@code tokenizer} and {@code passThrough} are not.
     */
    static boolean looksSecret(String name) {
        Boolean known = REMEMBERED.get(name);
        if (known != null) {
            return known;
        }
        String[] words = words(name);
        String joined = String.join("", words);
        boolean secret = MARKERS.stream().anyMatch(joined::contains) || Arrays.stream(words).anyMatch(WORDS::contains)
                || words.length > 0 && LAST_WORDS.contains(words[words.length - 1]);
        if (REMEMBERED.size() < MAX_REMEMBERED && name.length() <= 200) {
            REMEMBERED.put(name, secret);
        }
        return secret;
    }

    /** The name's look without separators, lower case: {@code securejsondata} for {@code Secure_JSON-data}. */
    static String joined(String name) {
        return String.join("", words(name));
    }

    /** The name's words, lower case: split at separators and where a lower-case letter meets an upper-case one. */
    private static String[] words(String name) {
        String words = skeleton(name).replaceAll("([a-z0-9])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT);
        return Arrays.stream(words.split("[^a-z0-9]+")).filter(word -> !word.isEmpty()).toArray(String[]::new);
    }

    /**
     * The name as it looks: compatibility forms decomposed (full-width letters are letters), combining marks and
     * invisible characters dropped, and letters of other scripts that look Latin made Latin.
     */
    static String skeleton(String name) {
        String folded = Normalizer.normalize(name, Normalizer.Form.NFKD);
        StringBuilder out = new StringBuilder(folded.length());
        folded.codePoints().filter(c -> !invisible(c) && !mark(c)).forEach(c -> {
            Character latin = c <= Character.MAX_VALUE ? LOOKALIKES.get((char) c) : null;
            out.appendCodePoint(latin != null ? latin : c);
        });
        return out.toString();
    }

    /** A control, format (zero-width, direction marks), unassigned or line-separating character. */
    static boolean invisible(int codePoint) {
        int type = Character.getType(codePoint);
        return type == Character.CONTROL || type == Character.FORMAT || type == Character.UNASSIGNED
                || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR;
    }

    private static boolean mark(int codePoint) {
        int type = Character.getType(codePoint);
        return type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK
                || type == Character.COMBINING_SPACING_MARK;
    }

    private static Map<Character, Character> lookalikes(String pairs) {
        Map<Character, Character> map = new HashMap<>();
        for (int i = 0; i < pairs.length(); i += 2) {
            map.put(pairs.charAt(i), pairs.charAt(i + 1));
        }
        return Map.copyOf(map);
    }
}
