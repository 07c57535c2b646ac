package dev.fulcrum.store.internal;

import dev.fulcrum.store.OwnerOnlyFiles;
import dev.fulcrum.store.StoreInUseException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.UserPrincipal;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.h2.message.DbException;
import org.h2.message.TraceSystem;
import org.h2.store.FileLock;
import org.h2.store.FileLockMethod;

/**
 * {@code fulcrum restore-backup}: the backup's files are unpacked beside the database first (so a damaged backup
 * changes nothing), then, holding H2's own lock file (so no server opens the database meanwhile), the current files
 * are moved into a directory of their own and the backup's take their place.
 */
public final class H2Restore {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

    private H2Restore() {
    }

    public static Optional<Path> restore(Path backup, Path database) {
        Path file = database.toAbsolutePath().normalize();
        String name = file.getFileName().toString();
        Map<Path, Path> unpacked = new LinkedHashMap<>(); // the file in place -> the unpacked backup's
        try {
            OwnerOnlyFiles.createDirectories(file.getParent());
            unpack(backup, file, unpacked);
            FileLock lock = lock(file);
            try {
                refuseIfOpen(file.resolveSibling(name + ".mv.db"));
                Optional<Path> aside = moveAside(file, unpacked.keySet());
                for (Map.Entry<Path, Path> each : unpacked.entrySet()) {
                    Files.move(each.getValue(), each.getKey(), StandardCopyOption.ATOMIC_MOVE);
                }
                return aside;
            } finally {
                lock.unlock();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot restore " + backup + " to " + file + ": " + e.getMessage(), e);
        } finally {
            unpacked.values().forEach(H2Backup::deleteQuietly);
        }
    }

    /** Each entry to a 0600 file beside the database; only a database file and a credentials file, once each. */
    private static void unpack(Path backup, Path file, Map<Path, Path> unpacked) throws IOException {
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(backup))) {
            for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                Path place = placeOf(entry.getName(), file, backup);
                if (unpacked.containsKey(place)) {
                    throw new IllegalArgumentException(backup + " is not a Fulcrum backup: it holds two " + place.getFileName());
                }
                Path temp = OwnerOnlyFiles.createTemp(file.getParent(), ".restore-");
                unpacked.put(place, temp);
                ownedLikeItsDirectory(temp);
                try (OutputStream out = Files.newOutputStream(temp)) { // truncated, keeping its 0600
                    zip.transferTo(out);
                }
                try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                    channel.force(true);
                }
            }
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("no such file: " + backup.toAbsolutePath(), e);
        }
        Path database = unpacked.get(file.resolveSibling(file.getFileName() + ".mv.db"));
        if (database == null) {
            throw new IllegalArgumentException(backup + " is not a Fulcrum backup: it holds no .mv.db database file");
        }
        if (!startsWith(database, H2_FILE_HEADER)) {
            throw new IllegalArgumentException(backup + " is not a Fulcrum backup: its .mv.db is not an H2 database file");
        }
        Path credentials = unpacked.get(file.resolveSibling(file.getFileName() + ".credentials"));
        if (credentials == null || !Files.readString(credentials).contains("password")) {
            throw new IllegalArgumentException(backup + " is not a Fulcrum backup: it holds no credentials file with the"
                    + " database's passwords, without which the database cannot be opened");
        }
    }

    /** How every H2 MVStore file begins: its header block, in text. */
    private static final String H2_FILE_HEADER = "H:2,";

    private static boolean startsWith(Path path, String prefix) throws IOException {
        try (InputStream in = Files.newInputStream(path)) {
            byte[] head = in.readNBytes(prefix.length());
            return new String(head, StandardCharsets.ISO_8859_1).equals(prefix);
        }
    }

    /** Restored by root for a server that runs as its own user: the files must be that user's, as the directory is. */
    private static void ownedLikeItsDirectory(Path temp) throws IOException {
        UserPrincipal owner = Files.getOwner(temp.getParent());
        if (!owner.equals(Files.getOwner(temp))) {
            Files.setOwner(temp, owner);
        }
    }

    private static Path placeOf(String entry, Path file, Path backup) {
        String name = file.getFileName().toString();
        if (!entry.contains("/") && !entry.contains("\\")) {
            if (entry.endsWith(".mv.db")) {
                return file.resolveSibling(name + ".mv.db");
            }
            if (entry.endsWith(".credentials")) {
                return file.resolveSibling(name + ".credentials");
            }
        }
        throw new IllegalArgumentException(backup + " is not a Fulcrum backup: it holds " + entry);
    }

    /** H2's lock file, as H2 itself takes it: refused while a process (or its AUTO_SERVER port) holds the database. */
    private static FileLock lock(Path file) {
        FileLock lock = new FileLock(new TraceSystem(null), file + ".lock.db", 1000);
        try {
            lock.lock(FileLockMethod.FILE);
            return lock;
        } catch (DbException e) {
            throw inUse(file, e);
        }
    }

    /** The file lock H2's store holds while open: also released by a process killed with -9. */
    private static void refuseIfOpen(Path dataFile) throws IOException {
        if (!Files.exists(dataFile)) {
            return;
        }
        try (FileChannel channel = FileChannel.open(dataFile, StandardOpenOption.READ, StandardOpenOption.WRITE);
             var held = channel.tryLock()) {
            if (held == null) {
                throw inUse(dataFile, null);
            }
        } catch (OverlappingFileLockException e) {
            throw inUse(dataFile, e);
        }
    }

    private static StoreInUseException inUse(Path file, Exception cause) {
        return new StoreInUseException(file + " is in use by another process (a running server?): stop it first;"
                + " nothing was changed", cause);
    }

    /** The files of the database being replaced, and its trace file, into {@code <name>.before-restore-<time>/}. */
    private static Optional<Path> moveAside(Path file, Set<Path> replaced) throws IOException {
        List<Path> present = new ArrayList<>();
        for (Path each : replaced) {
            if (Files.exists(each)) {
                present.add(each);
            }
        }
        Path trace = file.resolveSibling(file.getFileName() + ".trace.db");
        if (Files.exists(trace)) {
            present.add(trace);
        }
        if (present.isEmpty()) {
            return Optional.empty();
        }
        Path aside = file.resolveSibling(file.getFileName() + ".before-restore-"
                + LocalDateTime.now(ZoneOffset.UTC).format(STAMP));
        OwnerOnlyFiles.createDirectories(aside);
        for (Path each : present) {
            Files.move(each, aside.resolve(each.getFileName()), StandardCopyOption.ATOMIC_MOVE);
        }
        return Optional.of(aside);
    }
}
