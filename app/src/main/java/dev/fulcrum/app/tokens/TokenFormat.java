package dev.fulcrum.app.tokens;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.zip.CRC32;

/**
 * Raw API tokens: {@code fulcrum_} + 256 random bits in base62 + a 6-character base62 CRC32 of them,
 * so secret scanners can recognise a leaked token and reject look-alikes without asking the server.
 */
final class TokenFormat {
    static final String PREFIX = "fulcrum_";
    private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final int BODY_LENGTH = 43; // 62^43 > 2^256
    private static final int CHECKSUM_LENGTH = 6;
    private static final SecureRandom RANDOM = new SecureRandom();

    private TokenFormat() {
    }

    static String generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String body = base62(new BigInteger(1, bytes), BODY_LENGTH);
        return PREFIX + body + checksum(body);
    }

    /** True when {@code raw} has the shape and checksum of a token this server could have made. */
    static boolean looksValid(String raw) {
        if (raw.length() != PREFIX.length() + BODY_LENGTH + CHECKSUM_LENGTH || !raw.startsWith(PREFIX)) {
            return false;
        }
        String body = raw.substring(PREFIX.length(), PREFIX.length() + BODY_LENGTH);
        for (int i = 0; i < body.length(); i++) {
            if (ALPHABET.indexOf(body.charAt(i)) < 0) {
                return false;
            }
        }
        return raw.endsWith(checksum(body));
    }

    /** SHA-256 of the raw token, in hex: what is stored. A fast hash is right for 256 random bits. */
    static String hash(String raw) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(raw.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String checksum(String body) {
        CRC32 crc = new CRC32();
        crc.update(body.getBytes(StandardCharsets.US_ASCII));
        long value = crc.getValue(); // checked on every request: plain long arithmetic, not BigInteger
        char[] out = new char[CHECKSUM_LENGTH];
        for (int i = CHECKSUM_LENGTH - 1; i >= 0; i--) {
            out[i] = ALPHABET.charAt((int) (value % ALPHABET.length()));
            value /= ALPHABET.length();
        }
        return new String(out);
    }

    private static String base62(BigInteger value, int length) {
        char[] out = new char[length];
        BigInteger base = BigInteger.valueOf(ALPHABET.length());
        for (int i = length - 1; i >= 0; i--) {
            BigInteger[] division = value.divideAndRemainder(base);
            out[i] = ALPHABET.charAt(division[1].intValue());
            value = division[0];
        }
        return new String(out);
    }
}
