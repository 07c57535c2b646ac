package dev.fulcrum.store;

import dev.fulcrum.store.internal.H2Backup;
import dev.fulcrum.store.internal.H2Restore;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Backups of the embedded H2 store: one zip file holding the database (as H2's {@code BACKUP TO} copies it, consistent
 * while a server writes to it) and the credentials file without which it cannot be opened.
 */
public final class H2Backups {
    private H2Backups() {
    }

    /**
     * Writes a backup of the database {@code database} (a path without {@code .mv.db}) to {@code out}, a 0600 file that
     * never exists half written, replacing one that exists. Works beside a running server (through H2's AUTO_SERVER
     * port, where the server's process makes the copy) and without one.
     *
     * @return the size of the backup in bytes
     */
    public static long backup(Path database, String configuredUser, String configuredPassword, Path out) {
        return H2Backup.write(database, configuredUser, configuredPassword, out);
    }

    /**
     * Puts the backup {@code backup} in place of the database {@code database}, which no process may have open
     * (else {@link StoreInUseException}, and nothing changes). The files it replaces are moved, not deleted.
     *
     * @return the directory the replaced files were moved to, empty when there were none
     */
    public static Optional<Path> restore(Path backup, Path database) {
        return H2Restore.restore(backup, database);
    }
}
