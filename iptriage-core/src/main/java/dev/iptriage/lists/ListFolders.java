package dev.iptriage.lists;

import dev.iptriage.text.UserDirs;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Where lists live when the user names none, found like the databases are: the folders of {@code
 * $IPTRIAGE_LISTS_DIR} (separated like {@code PATH}), else {@code $XDG_DATA_HOME/iptriage/lists} (by default
 * {@code ~/.local/share/iptriage/lists}), which is where {@code lists update} writes. And which files of a
 * folder are lists: every regular file whose name does not start with {@code .} (the updater's state and
 * temporary files) nor end with {@code .previous} (the copy an update keeps), in name order.
 */
public final class ListFolders {
    /** The environment variable naming the lists folders. */
    public static final String ENV = "IPTRIAGE_LISTS_DIR";

    /** The suffix of the copy {@code lists update} keeps of the list it replaced. */
    public static final String PREVIOUS = ".previous";

    private ListFolders() {}

    /** The folders of {@value #ENV}, or none. */
    public static List<Path> envDirs(Map<String, String> env) {
        String v = env.get(ENV);
        return v == null
                ? List.of()
                : Stream.of(v.split(File.pathSeparator))
                        .filter(s -> !s.isBlank())
                        .map(Path::of)
                        .toList();
    }

    /** The per-user lists folder, or null when neither {@code XDG_DATA_HOME} nor {@code HOME} is set. */
    public static Path userDir(Map<String, String> env) {
        Path data = UserDirs.data(env);
        return data == null ? null : data.resolve("iptriage").resolve("lists");
    }

    /** The folders read when no {@code --list} is given: {@value #ENV}'s, else the per-user folder. */
    public static List<Path> defaultDirs(Map<String, String> env) {
        List<Path> dirs = envDirs(env);
        if (!dirs.isEmpty()) {
            return dirs;
        }
        Path user = userDir(env);
        return user == null ? List.of() : List.of(user);
    }

    /** The folder {@code lists update} writes to: the first of {@value #ENV}'s, else the per-user folder. */
    public static Path updateDir(Map<String, String> env) {
        List<Path> dirs = envDirs(env);
        return dirs.isEmpty() ? userDir(env) : dirs.get(0);
    }

    /** Whether a file in a lists folder is read as a list (see the class comment). */
    public static boolean isListFile(Path file) {
        Path name = file.getFileName();
        if (name == null) {
            return false;
        }
        String n = name.toString();
        return !n.startsWith(".") && !n.endsWith(PREVIOUS) && Files.isRegularFile(file);
    }

    /** The list files of {@code dir} in name order (not its subfolders). */
    public static List<Path> files(Path dir) throws IOException {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(ListFolders::isListFile).forEach(out::add);
        }
        out.sort(null);
        return out;
    }
}
