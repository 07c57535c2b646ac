package dev.fulcrum.app.crypto;

import dev.fulcrum.store.OwnerOnlyFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts secrets at rest with AES-256-GCM under the key in {@code secretKeyFile}.
 * Sealed text is {@code v1:<key id>:<base64 of nonce and ciphertext>}; the key id makes a changed key
 * a clear error instead of garbage.
 */
public final class SecretBox {
    private static final String PREFIX = "v1:";
    private final SecretKey key;
    private final String keyId;

    private SecretBox(byte[] keyBytes) {
        this.key = new SecretKeySpec(keyBytes, "AES");
        this.keyId = keyIdOf(keyBytes);
    }

    /** Loads the key file, creating it with a new random key (mode 0600) on first start. */
    public static SecretBox fromKeyFile(Path file) {
        try {
            if (!Files.exists(file)) {
                create(file);
            }
            byte[] decoded = Base64.getDecoder().decode(Files.readString(file, StandardCharsets.US_ASCII).trim());
            if (decoded.length != 32) {
                throw new IllegalStateException("secret key file " + file + " does not hold a 256-bit key");
            }
            return new SecretBox(decoded);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("secret key file " + file + " is not valid base64");
        } catch (AccessDeniedException e) {
            throw new IllegalStateException("secret key file " + file + " cannot be read: permission denied");
        } catch (IOException e) {
            throw new IllegalStateException("secret key file " + file + " cannot be used: " + e.getMessage());
        }
    }

    private static void create(Path file) throws IOException {
        byte[] bytes = new byte[32];
        AesGcm.RANDOM.nextBytes(bytes);
        // 0600 in a directory made 0700; never replaces a key another process just created
        OwnerOnlyFiles.write(file, (Base64.getEncoder().encodeToString(bytes) + "\n").getBytes(StandardCharsets.US_ASCII), false);
    }

    public String seal(String plain) {
        try {
            byte[] out = AesGcm.encrypt(key, plain.getBytes(StandardCharsets.UTF_8), null);
            return PREFIX + keyId + ":" + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("encryption failed", e);
        }
    }

    public String open(String sealedText) {
        String[] parts = sealedText.split(":", 3);
        if (parts.length != 3 || !PREFIX.equals(parts[0] + ":")) {
            throw new IllegalStateException("stored secret has an unknown format");
        }
        if (!parts[1].equals(keyId)) {
            throw new IllegalStateException("stored secrets were encrypted with another secret key (key id "
                    + parts[1] + ", this key is " + keyId + "); restore the original secretKeyFile");
        }
        try {
            byte[] in = Base64.getDecoder().decode(parts[2]);
            return new String(AesGcm.decrypt(key, in, null), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("stored secret cannot be decrypted with this secret key");
        }
    }

    private static String keyIdOf(byte[] keyBytes) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(("fulcrum-key-id:" + Base64.getEncoder().encodeToString(keyBytes)).getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(digest, 0, 6);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
