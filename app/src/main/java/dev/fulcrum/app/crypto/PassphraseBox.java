package dev.fulcrum.app.crypto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fulcrum.app.Json;
import dev.fulcrum.model.BusyException;
import dev.fulcrum.model.InvalidException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.text.Normalizer;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.Semaphore;
import javax.crypto.AEADBadTagException;
import javax.crypto.SecretKey;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts a bundle's secrets under a passphrase: AES-256-GCM with a key from PBKDF2-HMAC-SHA256 over a
 * random 16-byte salt, both fresh for every export. The envelope names its algorithms and holds the salt and
 * the iteration count, so a later Fulcrum can raise the count and still open older bundles.
 */
public final class PassphraseBox {
    public static final int MIN_PASSPHRASE = 12;
    private static final int MAX_PASSPHRASE = 1024;
    /** OWASP's 2023 figure for PBKDF2-HMAC-SHA256; about half a second on the project's 2-core machine. */
    static final int ITERATIONS = 600_000;
    /**
     * Bounds on what a bundle may ask for: fewer is too weak to accept; more than this server's own count would
     * let an importer spend the server's CPU at will (10,000,000 were about 3 s a request).
     */
    private static final int MIN_ITERATIONS = 100_000;
    private static final int MAX_ITERATIONS = ITERATIONS;
    /**
     * Derivations that may run at once; on a small machine each takes a core. Imports (which any ManageX caller
     * may send) take at most one of them, so that a caller who keeps sending imports with secrets cannot keep an
     * administrator from exporting; exports may take both.
     */
    static final int MAX_PARALLEL_DERIVATIONS = 2;
    private final Semaphore derivations = new Semaphore(MAX_PARALLEL_DERIVATIONS);
    private final Semaphore importDerivations = new Semaphore(1);
    private static final String CIPHER = "AES-256-GCM";
    private static final String KDF = "PBKDF2-HMAC-SHA256";
    private static final byte[] CONTEXT = "fulcrumBundle:1:secrets".getBytes(StandardCharsets.US_ASCII);

    /**
     * One per server (its bundle handler's, shared by its exports and imports; a command of the CLI has its own): the
     * derivations it bounds are the server's process's CPU, and the test suite runs several servers in one JVM, whose
     * exports must not refuse each other's.
     */
    public PassphraseBox() {
    }

    /** Refuses a passphrase that is too short (or absurdly long) to seal secrets with. */
    public static void checkPassphrase(String passphrase) {
        if (passphrase == null || passphrase.isBlank()) {
            throw new InvalidException("a passphrase is required to export secrets; they are encrypted under it");
        }
        if (passphrase.length() < MIN_PASSPHRASE || passphrase.length() > MAX_PASSPHRASE) {
            throw new InvalidException("the passphrase must have " + MIN_PASSPHRASE + " to " + MAX_PASSPHRASE
                    + " characters; it has " + passphrase.length());
        }
    }

    /** The envelope of {@code plain} sealed under {@code passphrase}. */
    public ObjectNode seal(String plain, String passphrase) {
        checkPassphrase(passphrase);
        byte[] salt = new byte[16];
        AesGcm.RANDOM.nextBytes(salt);
        try {
            byte[] data = AesGcm.encrypt(key(null, "", passphrase, salt, ITERATIONS), plain.getBytes(StandardCharsets.UTF_8), CONTEXT);
            ObjectNode envelope = Json.MAPPER.createObjectNode();
            envelope.put("cipher", CIPHER).put("kdf", KDF).put("iterations", ITERATIONS)
                    .put("salt", Base64.getEncoder().encodeToString(salt))
                    .put("data", Base64.getEncoder().encodeToString(data));
            return envelope;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("encrypting the bundle's secrets failed", e);
        }
    }

    /** The plain text of an envelope; a malformed envelope or another passphrase is an {@link InvalidException}. */
    public String open(JsonNode envelope, String passphrase) {
        if (passphrase == null || passphrase.isEmpty()) {
            throw new InvalidException("this bundle carries encrypted secrets: give the passphrase it was exported with");
        }
        if (!(envelope instanceof ObjectNode)
                || !CIPHER.equals(envelope.path("cipher").asText()) || !KDF.equals(envelope.path("kdf").asText())
                || !envelope.path("iterations").canConvertToInt() || !envelope.path("iterations").isIntegralNumber()
                || !envelope.path("salt").isTextual() || !envelope.path("data").isTextual() || envelope.size() != 5) {
            throw new InvalidException("the bundle's secrets must be {\"cipher\": \"" + CIPHER + "\", \"kdf\": \"" + KDF
                    + "\", \"iterations\": <number>, \"salt\": \"<base64>\", \"data\": \"<base64>\"}, as Fulcrum exports them");
        }
        int iterations = envelope.get("iterations").intValue();
        if (iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) {
            throw new InvalidException("the bundle's secrets ask for " + iterations + " PBKDF2 iterations; accepted: "
                    + MIN_ITERATIONS + " to " + MAX_ITERATIONS);
        }
        byte[] salt;
        byte[] data;
        try {
            salt = Base64.getDecoder().decode(envelope.get("salt").asText());
            data = Base64.getDecoder().decode(envelope.get("data").asText());
        } catch (IllegalArgumentException e) {
            throw new InvalidException("the bundle's secrets are not valid base64");
        }
        if (salt.length < 16) {
            throw new InvalidException("the bundle's secrets have a salt shorter than 16 bytes");
        }
        try {
            return new String(AesGcm.decrypt(key(importDerivations, " for imports", passphrase, salt, iterations), data, CONTEXT), StandardCharsets.UTF_8);
        } catch (AEADBadTagException e) {
            throw new InvalidException("the passphrase does not open this bundle's secrets: it is not the one the"
                    + " bundle was exported with, or the secrets were changed");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("decrypting the bundle's secrets failed", e);
        }
    }

    /**
     * Derives the key in one of the {@link #derivations} (and of {@code share}, when not null); when they are all
     * taken, refuses at once with a 503 rather than queue (a queue of costly requests is what a flood builds).
     */

    private SecretKey key(Semaphore share, String use, String passphrase, byte[] salt, int iterations)
            throws GeneralSecurityException {
        if (share != null && !share.tryAcquire()) {
            throw busy(use);
        }
        if (!derivations.tryAcquire()) {
            if (share != null) {
                share.release();
            }
            throw busy(use);
        }
        char[] chars = Normalizer.normalize(passphrase, Normalizer.Form.NFC).toCharArray();
        PBEKeySpec spec = new PBEKeySpec(chars, salt, iterations, 256);
        try {
            byte[] key = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
            return new SecretKeySpec(key, "AES");
        } finally {
            derivations.release();
            if (share != null) {
                share.release();
            }
            spec.clearPassword();
            Arrays.fill(chars, '\0');
        }
    }

    private static BusyException busy(String use) {
        return new BusyException("the server is deriving passphrase keys" + use + " already (each costs about half a second"
                + " of CPU); nothing was done, try again in a second", 1);
    }
}
