package dev.fulcrum.store.internal;

import dev.fulcrum.store.OwnerOnlyFiles;
import dev.fulcrum.store.StoreUnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * {@code fulcrum backup}: H2's {@code BACKUP TO}, run as the database's admin. Beside a running server the statement
 * goes through H2's AUTO_SERVER port (127.0.0.1 only, the admin's password from the owner-only credentials file), so
 * the server's process copies its own file, consistently while it writes; no other way into the database is opened.
 * H2 writes its zip into the database's own directory (which the server may write, and nobody else may read); it is
 * then copied with the credentials file into the backup, a 0600 file put in place whole.
 */
public final class H2Backup {
    private H2Backup() {
    }

    public static long write(Path database, String configuredUser, String configuredPassword, Path out) {
        Path file = database.toAbsolutePath().normalize();
        Path dataFile = file.resolveSibling(file.getFileName() + ".mv.db");
        if (!Files.isRegularFile(dataFile)) {
            throw new StoreUnavailableException("there is no H2 database at " + dataFile, null);
        }
        Path target = out.toAbsolutePath().normalize();
        Path h2Zip = null;
        Path packed = null;
        try {
            OwnerOnlyFiles.createDirectories(target.getParent());
            h2Zip = writableByDatabaseOwner(OwnerOnlyFiles.createTemp(file.getParent(), ".backup-"), dataFile);
            backupTo(file, configuredUser, configuredPassword, h2Zip);
            packed = OwnerOnlyFiles.createTemp(target.getParent(), "." + target.getFileName() + "-");
            pack(h2Zip, H2Access.credentialsFile(file), packed);
            Files.move(packed, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return Files.size(target);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the backup " + target + ": " + e.getMessage(), e);
        } finally {
            deleteQuietly(h2Zip);
            deleteQuietly(packed);
        }
    }

    private static void backupTo(Path file, String configuredUser, String configuredPassword, Path zip) {
        try (H2Access.Logins logins = H2Access.prepare(file, configuredUser, configuredPassword);
             Connection admin = DriverManager.getConnection(logins.adminUrl(), logins.adminUser(), logins.adminPassword());
             PreparedStatement backup = admin.prepareStatement("BACKUP TO ?")) {
            backup.setString(1, zip.toString());
            backup.execute();
        } catch (SQLException e) {
            throw new StoreUnavailableException("the backup of " + file + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * Run as root beside a server run by its own user, the file H2 is to write must be that user's: H2 truncates it
     * and keeps its mode, so the backup is never readable by others, not even while it is written.
     */
    private static Path writableByDatabaseOwner(Path temp, Path dataFile) throws IOException {
        UserPrincipal owner = Files.getOwner(dataFile);
        if (!owner.equals(Files.getOwner(temp))) {
            Files.setOwner(temp, owner);
        }
        return temp;
    }

    /** H2's entries (the {@code .mv.db} file), then the credentials file when the database has one. */
    private static void pack(Path h2Zip, Path credentials, Path packed) throws IOException {
        try (OutputStream file = Files.newOutputStream(packed); ZipOutputStream zip = new ZipOutputStream(file)) {
            try (ZipInputStream in = new ZipInputStream(Files.newInputStream(h2Zip))) {
                for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                    zip.putNextEntry(new ZipEntry(entry.getName()));
                    in.transferTo(zip);
                    zip.closeEntry();
                }
            }
            if (Files.isRegularFile(credentials)) {
                zip.putNextEntry(new ZipEntry(credentials.getFileName().toString()));
                try (InputStream in = Files.newInputStream(credentials)) {
                    in.transferTo(zip);
                }
                zip.closeEntry();
            }
            zip.finish();
        }
        try (FileChannel channel = FileChannel.open(packed, StandardOpenOption.WRITE)) {
            channel.force(true); // on disk before it takes the place of the previous backup
        }
    }

    static void deleteQuietly(Path path) {
        if (path != null) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException e) {
                // left behind 0600, like the backup itself
            }
        }
    }
}
