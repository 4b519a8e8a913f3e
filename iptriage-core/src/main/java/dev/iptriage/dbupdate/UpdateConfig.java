package dev.iptriage.dbupdate;

import dev.iptriage.input.InputEncoding;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What {@code db update} needs from MaxMind's {@code GeoIP.conf} (the format geoipupdate reads:
 * {@code Key value} lines, {@code #} comments): {@code AccountID}, {@code LicenseKey}, {@code
 * EditionIDs}, {@code DatabaseDirectory}, {@code Host}, {@code Proxy}. Other keys are ignored.
 *
 * <p>The license key is a secret: {@link #toString()} masks it, and nothing in this package puts
 * it in a message.
 *
 * @param accountId the MaxMind account id, or null
 * @param licenseKey the license key, or null
 * @param editions edition ids such as {@code GeoLite2-City}
 * @param databaseDirectory where the databases go, or null for the default
 * @param host download host ({@code download.maxmind.com}, or a base URL such as {@code
 *     https://mirror.example}), or null for the default
 * @param proxy {@code host:port} of an HTTP proxy, or null
 */
public record UpdateConfig(
        String accountId, String licenseKey, List<String> editions, Path databaseDirectory, String host, String proxy) {
    private static final Pattern EDITION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]{0,63}");
    private static final int MAX_BYTES = 64 * 1024;

    /** Copies the list and checks the edition ids (letters, digits, dashes). */
    public UpdateConfig {
        editions = List.copyOf(editions);
        for (String e : editions) {
            if (!EDITION.matcher(e).matches()) {
                throw new IllegalArgumentException(
                        "edition id '" + e + "' is not valid (letters, digits and dashes, e.g. GeoLite2-City)");
            }
        }
    }

    /**
     * Reads a GeoIP.conf file.
     *
     * @throws IOException if it cannot be read, is too large, or has a malformed line (named by
     *     number; the value of a LicenseKey line is never quoted)
     */
    public static UpdateConfig parse(Path file) throws IOException {
        if (Files.size(file) > MAX_BYTES) {
            throw new IOException(file + ": larger than " + MAX_BYTES + " bytes, not a GeoIP.conf");
        }
        String account = null;
        String key = null;
        List<String> editions = new ArrayList<>();
        Path dir = null;
        String host = null;
        String proxy = null;
        List<String> lines = InputEncoding.readString(file).lines().toList(); // a BOM skipped (Notepad)
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] kv = line.split("\\s+", 2);
            String name = kv[0];
            String value = kv.length > 1 ? kv[1].strip() : "";
            switch (name.toLowerCase(Locale.ROOT)) {
                case "accountid", "userid" -> account = value;
                case "licensekey" -> key = value;
                case "editionids", "productids" -> editions.addAll(List.of(value.split("\\s+")));
                case "databasedirectory" -> dir = path(file, i, value);
                case "host" -> host = value;
                case "proxy" -> proxy = value;
                default -> {
                    // LockFile, PreserveFileTimes, RetryFor, Parallelism...: geoipupdate's own settings
                }
            }
            if (value.isEmpty() && !name.equalsIgnoreCase("licensekey")) {
                throw new IOException(file + ":" + (i + 1) + ": " + name + " has no value");
            }
        }
        try {
            return new UpdateConfig(account, key, editions, dir, host, proxy);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage());
        }
    }

    private static Path path(Path file, int line, String value) throws IOException {
        try {
            return Path.of(value);
        } catch (java.nio.file.InvalidPathException e) {
            throw new IOException(file + ":" + (line + 1) + ": DatabaseDirectory is not a usable path");
        }
    }

    /** Whether others than the owner may read the file (it holds the license key). */
    public static boolean worldReadable(Path file) {
        try {
            return Files.getPosixFilePermissions(file).contains(PosixFilePermission.OTHERS_READ);
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    /** A copy with the given values replacing these where they are not null or empty. */
    public UpdateConfig with(String account, String key, List<String> eds, Path dir, String h) {
        return new UpdateConfig(
                account != null ? account : accountId,
                key != null ? key : licenseKey,
                eds != null && !eds.isEmpty() ? eds : editions,
                dir != null ? dir : databaseDirectory,
                h != null ? h : host,
                proxy);
    }

    /** The license key, when set. */
    public Optional<String> key() {
        return Optional.ofNullable(licenseKey).filter(k -> !k.isBlank());
    }

    @Override
    public String toString() {
        return "UpdateConfig[accountId=" + accountId + ", licenseKey=" + (licenseKey == null ? "none" : "****")
                + ", editions=" + editions + ", databaseDirectory=" + databaseDirectory + ", host=" + host
                + ", proxy=" + proxy + "]";
    }
}
