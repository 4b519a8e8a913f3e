package dev.iptriage.dbupdate;

import dev.iptriage.dbupdate.DatabaseUpdater.Outcome;
import dev.iptriage.dbupdate.DatabaseUpdater.Status;
import java.net.URI;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** MaxMind's direct download: the SHA-256 first, the tar.gz only when it changed. */
final class MaxMindEdition implements DatabaseUpdater.Edition {
    private static final Pattern SHA256 = Pattern.compile("^([0-9a-fA-F]{64})(\\s|$)");

    private final Http http;
    private final URI base;
    private final DatabaseUpdater.Options options;

    MaxMindEdition(Http http, URI base, DatabaseUpdater.Options options) {
        this.http = http;
        this.base = base;
        this.options = options;
    }

    @Override
    public Outcome update(String edition, Path file, Consumer<String> log) throws UpdateException {
        Path dir = options.directory();
        String published = publishedSha256(edition);
        Optional<Installer.State> state = Installer.state(dir, edition);
        Optional<String> stored = state.flatMap(Installer.State::current);
        if (stored.isPresent() && stored.get().equalsIgnoreCase(published)) {
            return new Outcome(
                    edition, Status.UNCHANGED, file, "up to date (SHA-256 unchanged, nothing downloaded)", null);
        }
        String changed = state.map(Installer.State::changed).orElse(null);
        if (options.dryRun()) {
            return new Outcome(
                    edition,
                    Status.WOULD_UPDATE,
                    file,
                    changed != null ? changed + ": it would be downloaded again" : "a new version is available",
                    null);
        }
        if (changed != null) {
            log.accept(changed + ": downloading " + edition + " again");
        }
        log.accept("downloading " + edition + " from " + base.getHost());
        Path archive = Installer.temp(dir, edition, ".tar.gz");
        Path fresh = Installer.temp(dir, edition, ".mmdb");
        try {
            MessageDigest sha = sha256();
            http.get(url(edition, "tar.gz"), edition, () -> Installer.openTemp(archive), options.maxBytes(), sha);
            String got = HexFormat.of().formatHex(sha.digest());
            if (!got.equalsIgnoreCase(published)) {
                throw new UpdateException(
                        UpdateException.Kind.CHECKSUM,
                        edition + ": the download's SHA-256 " + got + " differs from the published " + published
                                + " (cut short or altered); the current database is kept");
            }
            Archives.mmdbFromTarGz(archive, edition, fresh, options.maxBytes());
            String type = Installer.install(
                    fresh, file, edition, published.toLowerCase(Locale.ROOT), Installer.type(edition));
            return new Outcome(
                    edition,
                    Status.UPDATED,
                    file,
                    "installed " + type + (changed != null ? " (" + changed + ")" : ""),
                    null);
        } finally {
            Installer.deleteQuietly(archive);
            Installer.deleteQuietly(fresh);
        }
    }

    private String publishedSha256(String edition) throws UpdateException {
        String text = http.text(url(edition, "tar.gz.sha256"), edition + " checksum");
        Matcher m = SHA256.matcher(text.strip());
        if (!m.find()) {
            throw new UpdateException(
                    UpdateException.Kind.CORRUPT, edition + ": the published checksum is not a SHA-256 line");
        }
        return m.group(1);
    }

    private URI url(String edition, String suffix) {
        return base.resolve("/geoip/databases/" + edition + "/download?suffix=" + suffix);
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
