package dev.iptriage.text;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The user's base folders by the XDG base directory rules, the one place the databases, the lists and the caches
 * find them: {@link #data} for what the user keeps ({@code db update}, {@code lists update}), {@link #cache} for what
 * can be made again (DNS answers, compiled lists).
 */
public final class UserDirs {
    private UserDirs() {}

    /**
     * The data folder: {@code $XDG_DATA_HOME} when set and not blank, else {@code $HOME/.local/share}; null when
     * neither is set.
     */
    public static Path data(Map<String, String> env) {
        String xdg = env.get("XDG_DATA_HOME");
        String home = env.get("HOME");
        if (xdg != null && !xdg.isBlank()) {
            return Path.of(xdg);
        }
        if (home != null && !home.isBlank()) {
            return Path.of(home, ".local", "share");
        }
        return null;
    }

    /**
     * The cache folder: {@code $XDG_CACHE_HOME} when set and absolute (a relative one is ignored, as the XDG base
     * directory specification says), else {@code <userHome>/.cache}.
     */
    public static Path cache(Map<String, String> env, String userHome) {
        Objects.requireNonNull(userHome, "userHome");
        String xdg = env.get("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isEmpty()) {
            try {
                Path base = Path.of(xdg);
                if (base.isAbsolute()) {
                    return base;
                }
            } catch (InvalidPathException e) {
                // not a path of this file system: as if unset
            }
        }
        return Path.of(userHome, ".cache");
    }

    /**
     * Creates the missing folders of {@code file} and the file itself, owner-only where the file system has POSIX
     * permissions (a cache of the addresses a user looked up is theirs alone); an existing file or folder is left as
     * it is, and so is a file another process creates meanwhile.
     *
     * @throws IOException as {@link Files#createDirectories} and {@link Files#createFile} throw it
     */
    public static void createPrivate(Path file) throws IOException {
        boolean posix = file.getFileSystem().supportedFileAttributeViews().contains("posix");
        Path folder = file.getParent();
        if (folder != null && !Files.isDirectory(folder)) {
            if (posix) {
                Files.createDirectories(folder, PosixFilePermissions.asFileAttribute(OWNER_FOLDER));
            } else {
                Files.createDirectories(folder);
            }
        }
        if (!Files.exists(file)) {
            FileAttribute<?>[] attributes = posix
                    ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_FILE)}
                    : new FileAttribute<?>[0];
            try {
                Files.createFile(file, attributes);
            } catch (FileAlreadyExistsException e) {
                if (!Files.exists(file)) {
                    throw e; // a dangling link, say: not another process's new file
                }
            }
        }
    }

    private static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_FOLDER = PosixFilePermissions.fromString("rwx------");
}
