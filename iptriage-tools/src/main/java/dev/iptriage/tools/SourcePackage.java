package dev.iptriage.tools;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An unpacked npm package used as build input.
 *
 * @param dir the package directory (the one holding {@code package.json})
 * @param name the package name, e.g. {@code @ip-location-db/asn}
 * @param version the exact version, e.g. {@code 2.3.2026061719}
 */
record SourcePackage(Path dir, String name, String version) {
    /** ip-location-db versions end in the snapshot time, {@code YYYYMMDDHH} (UTC). */
    private static final Pattern SNAPSHOT = Pattern.compile("^\\d+\\.\\d+\\.(\\d{10})$");

    /** Reads {@code package.json} of an unpacked package, checking its name. */
    static SourcePackage open(Path dir, String expectedName) throws IOException {
        Path json = dir.resolve("package.json");
        if (!Files.isRegularFile(json)) {
            throw new IOException(dir + ": no package.json (pass the unpacked package directory)");
        }
        Map<String, Object> pkg = Json.asMap(Json.read(json), json.toString());
        String name = String.valueOf(pkg.get("name"));
        if (!expectedName.equals(name)) {
            throw new IOException(json + ": package " + name + ", expected " + expectedName);
        }
        return new SourcePackage(dir, name, String.valueOf(pkg.get("version")));
    }

    /** Returns {@code name@version}. */
    String spec() {
        return name + "@" + version;
    }

    /** Returns a file of the package, which must exist. */
    Path file(String relative) throws IOException {
        Path f = dir.resolve(relative);
        if (!Files.isRegularFile(f)) {
            throw new IOException(spec() + ": missing file " + relative);
        }
        return f;
    }

    /** Returns the snapshot time encoded in an ip-location-db version (2.3.YYYYMMDDHH). */
    Instant snapshot() throws IOException {
        Matcher m = SNAPSHOT.matcher(version);
        if (!m.matches()) {
            throw new IOException(spec() + ": version does not end in a YYYYMMDDHH snapshot time");
        }
        try {
            return LocalDateTime.parse(m.group(1), DateTimeFormatter.ofPattern("uuuuMMddHH"))
                    .toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new IOException(spec() + ": bad snapshot time " + m.group(1), e);
        }
    }
}
