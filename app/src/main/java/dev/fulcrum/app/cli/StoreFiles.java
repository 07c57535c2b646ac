package dev.fulcrum.app.cli;

import dev.fulcrum.app.config.FulcrumConfig;

/** What the commands that handle the store's files (backup, restore-backup) need of the configuration. */
final class StoreFiles {
    private StoreFiles() {
    }

    static void requireH2(FulcrumConfig settings, String command) {
        if (!"h2".equals(settings.stateStore.type)) {
            throw new IllegalStateException(command + " is for the embedded H2 store; this configuration's stateStore.type"
                    + " is " + settings.stateStore.type + ": back PostgreSQL up with pg_dump (see the README, Backups)");
        }
    }
}
