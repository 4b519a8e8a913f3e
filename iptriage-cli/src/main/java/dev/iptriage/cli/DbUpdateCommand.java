package dev.iptriage.cli;

import dev.iptriage.databases.DatabaseLocator;
import dev.iptriage.dbupdate.DatabaseUpdater;
import dev.iptriage.dbupdate.UpdateConfig;
import dev.iptriage.dbupdate.UpdateException;
import dev.iptriage.text.CellText;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code iptriage db update}: download current databases (MaxMind like geoipupdate, or DB-IP Lite). */
@Command(
        name = "update",
        footerHeading = "%nExamples:%n",
        footer = {
            "  # MaxMind, settings from GeoIP.conf (as geoipupdate reads them)",
            "  iptriage db update",
            "  # DB-IP's free Lite files, no account",
            "  iptriage db update --source dbip-lite",
            "  # only say which editions have a new version",
            "  iptriage db update --dry-run",
            "  # one edition, into another folder",
            "  iptriage db update --edition GeoLite2-ASN --dir ~/geoip"
        },
        mixinStandardHelpOptions = true,
        description = {
            "Download current databases into the folder 'enrich' reads (the first of $IPTRIAGE_DB_DIR, else of"
                    + " the config file's db-dir, else ~/.local/share/iptriage/db).",
            "MaxMind (default): AccountID, LicenseKey, EditionIDs, DatabaseDirectory, Host, Proxy from GeoIP.conf"
                    + " (--config, else ~/.config/iptriage/GeoIP.conf, /usr/local/etc/GeoIP.conf, /etc/GeoIP.conf),"
                    + " MAXMIND_ACCOUNT_ID / MAXMIND_LICENSE_KEY, or the options below. Unchanged editions are not"
                    + " downloaded (published SHA-256), so the daily limit is spared.",
            "--source dbip-lite: DB-IP's free monthly Lite files (no account; CC BY 4.0, attribution kept)."
        })
final class DbUpdateCommand implements Callable<Integer> {
    private final Env env;

    @Option(names = "--config", paramLabel = "FILE", description = "the GeoIP.conf to read")
    Path config;

    @Option(
            names = "--source",
            completionCandidates = Candidates.UpdateSources.class,
            paramLabel = "SRC",
            defaultValue = "maxmind",
            description = "maxmind or dbip-lite (default: ${DEFAULT-VALUE})")
    String source;

    @Option(
            names = "--edition",
            paramLabel = "ID",
            description = "edition to update (repeatable; default: EditionIDs, else GeoLite2-City GeoLite2-ASN,"
                    + " or dbip-city-lite dbip-asn-lite)")
    List<String> editions = new ArrayList<>();

    @Option(names = "--dir", paramLabel = "DIR", description = "target folder (overrides DatabaseDirectory)")
    Path dir;

    @Option(names = "--account-id", paramLabel = "ID", description = "MaxMind account id")
    String accountId;

    @Option(
            names = "--license-key-file",
            paramLabel = "FILE",
            description = "read the license key from FILE (not given on the command line, where others can see it)")
    Path licenseKeyFile;

    @Option(names = "--host", paramLabel = "HOST", description = "download host or base URL (default: the source's)")
    String host;

    @Option(names = "--dry-run", description = "only check which editions have a new version; download nothing")
    boolean dryRun;

    @Option(names = "--backoff-ms", hidden = true, defaultValue = "2000")
    long backoffMs;

    @Option(names = "--lock-wait-s", hidden = true, defaultValue = "600")
    long lockWaitSeconds;

    /** The config file's and the environment's settings (for the folder enrich reads); null: none. */
    private final Config.Lazy settings;

    DbUpdateCommand(Env env, Config.Lazy settings) {
        this.env = env;
        this.settings = settings;
    }

