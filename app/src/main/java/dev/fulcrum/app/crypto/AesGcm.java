package dev.fulcrum.app.crypto;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/** AES-GCM with a random 96-bit nonce in front of the ciphertext, for {@link SecretBox} and {@link PassphraseBox}. */
final class AesGcm {
    static final int NONCE_BYTES = 12;
    static final SecureRandom RANDOM = new SecureRandom();

    private AesGcm() {
    }

    /** The nonce followed by the ciphertext and its tag; {@code associated} (may be null) is authenticated too. */
    static byte[] encrypt(SecretKey key, byte[] plain, byte[] associated) throws GeneralSecurityException {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
        if (associated != null) {
            cipher.updateAAD(associated);
        }
        byte[] sealed = cipher.doFinal(plain);
        byte[] out = new byte[NONCE_BYTES + sealed.length];
        System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
        System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
        return out;
    }

    /** Opens what {@link #encrypt} made; throws when the key, the data or {@code associated} differ. */
    static byte[] decrypt(SecretKey key, byte[] in, byte[] associated) throws GeneralSecurityException {
        if (in.length < NONCE_BYTES + 16) {
            throw new AEADBadTagException("too short");
        }
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, in, 0, NONCE_BYTES));
        if (associated != null) {
            cipher.updateAAD(associated);
        }
        return cipher.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES);
    }
}
