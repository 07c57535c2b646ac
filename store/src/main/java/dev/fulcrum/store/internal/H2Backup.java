package dev.fulcrum.store.internal;

import dev.fulcrum.store.OwnerOnlyFiles;
import dev.fulcrum.store.StoreUnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Set;
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
        if (target.startsWith(file.getParent())) {
            throw new IllegalArgumentException("the backup cannot be written into the store's own directory, "
                    + file.getParent() + ": give --out a path outside it");
        }
        Path h2Zip = null;
        Path packed = null;
        try {
            OwnerOnlyFiles.createDirectories(target.getParent());
            OwnerOnlyFiles.requireNotOpenToOthers(target.getParent());
            h2Zip = writableByDatabaseOwner(OwnerOnlyFiles.createTemp(file.getParent(), ".backup-"), dataFile);
            backupTo(file, configuredUser, configuredPassword, h2Zip);
            packed = target.resolveSibling("." + target.getFileName() + "-" + System.nanoTime() + ".tmp");
            Object written = pack(h2Zip, H2Access.credentialsFile(file), packed);
            Files.move(packed, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            BasicFileAttributes placed = Files.readAttributes(target, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!placed.isRegularFile() || written != null && !written.equals(placed.fileKey())) {
                throw new IOException("the file written was replaced before it took its place; check who may write "
                        + target.getParent());
            }
            return placed.size();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the backup " + target + ": " + e.getMessage(), e);
        } finally {
            deleteQuietly(h2Zip);
            deleteQuietly(packed);
        }
    }

    private static void backupTo(Path file, String configuredUser, String configuredPassword, Path zip) {
        try (H2Access.Logins logins = H2Access.prepare(file, configuredUser, configuredPassword);
             Connection admin = H2Connections.open(logins.adminUrl(), logins.adminUser(), logins.adminPassword());
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

    /**
     * H2's entries (the {@code .mv.db} file), then the credentials file when the database has one, into a new file
     * {@code packed} made 0600 and written through the one descriptor that created it (never opened again by its
     * name, which another user of the directory could point elsewhere meanwhile); answers the file's key.
     */
    private static Object pack(Path h2Zip, Path credentials, Path packed) throws IOException {
        try (FileChannel channel = FileChannel.open(packed, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                OwnerOnlyFiles.ownerOnly());
             ZipOutputStream zip = new ZipOutputStream(Channels.newOutputStream(channel))) {
            Object key = Files.readAttributes(packed, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
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
            channel.force(true); // on disk before it takes the place of the previous backup
            return key;
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