    @Override
    public Integer call() {
        DatabaseUpdater.Source src = source(source);
        UpdateConfig cfg = settings(src);
        Path target = target(cfg);
        MaxMindAccount.Secret secret = new MaxMindAccount.Secret(cfg.licenseKey());
        DatabaseUpdater.Options o = new DatabaseUpdater.Options(
                src,
                target,
                dryRun,
                4,
                Duration.ofMillis(backoffMs),
                Duration.ofSeconds(60),
                Duration.ofMinutes(5),
                Duration.ofSeconds(lockWaitSeconds),
                4L << 30,
                env.clock(),
                null);
        List<DatabaseUpdater.Outcome> outcomes;
        try {
            outcomes = DatabaseUpdater.update(cfg, o, m -> env.err().println("iptriage: " + secret.hide(m)));
        } catch (UpdateException e) {
            throw CliException.input(secret.hide(e.getMessage()));
        }
        int failed = 0;
        for (DatabaseUpdater.Outcome r : outcomes) {
            failed += r.status() == DatabaseUpdater.Status.FAILED ? 1 : 0;
            env.out() // names and details may come from the config file and the server
                    .println(CellText.terminalSafe(secret.hide(r.edition() + ": "
                            + r.status().name().toLowerCase(java.util.Locale.ROOT) + ": " + r.detail() + " ("
                            + r.file() + ")")));
        }
        noteIfNotSearched(target);
        return failed > 0 ? ExitCodes.INPUT : ExitCodes.OK;
    }

    /** GeoIP.conf, then the environment, then the options, each overriding the one before ({@link MaxMindAccount}). */
    private UpdateConfig settings(DatabaseUpdater.Source src) {
        if (src != DatabaseUpdater.Source.MAXMIND) {
            MaxMindAccount.configFile(env, config); // a --config named must exist, even where it is not read
        }
        UpdateConfig cfg =
                MaxMindAccount.read(env, config, accountId, licenseKeyFile, src == DatabaseUpdater.Source.MAXMIND);
        List<String> eds = editions;
        if (src == DatabaseUpdater.Source.DBIP_LITE) {
            eds = editions.isEmpty() ? List.of("dbip-city-lite", "dbip-asn-lite") : editions;
        } else if (editions.isEmpty() && cfg.editions().isEmpty()) {
            eds = List.of("GeoLite2-City", "GeoLite2-ASN");
        }
        try {
            return cfg.with(null, null, eds, dir, host);
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCodes.USAGE, "--edition: " + e.getMessage());
        }
    }

    /** The source {@code --source} names. */
    static DatabaseUpdater.Source source(String name) {
        return switch (name) {
            case "maxmind" -> DatabaseUpdater.Source.MAXMIND;
            case "dbip-lite", "dbip" -> DatabaseUpdater.Source.DBIP_LITE;
            default -> throw new CliException(ExitCodes.USAGE, "--source: expected maxmind or dbip-lite");
        };
    }

    private Path target(UpdateConfig cfg) {
        if (cfg.databaseDirectory() != null) {
            return cfg.databaseDirectory();
        }
        List<Path> envDirs = DatabaseLocator.envDirs(env.env());
        if (!envDirs.isEmpty()) {
            return envDirs.get(0);
        }
        Path configured = configuredDir();
        return configured != null
                ? configured
                : DatabaseLocator.defaultDirs(env.env()).get(0);
    }

    /** The first {@code db-dir} enrich takes from the config file, if any: the folder enrich reads. */
    private Path configuredDir() {
        if (settings == null) {
            return null;
        }
        Config.Setting s = settings.get().settings("enrich").get("db-dir");
        return s == null || s.values().isEmpty() ? null : Path.of(s.values().get(0));
    }

    /** Tells the user how to make enrich read a folder it would not search by itself. */
    private void noteIfNotSearched(Path target) {
        if (!target.equals(configuredDir()) && !DatabaseLocator.readWithoutFlags(target, env.env())) {
            env.err()
                    .println("iptriage: note: enrich does not look in " + target + " by itself: use --db-dir " + target
                            + " or set IPTRIAGE_DB_DIR=" + target);
        }
    }
}
