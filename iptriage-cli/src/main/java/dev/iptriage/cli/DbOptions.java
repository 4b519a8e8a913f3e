package dev.iptriage.cli;

import dev.iptriage.enrich.mmdb.Database;
import dev.iptriage.enrich.mmdb.DatabaseLocator;
import dev.iptriage.mmdb.MmdbFormatException;
import dev.iptriage.sink.Cells;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
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
            description = "warn when a database is older than this, even with --quiet; 0 = never (default:"
                    + " ${DEFAULT-VALUE})")
    int maxAgeDays;

    /**
     * Opens the databases, printing which ones are used and how old they are, and (even when quiet)
     * a warning for each one older than --max-age.
     */
    DatabaseLocator.Selection open(Env env, boolean quiet) {
        DatabaseLocator.Selection sel = inspect(env, quiet, false);
        for (Database db : sel.databases()) {
            if (stale(db, env)) {
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
        return inspect(env, quiet, true);
    }

    /** @param staleNote whether each database line says it is past --max-age (else a warning follows) */
    private DatabaseLocator.Selection inspect(Env env, boolean quiet, boolean staleNote) {
        DatabaseLocator.Selection sel;
        try {
            sel = DatabaseLocator.locate(files, dirs, env.env(), env.searchDefaultDirs());
        } catch (NoSuchFileException e) {
            throw CliException.input(e.getFile() + ": " + (e.getReason() == null ? "not found" : e.getReason()));
        } catch (MmdbFormatException e) {
            throw CliException.input("corrupt database: " + e.getMessage());
        } catch (IOException e) {
            throw CliException.input("cannot open database: " + e.getMessage());
        }
        if (!quiet) {
            for (String note : sel.notes()) {
                env.err().println("iptriage: note: " + note);
            }
            for (Database db : sel.databases()) {
                env.err().println("iptriage: database " + describe(db, env, staleNote));
            }
        }
        return sel;
    }

    /** "GeoLite2-City (path, built 2026-06-05, 171 days old...)". */
    String describe(Database db, Env env) {
        return describe(db, env, true);
    }

    private String describe(Database db, Env env, boolean staleNote) {
        return Cells.terminalSafe(db.type() + " (" + db.origin() + ", built " + age(db, env, staleNote) + ")");
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
