package dev.fulcrum.app.crypto;

import dev.fulcrum.store.MetaStore;
import dev.fulcrum.store.OwnerOnlyFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.LoggerFactory;

/**
 * Loads the secret key and makes sure it is the key this database's secrets were sealed with: a
 * missing or changed key file stops the start with a clear message, instead of garbage later.
 */
public final class SecretKeys {
    private static final String CHECK = "secret-key-check";
    private static final String CANARY = "fulcrum secret key check";

    private SecretKeys() {
    }

    public static SecretBox load(Path keyFile, MetaStore meta) {
        String check = meta.get(CHECK).orElse(null);
        if (check != null && !Files.exists(keyFile)) {
            throw new IllegalStateException("secretKeyFile " + keyFile + " is missing, but this database holds secrets"
                    + " sealed with another key; restore the original key file (a new key cannot read them)");
        }
        SecretBox box = SecretBox.fromKeyFile(keyFile);
        warnIfOpenToOthers(keyFile);
        String sealed = check != null ? check : meta.putIfAbsent(CHECK, box.seal(CANARY));
        try {
            if (!CANARY.equals(box.open(sealed))) {
                throw new IllegalStateException("the key check of secretKeyFile " + keyFile + " failed");
            }
        } catch (IllegalStateException e) {
            throw new IllegalStateException("secretKeyFile " + keyFile + " is not the key this database's secrets were"
                    + " sealed with: " + e.getMessage(), e);
        }
        return box;
    }

    /** Fulcrum makes the key file 0600; one given to it (a copy, a mounted secret) is not changed, only named. */
    private static void warnIfOpenToOthers(Path keyFile) {
        try {
            OwnerOnlyFiles.openToOthers(keyFile).ifPresent(mode -> LoggerFactory.getLogger(SecretKeys.class).warn(
                    "secretKeyFile {} is open to other users ({}): chmod 600 it", keyFile, mode));
        } catch (IOException e) {
            LoggerFactory.getLogger(SecretKeys.class).warn("cannot read the mode of {}: {}", keyFile, e.getMessage());
        }
    }
}
