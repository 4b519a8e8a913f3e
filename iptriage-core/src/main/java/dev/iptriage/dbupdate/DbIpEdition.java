package dev.iptriage.dbupdate;

import dev.iptriage.databases.Database;
import dev.iptriage.dbupdate.DatabaseUpdater.Outcome;
import dev.iptriage.dbupdate.DatabaseUpdater.Status;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * DB-IP Lite: {@code /free/EDITION-YYYY-MM.mmdb.gz}, monthly. The current month's file may not be
 * out yet on the 1st, so a 404 falls back to the previous month. No checksum is published: the
 * file is checked structurally before it replaces the current one.
 */
final class DbIpEdition implements DatabaseUpdater.Edition {
    /**
     * The Lite editions DB-IP publishes in MMDB format, each with the {@code database_type} its files carry ({@code
     * DBIP-City-Lite}; the ASN file adds a tail: {@code DBIP-ASN-Lite (compat=GeoLite2-ASN)}).
     */
    static final Map<String, String> TYPES = Map.of(
            "dbip-city-lite", "DBIP-City-Lite",
            "dbip-country-lite", "DBIP-Country-Lite",
            "dbip-asn-lite", "DBIP-ASN-Lite");

    /** The Lite editions DB-IP publishes in MMDB format. */
    static final Set<String> EDITIONS = new TreeSet<>(TYPES.keySet());

    /**
     * How long before its month a monthly file may have been built (DB-IP builds it in the last days of the month
     * before or on the 1st); a file built after its month ends is not that month's either.
     */
    static final int EARLY_DAYS = 15;

    private final Http http;
    private final URI base;
    private final DatabaseUpdater.Options options;

    DbIpEdition(Http http, URI base, DatabaseUpdater.Options options) {
        this.http = http;
        this.base = base;
        this.options = options;
    }

    @Override
    public Outcome update(String edition, Path file, Consumer<String> log) throws UpdateException {
        if (!EDITIONS.contains(edition)) {
            throw new UpdateException(
                    UpdateException.Kind.CONFIG,
                    edition + ": not a DB-IP Lite edition (expected one of " + EDITIONS + ")");
        }
        Path dir = options.directory();
        YearMonth month = YearMonth.now(options.clock().withZone(ZoneOffset.UTC));
        Optional<Installer.State> state = Installer.state(dir, edition);
        Optional<String> stored = state.flatMap(Installer.State::current);
        if (stored.isPresent() && stored.get().equals(month.toString())) {
            return new Outcome(edition, Status.UNCHANGED, file, "up to date (" + month + ", nothing downloaded)", null);
        }
        String changed = state.map(Installer.State::changed).orElse(null);
        if (options.dryRun()) {
            return new Outcome(
                    edition,
                    Status.WOULD_UPDATE,
                    file,
                    (changed != null ? changed + ": " : "") + "the " + month + " file would be fetched",
                    null);
        }
        if (changed != null) {
            log.accept(changed + ": downloading " + edition + " again");
        }
        Path gz = Installer.temp(dir, edition, ".mmdb.gz");
        Path fresh = Installer.temp(dir, edition, ".mmdb");
        try {
            YearMonth got = fetch(edition, month, stored, gz, log);
            if (stored.isPresent() && stored.get().equals(got.toString())) {
                return new Outcome(edition, Status.UNCHANGED, file, "up to date (" + got + ")", null);
            }
            Archives.gunzip(gz, fresh, options.maxBytes());
            String type = Installer.install(fresh, file, edition, got.toString(), check(edition, got));
            writeAttribution(dir, edition);
            return new Outcome(
                    edition,
                    Status.UPDATED,
                    file,
                    "installed " + type + " (" + got + (changed != null ? "; " + changed : "") + "); "
                            + DatabaseUpdater.DBIP_ATTRIBUTION,
                    null);
        } finally {
            Installer.deleteQuietly(gz);
            Installer.deleteQuietly(fresh);
        }
    }

    /** Downloads this month's file, else last month's unless that is the one installed already. */
    private YearMonth fetch(String edition, YearMonth month, Optional<String> stored, Path gz, Consumer<String> log)
            throws UpdateException {
        try {
            log.accept("downloading " + edition + " " + month + " from " + base.getHost());
            http.get(url(edition, month), edition, () -> Installer.openTemp(gz), options.maxBytes(), null);
            return month;
        } catch (UpdateException e) {
            if (e.kind() != UpdateException.Kind.NOT_FOUND) {
                throw e;
            }
            YearMonth prev = month.minusMonths(1);
            if (stored.isPresent() && stored.get().equals(prev.toString())) {
                return prev; // installed already: nothing to download
            }
            log.accept(edition + " " + month + " is not out yet; downloading " + prev);
            http.get(url(edition, prev), edition, () -> Installer.openTemp(gz), options.maxBytes(), null);
            return prev;
        }
    }

    /**
     * The download must be the edition's type (a City file is not installed as the ASN database) and built around the
     * month it was asked for (an old or misnamed file is not installed as this month's).
     */
    static Installer.MetadataCheck check(String edition, YearMonth month) {
        String expected = TYPES.get(edition);
        return m -> {
            String type = m.databaseType();
            // DB-IP's own spelling, or a variant of the same kind (DBIP-City, a new tail): a file of another kind (an
            // ASN file for the City edition, a GeoLite2 file) is refused
            String t = type.toLowerCase(Locale.ROOT);
            String kind = expected.toLowerCase(Locale.ROOT).replace("-lite", "");
            if (!t.equals(kind) && !t.startsWith(kind + "-") && !t.startsWith(kind + " ")) {
                throw new UpdateException(
                        UpdateException.Kind.CORRUPT,
                        edition + " " + month + ": the download holds a '" + type + "' database, expected '" + expected
                                + "'; the current database is kept");
            }
            LocalDate from = month.atDay(1).minusDays(EARLY_DAYS);
            LocalDate to = month.atEndOfMonth();
            Instant built = m.buildEpoch();
            if (built.isBefore(from.atStartOfDay(ZoneOffset.UTC).toInstant())
                    || !built.isBefore(
                            to.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant())) {
                throw new UpdateException(
                        UpdateException.Kind.CORRUPT,
                        edition + " " + month + ": the download was built " + describe(built) + ", not for " + month
                                + " (expected between " + from + " and " + to + "); the current database is kept");
            }
        };
    }

    private static String describe(Instant built) {
        return built.equals(Instant.MAX) || built.getEpochSecond() > 253402300799L
                ? "at an impossible time"
                : "on " + LocalDate.ofInstant(built, ZoneOffset.UTC);
    }

    private URI url(String edition, YearMonth m) {
        return base.resolve("/free/" + edition + "-" + m + ".mmdb.gz");
    }

    /** DB-IP's licence (CC BY 4.0) requires the attribution wherever the data is used: kept beside it. */
    private static void writeAttribution(Path dir, String edition) throws UpdateException {
        try {
            Files.writeString(
                    dir.resolve(edition + ".mmdb" + Database.ATTRIBUTION_SUFFIX),
                    DatabaseUpdater.DBIP_ATTRIBUTION + "\n",
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UpdateException(UpdateException.Kind.CONFIG, dir + ": cannot write the attribution: " + e);
        }
    }
}
