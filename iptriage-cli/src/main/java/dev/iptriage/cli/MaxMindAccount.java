package dev.iptriage.cli;

import dev.iptriage.dbupdate.UpdateConfig;
import dev.iptriage.input.InputEncoding;
import dev.iptriage.input.UnreadableInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The MaxMind account as {@code db update} and {@code --webservice} read it, one rule for both: GeoIP.conf (the file
 * named, else the first of {@code $XDG_CONFIG_HOME/iptriage/GeoIP.conf} or {@code ~/.config/iptriage/GeoIP.conf},
 * {@code /usr/local/etc/GeoIP.conf}, {@code /etc/GeoIP.conf}), then {@code MAXMIND_ACCOUNT_ID} and {@code
 * MAXMIND_LICENSE_KEY}, then {@code --account-id} and {@code --license-key-file}, each overriding the one before. The
 * license key never reaches a message.
 */
final class MaxMindAccount {
    private MaxMindAccount() {}

    /**
     * GeoIP.conf's settings (none when there is no file), then the environment's account and key, then the options'.
     *
     * @param config the GeoIP.conf named on the command line, or null to search
     * @param accountId {@code --account-id}, or null
     * @param licenseKeyFile {@code --license-key-file}, or null
     * @param readFile whether to read GeoIP.conf at all
     */
    static UpdateConfig read(Env env, Path config, String accountId, Path licenseKeyFile, boolean readFile) {
        UpdateConfig cfg = new UpdateConfig(null, null, List.of(), null, null, null);
        Path file = readFile ? configFile(env, config) : null;
        if (file != null) {
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
        return cfg.with(account, key, cfg.editions(), null, null);
    }

    /** The GeoIP.conf to read: the one named (which must exist), else the first found, else null. */
    static Path configFile(Env env, Path config) {
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

    /** Masks the license key in anything printed, whatever produced the text. */
    record Secret(String key) {
        String hide(String s) {
            return key == null || key.length() < 4 ? s : s.replace(key, "****");
        }
    }
}
