package dev.iptriage.cli;

import dev.iptriage.databases.DatabaseLocator;
import dev.iptriage.dbupdate.DatabaseUpdater;
import dev.iptriage.dbupdate.UpdateConfig;
import dev.iptriage.dbupdate.UpdateException;
import dev.iptriage.input.InputEncoding;
import dev.iptriage.input.UnreadableInputException;
import dev.iptriage.text.CellText;
import java.io.IOException;
import java.nio.file.Files;
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
        mixinStandardHelpOptions = true,
        description = {
            "Download current databases into the folder 'enrich' reads (the first of $IPTRIAGE_DB_DIR, else"
                    + " ~/.local/share/iptriage/db).",
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

    DbUpdateCommand(Env env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        DatabaseUpdater.Source src = switch (source) {
            case "maxmind" -> DatabaseUpdater.Source.MAXMIND;
            case "dbip-lite", "dbip" -> DatabaseUpdater.Source.DBIP_LITE;
            default -> throw new CliException(ExitCodes.USAGE, "--source: expected maxmind or dbip-lite");
        };
        UpdateConfig cfg = settings(src);
        Path target = target(cfg);
        Secret secret = new Secret(cfg.licenseKey());
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

    /** GeoIP.conf, then the environment, then the options, each overriding the one before. */
    private UpdateConfig settings(DatabaseUpdater.Source src) {
        UpdateConfig cfg = new UpdateConfig(null, null, List.of(), null, null, null);
        Path file = configFile();
        if (file != null && src == DatabaseUpdater.Source.MAXMIND) {
            try {
                cfg = UpdateConfig.parse(file);
            } catch (IOException e) {
                throw CliException.input("cannot read " + file + ": " + e.getMessage());
            }
            if (UpdateConfig.worldReadable(file)) {
                env.err()
                        .println("iptriage: warning: " + file + " holds the license key and is readable by every"
                                + " user: chmod 600 it");
            }
        }
        String key = env.env().get("MAXMIND_LICENSE_KEY");
        if (licenseKeyFile != null) {
            try {
                key = InputEncoding.readString(licenseKeyFile).strip();
            } catch (UnreadableInputException e) {
                throw CliException.input(licenseKeyFile + ": " + e.getMessage());
            } catch (IOException e) {
                throw CliException.input(licenseKeyFile + ": cannot read the license key file");
            }
        }
        String account = accountId != null ? accountId : env.env().get("MAXMIND_ACCOUNT_ID");
        List<String> eds = editions;
        if (src == DatabaseUpdater.Source.DBIP_LITE) {
            eds = editions.isEmpty() ? List.of("dbip-city-lite", "dbip-asn-lite") : editions;
        } else if (editions.isEmpty() && cfg.editions().isEmpty()) {
            eds = List.of("GeoLite2-City", "GeoLite2-ASN");
        }
        try {
            return cfg.with(account, key, eds, dir, host);
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCodes.USAGE, "--edition: " + e.getMessage());
        }
    }

    private Path configFile() {
        if (config != null) {
            if (!Files.isRegularFile(config)) {
                throw CliException.input(config + ": GeoIP.conf not found");
            }
            return config;
        }
        List<Path> candidates = new ArrayList<>();
        String xdg = env.env().get("XDG_CONFIG_HOME");
        String home = env.env().get("HOME");
        if (xdg != null && !xdg.isBlank()) {
            candidates.add(Path.of(xdg, "iptriage", "GeoIP.conf"));
        } else if (home != null && !home.isBlank()) {
            candidates.add(Path.of(home, ".config", "iptriage", "GeoIP.conf"));
        }
        if (env.searchDefaultDirs()) {
            candidates.add(Path.of("/usr/local/etc/GeoIP.conf"));
            candidates.add(Path.of("/etc/GeoIP.conf"));
        }
        return candidates.stream().filter(Files::isRegularFile).findFirst().orElse(null);
    }

    private Path target(UpdateConfig cfg) {
        if (cfg.databaseDirectory() != null) {
            return cfg.databaseDirectory();
        }
        List<Path> envDirs = DatabaseLocator.envDirs(env.env());
        return envDirs.isEmpty() ? DatabaseLocator.defaultDirs(env.env()).get(0) : envDirs.get(0);
    }

    /** Tells the user how to make enrich read a folder it would not search by itself. */
    private void noteIfNotSearched(Path target) {
        if (!DatabaseLocator.readWithoutFlags(target, env.env())) {
            env.err()
                    .println("iptriage: note: enrich does not look in " + target + " by itself: use --db-dir " + target
                            + " or set IPTRIAGE_DB_DIR=" + target);
        }
    }

    /** Masks the license key in anything printed, whatever produced the text. */
    private record Secret(String key) {
        String hide(String s) {
            return key == null || key.length() < 4 ? s : s.replace(key, "****");
        }
    }
}
