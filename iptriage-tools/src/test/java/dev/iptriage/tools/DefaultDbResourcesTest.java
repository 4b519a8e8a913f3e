package dev.iptriage.tools;

import static dev.iptriage.tools.BuildDefaultDbTest.lookup;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.maxmind.db.Reader;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Known answers on the embedded default database as shipped in iptriage-core's resources (skipped
 * when the files are not there), read with MaxMind's reader.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DefaultDbResourcesTest {
    private static final String DIR = "/dev/iptriage/defaultdb/";
    private byte[] country;
    private byte[] asn;
    private final Properties manifest = new Properties();

    @BeforeAll
    void load() throws IOException {
        country = resource(BuildDefaultDb.COUNTRY_FILE);
        asn = resource(BuildDefaultDb.ASN_FILE);
        byte[] m = resource(BuildDefaultDb.MANIFEST_FILE);
        assumeTrue(country != null && asn != null && m != null, "default database resources not built");
        manifest.load(new java.io.ByteArrayInputStream(m));
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = DefaultDbResourcesTest.class.getResourceAsStream(DIR + name)) {
            return in == null ? null : in.readAllBytes();
        }
    }

    private static String sha256(byte[] b) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    @Test
    void manifestMatchesTheFiles() throws NoSuchAlgorithmException {
        assertThat(manifest.getProperty("country.sha256")).isEqualTo(sha256(country));
        assertThat(manifest.getProperty("asn.sha256")).isEqualTo(sha256(asn));
        assertThat(manifest.getProperty("country.size")).isEqualTo(String.valueOf(country.length));
        assertThat(manifest.getProperty("asn.size")).isEqualTo(String.valueOf(asn.length));
        assertThat(manifest.getProperty("data.date")).matches("\\d{4}-\\d{2}-\\d{2}");
        assertThat(manifest.getProperty("asn.license")).isEqualTo("CC-BY-4.0");
    }

    @Test
    void countryKnownAnswers() throws IOException {
        try (Reader r = new Reader(new java.io.ByteArrayInputStream(country))) {
            assertThat(r.getMetadata().databaseType()).isEqualTo(BuildDefaultDb.COUNTRY_TYPE);
            assertThat(r.getMetadata().buildEpoch().toString()).isEqualTo(manifest.getProperty("build.epoch"));
            assertThat(r.getMetadata().description().get("en")).contains(BuildDefaultDb.COORDINATES_NOTE);
            Map<?, ?> google = lookup(r, "8.8.8.8");
            assertThat(google.get("country"))
                    .isEqualTo(Map.of("iso_code", "US", "names", Map.of("en", "United States")));
            assertThat(google.get("continent")).isEqualTo(Map.of("code", "NA", "names", Map.of("en", "North America")));
            Map<?, ?> loc = (Map<?, ?>) google.get("location");
            assertThat((Double) loc.get("latitude")).isBetween(35.0, 45.0);
            assertThat((Double) loc.get("longitude")).isBetween(-105.0, -90.0);
            assertThat(loc.get("accuracy_radius")).isEqualTo(1000);
            assertThat(lookup(r, "::ffff:8.8.8.8")).isEqualTo(google);
            assertThat(lookup(r, "2002:808:808::1")).isEqualTo(google);
            assertThat(((Map<?, ?>) lookup(r, "2001:4860:4860::8888").get("country")).get("iso_code"))
                    .isEqualTo("US");
            assertThat(((Map<?, ?>) lookup(r, "1.1.1.1").get("country")).get("iso_code"))
                    .isEqualTo("AU");
            for (String none : new String[] {"10.0.0.1", "192.168.1.1", "172.16.0.1", "127.0.0.1", "fd00::1", "::1"}) {
                assertThat(lookup(r, none)).as(none).isNull();
            }
        }
    }

    @Test
    void asnKnownAnswers() throws IOException {
        try (Reader r = new Reader(new java.io.ByteArrayInputStream(asn))) {
            assertThat(r.getMetadata().databaseType()).isEqualTo(BuildDefaultDb.ASN_TYPE);
            assertThat(lookup(r, "8.8.8.8"))
                    .isEqualTo(
                            Map.of("autonomous_system_number", 15169L, "autonomous_system_organization", "Google LLC"));
            assertThat(lookup(r, "1.1.1.1").get("autonomous_system_number")).isEqualTo(13335L);
            assertThat(lookup(r, "2001:4860:4860::8888").get("autonomous_system_number"))
                    .isEqualTo(15169L);
            assertThat(lookup(r, "::ffff:1.1.1.1")).isEqualTo(lookup(r, "1.1.1.1"));
            assertThat(lookup(r, "192.168.1.1")).isNull();
            assertThat(lookup(r, "10.1.2.3")).isNull();
        }
    }
}
