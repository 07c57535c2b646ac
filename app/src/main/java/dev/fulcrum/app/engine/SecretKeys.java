package dev.fulcrum.app.engine;

import dev.fulcrum.store.MetaStore;
import java.nio.file.Files;
import java.nio.file.Path;

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
}
