package dev.iptriage.databases;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * The small country + ASN databases embedded in the jar (built from open data by
 * {@code scripts/build-default-db.sh}), so lookups work with no account and no download.
 */
public final class BuiltinDatabases {
    /** The name that selects them on the command line: {@code --db builtin}. */
    public static final String NAME = "builtin";

    private static final String DIR = "/dev/iptriage/defaultdb/";
    private static final String[] FILES = {"iptriage-country.mmdb", "iptriage-asn.mmdb"};

    private BuiltinDatabases() {}

    /** Whether the jar carries them. */
    public static boolean present() {
        return BuiltinDatabases.class.getResource(DIR + FILES[0]) != null;
    }

    /** The manifest: sources, versions, licences, data date. */
    public static Properties manifest() throws IOException {
        Properties p = new Properties();
        try (InputStream in = BuiltinDatabases.class.getResourceAsStream(DIR + "manifest.properties")) {
            if (in != null) {
                p.load(new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        return p;
    }

    /** Opens both databases (country first, then ASN). */
    public static List<Database> open() throws IOException {
        Properties m = manifest();
        List<Database> out = new ArrayList<>();
        for (String f : FILES) {
            try (InputStream in = BuiltinDatabases.class.getResourceAsStream(DIR + f)) {
                if (in == null) {
                    throw new IOException("the embedded database " + f + " is missing from this build");
                }
                String key = f.contains("asn") ? "asn" : "country";
                String attribution = m.getProperty(key + ".attribution", m.getProperty(key + ".license", ""));
                out.add(Database.open(
                        NAME + ":" + f, in, Optional.of(attribution).filter(s -> !s.isBlank())));
            }
        }
        return out;
    }
}
