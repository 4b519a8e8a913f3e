package dev.iptriage.databases;

import dev.iptriage.text.UserDirs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Decides which databases a run uses, in this order of precedence:
 *
 * <ol>
 *   <li>{@code --db FILE} (repeatable; {@code builtin} names the embedded databases), in the order
 *       given: only these are used;
 *   <li>else every {@code .mmdb} in the {@code --db-dir} folders, or in {@code $IPTRIAGE_DB_DIR};
 *   <li>else the usual GeoIP folders ({@link #defaultDirs});
 *   <li>else the embedded country + ASN databases.
 * </ol>
 *
 * From a folder, one database of each kind is taken (GeoIP2 before GeoLite2 before others, then by
 * name), and a Country database is skipped when a City or Enterprise one is there (it adds
 * nothing); skipped files are reported in {@link Selection#notes()}.
 */
public final class DatabaseLocator {
    private DatabaseLocator() {}

    /**
     * The chosen databases and what the user should know about the choice.
     *
     * @param databases opened, in precedence order
     * @param notes messages such as skipped files
     * @param origin how they were found ("--db", "--db-dir", "IPTRIAGE_DB_DIR", a folder, "built-in")
     */
    public record Selection(List<Database> databases, List<String> notes, String origin) {}

    /** The folders searched when nothing is given: where geoipupdate and distributions put files. */
    public static List<Path> defaultDirs(Map<String, String> env) {
        List<Path> dirs = new ArrayList<>();
        Path data = UserDirs.data(env);
        if (data != null) {
            dirs.add(data.resolve("iptriage").resolve("db"));
        }
        dirs.add(Path.of("/usr/local/share/GeoIP"));
        dirs.add(Path.of("/usr/share/GeoIP"));
        dirs.add(Path.of("/var/lib/GeoIP"));
        return dirs;
    }

    /** The folders of {@code IPTRIAGE_DB_DIR} (separated like {@code PATH}), or none. */
    public static List<Path> envDirs(Map<String, String> env) {
        String v = env.get("IPTRIAGE_DB_DIR");
        return v == null
                ? List.of()
                : Stream.of(v.split(java.io.File.pathSeparator))
                        .filter(s -> !s.isBlank())
                        .map(Path::of)
                        .toList();
    }

    /**
     * Whether a run given no {@code --db}/{@code --db-dir} reads the databases in {@code dir} (once
     * it holds some): it is in {@code IPTRIAGE_DB_DIR} when that is set, else the first default
     * folder that holds databases, or comes before any that does.
     */
    public static boolean readWithoutFlags(Path dir, Map<String, String> env) {
        List<Path> envDirs = envDirs(env);
        if (!envDirs.isEmpty()) {
            return envDirs.contains(dir);
        }
        for (Path d : defaultDirs(env)) {
            if (d.equals(dir)) {
                return true;
            }
            try {
                if (Files.isDirectory(d) && !mmdbFiles(d).isEmpty()) {
                    return false;
                }
            } catch (IOException e) {
                // unreadable: not chosen either
            }
        }
        return false;
    }

    /**
     * Chooses and opens the databases.
     *
     * @param files {@code --db} values
     * @param dirs {@code --db-dir} values
     * @param env the environment (for {@code IPTRIAGE_DB_DIR}, {@code HOME}, {@code XDG_DATA_HOME})
     * @param searchDefaults whether to look in {@link #defaultDirs} (tests turn it off)
     * @throws IOException naming the file when one is missing, unreadable or corrupt
     */
    public static Selection locate(List<String> files, List<Path> dirs, Map<String, String> env, boolean searchDefaults)
            throws IOException {
        List<String> notes = new ArrayList<>();
        if (!files.isEmpty()) {
            List<Database> out = new ArrayList<>();
            for (String f : files) {
                if (f.equals(BuiltinDatabases.NAME)) {
                    out.addAll(BuiltinDatabases.open());
                } else {
                    out.add(openFile(Path.of(f)));
                }
            }
            return new Selection(out, notes, "--db");
        }
        if (!dirs.isEmpty()) {
            return fromDirs(dirs, notes, "--db-dir", true);
        }
        List<Path> envDirs = envDirs(env);
        if (!envDirs.isEmpty()) {
            return fromDirs(envDirs, notes, "IPTRIAGE_DB_DIR", true);
        }
        if (searchDefaults) {
            for (Path d : defaultDirs(env)) {
                if (Files.isDirectory(d) && !mmdbFiles(d).isEmpty()) {
                    return fromDirs(List.of(d), notes, d.toString(), false);
                }
            }
        }
        return new Selection(BuiltinDatabases.open(), notes, "built-in");
    }

    private static Database openFile(Path p) throws IOException {
        if (!Files.exists(p)) {
            throw new java.nio.file.NoSuchFileException(p.toString(), null, "database file not found");
        }
        if (Files.isRegularFile(p) && !Files.isReadable(p)) {
            throw new IOException(p + ": not a readable file");
        }
        return Database.open(p); // refuses what is not a regular file (a FIFO would block)
    }

    private static Selection fromDirs(List<Path> dirs, List<String> notes, String origin, boolean explicit)
            throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path d : dirs) {
            if (!Files.isDirectory(d)) {
                throw new java.nio.file.NoSuchFileException(d.toString(), null, "database folder not found");
            }
            List<Path> found = mmdbFiles(d);
            if (found.isEmpty() && explicit) {
                throw new IOException(d + ": no .mmdb files in this folder");
            }
            files.addAll(found);
        }
        files.sort(Comparator.comparingInt(DatabaseLocator::rank)
                .thenComparing(p -> p.getFileName().toString()));
        Map<DatabaseKind, Database> chosen = new EnumMap<>(DatabaseKind.class);
        List<Database> generic = new ArrayList<>();
        for (Path p : files) {
            Database db = openFile(p);
            if (db.kind() == DatabaseKind.GENERIC) {
                generic.add(db);
            } else if (chosen.containsKey(db.kind())) {
                notes.add("skipped " + p + ": another " + db.kind().label() + " database is used ("
                        + chosen.get(db.kind()).origin() + ")");
            } else {
                chosen.put(db.kind(), db);
            }
        }
        Database country = chosen.get(DatabaseKind.COUNTRY);
        if (country != null && (chosen.containsKey(DatabaseKind.CITY) || chosen.containsKey(DatabaseKind.ENTERPRISE))) {
            chosen.remove(DatabaseKind.COUNTRY);
            notes.add("skipped " + country.origin() + ": the City database has its countries");
        }
        List<Database> out = new ArrayList<>(chosen.values());
        out.addAll(generic);
        return new Selection(out, notes, origin);
    }

    private static int rank(Path p) {
        String n = p.getFileName().toString();
        return n.startsWith("GeoIP2-") ? 0 : n.startsWith("GeoLite2-") ? 1 : 2;
    }

    private static List<Path> mmdbFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".mmdb") && Files.isRegularFile(p))
                    .sorted()
                    .toList();
        }
    }
}
