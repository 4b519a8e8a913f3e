package dev.iptriage.cli;

import dev.iptriage.databases.BuiltinDatabases;
import dev.iptriage.databases.Database;
import dev.iptriage.databases.DatabaseLocator;
import dev.iptriage.mmdb.MmdbFormatException;
import dev.iptriage.text.CellText;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** Which databases to use: a mixin shared by the commands that look addresses up. */
final class DbOptions {
    private static final java.time.Instant LATEST_DATE = java.time.Instant.parse("9999-12-31T00:00:00Z");

    @Option(
            names = "--db",
            paramLabel = "FILE",
            description = "a .mmdb database (repeatable; earlier ones win per field); 'builtin' = the embedded"
                    + " country+ASN data. With --db only these are used.")
    List<String> files = new ArrayList<>();

    @Option(
            names = "--db-dir",
            paramLabel = "DIR",
            description = "use the .mmdb files in DIR (repeatable). Default: $IPTRIAGE_DB_DIR, else"
                    + " ~/.local/share/iptriage/db, /usr/local/share/GeoIP, /usr/share/GeoIP, /var/lib/GeoIP,"
                    + " else the embedded databases.")
    List<Path> dirs = new ArrayList<>();

    @Option(
            names = "--max-age",
            paramLabel = "DAYS",
            defaultValue = "30",
            converter = MaxAgeDays.class,
            description = "warn when a database of yours is older than this, even with --quiet; 0 = never"
                    + " (default: ${DEFAULT-VALUE})")
    int maxAgeDays;

    /** What {@code --max-age} takes (a negative value used to turn the warning off without a word). */
    static final String MAX_AGE_EXPECTED = "a whole number of days, 0 or more (0 turns the warning off)";

    /** Refuses a negative {@code --max-age} (a usage error, exit 2). */
    static final class MaxAgeDays implements CommandLine.ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            int d;
            try {
                d = Integer.parseInt(value.strip());
            } catch (NumberFormatException e) {
                d = -1;
            }
            if (d < 0) {
                throw new CommandLine.TypeConversionException(
                        "'" + CellText.terminalSafe(value) + "': expected " + MAX_AGE_EXPECTED);
            }
            return d;
        }
    }

    /**
     * Opens the databases, printing which ones are used and how old they are, and (even when quiet)
     * a warning for each one older than --max-age. The embedded data gets one plain note instead
     * (not when quiet): what it is, of when, and how to get current city-level data; its age is no
     * warning, since only a database of one's own can be kept current.
     */
    DatabaseLocator.Selection open(Env env, boolean quiet) {
        DatabaseLocator.Selection sel = locate(env);
        List<Database> builtin =
                sel.databases().stream().filter(DbOptions::isBuiltin).toList();
        if (!quiet) {
            printNotes(sel, env);
            for (Database db : sel.databases()) {
                if (!isBuiltin(db)) {
                    env.err().println("iptriage: database " + describe(db, env, false));
                }
                if (db.metadata().ipVersion() == 4) {
                    env.err()
                            .println("iptriage: note: " + CellText.terminalSafe(db.type() + " (" + db.origin() + ")")
                                    + " holds IPv4 networks only: IPv6 addresses are not_found in it");
                }
            }
            if (!builtin.isEmpty()) {
                env.err().println(embeddedNote(builtin));
            }
        }
        for (Database db : sel.databases()) {
            if (!isBuiltin(db) && stale(db, env)) {
                env.err()
                        .println("iptriage: warning: " + db.type() + " (" + db.origin() + ") is "
                                + db.age(env.clock().instant()).toDays() + " days old, older than --max-age "
                                + maxAgeDays + ": results may be out of date (iptriage db update)");
            }
        }
        return sel;
    }

    /** Opens the databases for commands that show their age themselves (db list, db info). */
    DatabaseLocator.Selection inspect(Env env, boolean quiet) {
        DatabaseLocator.Selection sel = locate(env);
        if (!quiet) {
            printNotes(sel, env);
            for (Database db : sel.databases()) {
                env.err().println("iptriage: database " + describe(db, env, true));
            }
        }
        return sel;
    }

    private DatabaseLocator.Selection locate(Env env) {
        try {
            return DatabaseLocator.locate(files, dirs, env.env(), env.searchDefaultDirs());
        } catch (NoSuchFileException e) {
            throw CliException.input(e.getFile() + ": " + (e.getReason() == null ? "not found" : e.getReason()));
        } catch (MmdbFormatException e) {
            throw CliException.input("corrupt database: " + e.getMessage());
        } catch (IOException e) {
            throw CliException.input("cannot open database: " + e.getMessage());
        }
    }

    private static void printNotes(DatabaseLocator.Selection sel, Env env) {
        for (String note : sel.notes()) {
            env.err().println("iptriage: note: " + note);
        }
    }

    /** Whether {@code db} is part of the embedded data ({@code --db builtin}). */
    static boolean isBuiltin(Database db) {
        return db.origin().startsWith(BuiltinDatabases.NAME + ":");
    }

    /** Whether every database of {@code sel} is part of the embedded data. */
    static boolean onlyBuiltin(DatabaseLocator.Selection sel) {
        return !sel.databases().isEmpty() && sel.databases().stream().allMatch(DbOptions::isBuiltin);
    }

    /** The one line that says what the embedded data is and how to get better. */
    static String embeddedNote(List<Database> builtin) {
        String date = builtin.stream()
                .map(db -> db.metadata().buildEpoch())
                .min(java.util.Comparator.naturalOrder())
                .filter(t -> !t.isAfter(LATEST_DATE))
                .map(t -> LocalDate.ofInstant(t, ZoneOffset.UTC).toString())
                .orElse("an unknown date");
        return "iptriage: note: using the embedded data of " + date + ": country and ASN only (no city,"
                + " postal code or ISP; one point per country). For current city-level data run 'iptriage db"
                + " update --source dbip-lite' (free, no account) or 'iptriage db update' with a MaxMind"
                + " account. -q hides this note.";
    }

    /** "GeoLite2-City (path, built 2026-06-05, 171 days old...)". */
    String describe(Database db, Env env) {
        return describe(db, env, true);
    }

    private String describe(Database db, Env env, boolean staleNote) {
        return CellText.terminalSafe(db.type() + " (" + db.origin() + ", built " + age(db, env, staleNote) + ")");
    }

    private boolean stale(Database db, Env env) {
        var now = env.clock().instant();
        return maxAgeDays > 0
                && db.hasPlausibleBuildDate(now)
                && db.age(now).compareTo(Duration.ofDays(maxAgeDays)) > 0;
    }

    /** "2026-06-05, 171 days old" (when it was built), with a warning past --max-age. */
    String age(Database db, Env env) {
        return age(db, env, true);
    }

    private String age(Database db, Env env, boolean staleNote) {
        var now = env.clock().instant();
        var built = db.metadata().buildEpoch();
        String date = built.isAfter(LATEST_DATE)
                ? "an impossible date"
                : LocalDate.ofInstant(built, ZoneOffset.UTC).toString();
        StringBuilder b = new StringBuilder(date);
        if (!db.hasPlausibleBuildDate(now)) {
            return b.append(", implausible build date").toString();
        }
        long days = db.age(now).toDays();
        b.append(", ").append(days).append(days == 1 ? " day old" : " days old");
        if (staleNote && stale(db, env)) {
            b.append(": older than ").append(maxAgeDays).append(" days, consider updating it");
        }
        return b.toString();
    }
}
