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
 * Folders are read in the order given, and the first database of each kind found is used: a later
 * folder only adds kinds the earlier ones lack. In one folder the order is {@link #IN_A_FOLDER}
 * (the file named after its type, e.g. {@code GeoLite2-ASN.mmdb}, before backups such as {@code
 * GeoLite2-ASN-2024-01.mmdb}; then GeoIP2 before GeoLite2; then the newest build). A Country
 * database is skipped when a City or Enterprise one is there (it adds nothing). Skipped files are
 * reported, with the reason, in {@link Selection#notes()}.
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
            if (!dirs.isEmpty()) {
                notes.add("--db-dir "
                        + dev.iptriage.text.CellText.terminalSafe(String.join(
                                ", ", dirs.stream().map(Path::toString).toList()))
                        + " not used: with --db only the databases named are");
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
        Map<DatabaseKind, Database> chosen = new EnumMap<>(DatabaseKind.class);
        List<Database> generic = new ArrayList<>();
        for (Path d : dirs) {
            if (!Files.isDirectory(d)) {
                throw new java.nio.file.NoSuchFileException(d.toString(), null, "database folder not found");
            }
            List<Path> found = mmdbFiles(d);
            if (found.isEmpty() && explicit) {
                throw new IOException(d + ": no .mmdb files in this folder");
            }
            List<Database> opened = new ArrayList<>();
            for (Path p : found) {
                opened.add(openFile(p));
            }
            opened.sort(IN_A_FOLDER);
            Map<DatabaseKind, Database> here = new EnumMap<>(DatabaseKind.class);
            for (Database db : opened) {
                if (db.kind() == DatabaseKind.GENERIC) {
                    generic.add(db);
                } else if (chosen.containsKey(db.kind())) {
                    Database used = chosen.get(db.kind());
                    notes.add(
                            "skipped " + db.origin() + ": another " + db.kind().label() + " database is used ("
                                    + used.origin()
                                    + (here.containsKey(db.kind()) ? ", " + why(used, db) : ", from an earlier folder")
                                    + ")");
                } else {
                    chosen.put(db.kind(), db);
                    here.put(db.kind(), db);
                }
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

    /**
     * The order of the databases of one folder, the first of each kind being used: the file named
     * after its own {@code database_type} ({@code GeoLite2-ASN.mmdb}, as geoipupdate writes it)
     * before copies and backups under other names, then GeoIP2 before GeoLite2 before others, then
     * the newest {@code build_epoch}, then by name.
     */
    static final Comparator<Database> IN_A_FOLDER = Comparator.comparing((Database db) -> !canonical(db))
            .thenComparingInt(db -> rank(db.type()))
            .thenComparing(Comparator.comparing((Database db) -> db.metadata().buildEpoch())
                    .reversed())
            .thenComparing(db -> fileName(db));

    /** Why {@code used} was preferred to {@code other}, both of one folder (see {@link #IN_A_FOLDER}). */
    private static String why(Database used, Database other) {
        if (canonical(used) && !canonical(other)) {
            return "the file named after its type";
        }
        if (rank(used.type()) != rank(other.type())) {
            return used.type() + " before " + other.type();
        }
        int newer = used.metadata().buildEpoch().compareTo(other.metadata().buildEpoch());
        return newer > 0 ? "built later" : newer == 0 ? "same build date, first by name" : "first by name";
    }

    /** Whether the file is named after its {@code database_type}, e.g. GeoLite2-City.mmdb. */
    private static boolean canonical(Database db) {
        return fileName(db).equals(db.type() + ".mmdb");
    }

    private static String fileName(Database db) {
        Path name = Path.of(db.origin()).getFileName();
        return name == null ? db.origin() : name.toString();
    }

    private static int rank(String type) {
        return type.startsWith("GeoIP2-") ? 0 : type.startsWith("GeoLite2-") ? 1 : 2;
    }

    private static List<Path> mmdbFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".mmdb") && Files.isRegularFile(p))
                    .sorted()
                    .toList();
        }
    }
}
