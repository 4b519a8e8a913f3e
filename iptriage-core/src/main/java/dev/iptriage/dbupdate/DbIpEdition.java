package dev.iptriage.dbupdate;

import dev.iptriage.databases.Database;
import dev.iptriage.dbupdate.DatabaseUpdater.Outcome;
import dev.iptriage.dbupdate.DatabaseUpdater.Status;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * DB-IP Lite: {@code /free/EDITION-YYYY-MM.mmdb.gz}, monthly. The current month's file may not be
 * out yet on the 1st, so a 404 falls back to the previous month. No checksum is published: the
 * file is checked structurally before it replaces the current one.
 */
final class DbIpEdition implements DatabaseUpdater.Edition {
    /** The Lite editions DB-IP publishes in MMDB format. */
    static final Set<String> EDITIONS = Set.of("dbip-city-lite", "dbip-country-lite", "dbip-asn-lite");

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
        Optional<String> stored = Installer.state(dir, edition);
        if (stored.isPresent() && stored.get().equals(month.toString())) {
            return new Outcome(edition, Status.UNCHANGED, file, "up to date (" + month + ", nothing downloaded)", null);
        }
        if (options.dryRun()) {
            return new Outcome(edition, Status.WOULD_UPDATE, file, "the " + month + " file would be fetched", null);
        }
        Path gz = Installer.temp(dir, edition, ".mmdb.gz");
        Path fresh = Installer.temp(dir, edition, ".mmdb");
        try {
            YearMonth got = fetch(edition, month, stored, gz, log);
            if (stored.isPresent() && stored.get().equals(got.toString())) {
                return new Outcome(edition, Status.UNCHANGED, file, "up to date (" + got + ")", null);
            }
            Archives.gunzip(gz, fresh, options.maxBytes());
            String type = Installer.install(fresh, file, edition, got.toString(), null);
            writeAttribution(dir, edition);
            return new Outcome(
                    edition,
                    Status.UPDATED,
                    file,
                    "installed " + type + " (" + got + "); " + DatabaseUpdater.DBIP_ATTRIBUTION,
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
