package dev.iptriage.text;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

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
}
