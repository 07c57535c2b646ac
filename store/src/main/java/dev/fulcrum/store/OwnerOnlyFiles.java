package dev.fulcrum.store;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Files and directories that only the server's OS user may use: 0700 directories, 0600 files, whatever the
 * umask (the mode given at creation is masked by it, so each is set again after). On a file system without
 * POSIX permissions these do what they can: create the file or directory.
 */
public final class OwnerOnlyFiles {
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");

    private OwnerOnlyFiles() {
    }

    /**
     * Creates {@code dir} and its missing parents as 0700 directories. Directories that exist are left as they
     * are: one may be a working directory shared with other things, and what Fulcrum puts inside is 0600.
     */
    public static void createDirectories(Path dir) throws IOException {
        Path absolute = dir.toAbsolutePath().normalize();
        List<Path> missing = new ArrayList<>();
        for (Path next = absolute; next != null && !Files.exists(next); next = next.getParent()) {
            missing.add(0, next);
        }
        for (Path each : missing) {
            try {
                Files.createDirectory(each, attribute(DIRECTORY));
                restrict(each, DIRECTORY);
            } catch (FileAlreadyExistsException e) {
                // another process made it meanwhile: not ours to change
            }
        }
    }

    /** Makes an existing file 0600, such as one that H2 created under the process's umask. */
    public static void restrict(Path file) throws IOException {
        restrict(file, FILE);
    }

    /** Opens {@code file} for appending, creating it 0600 (and its directory 0700) if needed, and makes it 0600. */
    public static OutputStream append(Path file) throws IOException {
        Path absolute = file.toAbsolutePath();
        createDirectories(absolute.getParent());
        OutputStream out = Channels.newOutputStream(Files.newByteChannel(absolute, Set.of(StandardOpenOption.CREATE,
                StandardOpenOption.APPEND, StandardOpenOption.WRITE), attribute(FILE)));
        restrict(absolute);
        return out;
    }

    /**
     * Writes {@code content} to {@code file} as a 0600 file, through a temporary file in the same directory, so
     * the file never exists with other modes or half written; {@code replace} false keeps a file that exists.
     *
     * @return false when the file existed and {@code replace} was false
     */
    public static boolean write(Path file, byte[] content, boolean replace) throws IOException {
        Path absolute = file.toAbsolutePath();
        createDirectories(absolute.getParent());
        Path temp = Files.createTempFile(absolute.getParent(), "." + absolute.getFileName(), ".tmp", attribute(FILE));
        try {
            restrict(temp);
            Files.write(temp, content, StandardOpenOption.SYNC);
            if (replace) {
                Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } else {
                Files.move(temp, absolute); // never replaces a file another process just wrote
            }
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Creates an empty 0600 file in {@code dir} (which must exist) whose name starts with {@code prefix}. */
    public static Path createTemp(Path dir, String prefix) throws IOException {
        Path temp = Files.createTempFile(dir, prefix, ".tmp", attribute(FILE));
        restrict(temp);
        return temp;
    }

    /** The attributes that create a file 0600 (none where the file system has no POSIX modes). */
    public static FileAttribute<?>[] ownerOnly() {
        return attribute(FILE);
    }

    /**
     * Refuses a directory that others may write without the sticky bit: any of them could replace or point elsewhere
     * what is written there (a backup, with the whole database in it). {@code /tmp} (sticky) is fine.
     */
    public static void requireNotOpenToOthers(Path dir) throws IOException {
        if (!posix(dir)) {
            return;
        }
        Set<PosixFilePermission> mode = Files.getPosixFilePermissions(dir);
        boolean othersWrite = mode.contains(PosixFilePermission.OTHERS_WRITE) || mode.contains(PosixFilePermission.GROUP_WRITE);
        if (othersWrite && !sticky(dir)) {
            throw new IOException(dir + " may be written by others (" + PosixFilePermissions.toString(mode)
                    + ", no sticky bit), who could replace the file; write it in a directory only you may write");
        }
    }

    private static boolean sticky(Path dir) throws IOException {
        Object mode = Files.getAttribute(dir, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        return mode instanceof Integer bits && (bits & 01000) != 0;
    }

    /** The mode of {@code path} (such as {@code rw-r--r--}) when its group or others have any permission on it. */
    public static Optional<String> openToOthers(Path path) throws IOException {
        if (!posix(path)) {
            return Optional.empty();
        }
        String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
        return mode.endsWith("------") ? Optional.empty() : Optional.of(mode);
    }

    private static void restrict(Path path, Set<PosixFilePermission> permissions) throws IOException {
        if (posix(path)) {
            Files.setPosixFilePermissions(path, permissions);
        }
    }

    private static FileAttribute<?>[] attribute(Set<PosixFilePermission> permissions) {
        return posix(Path.of("")) ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(permissions)}
                : new FileAttribute<?>[0];
    }

    private static boolean posix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
