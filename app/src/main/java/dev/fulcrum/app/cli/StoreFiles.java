package dev.fulcrum.app.cli;

import dev.fulcrum.app.config.FulcrumConfig;
import java.nio.file.Path;

/** What the commands that handle the store's files (backup, restore-backup) need of the configuration. */
final class StoreFiles {
    private StoreFiles() {
    }

    /** The H2 database {@code settings} name, for {@code command}; refused for another store. */
    static Path h2Database(FulcrumConfig settings, String command) {
        if (!"h2".equals(settings.stateStore.type)) {
            throw new IllegalStateException(command + " is for the embedded H2 store; this configuration's stateStore.type"
                    + " is " + settings.stateStore.type + ": back PostgreSQL up with pg_dump (see the README, Backups)");
        }
        return Path.of(settings.stateStore.connection);
    }
}
