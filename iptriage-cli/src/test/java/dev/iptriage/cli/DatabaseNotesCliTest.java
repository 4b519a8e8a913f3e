package dev.iptriage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iptriage.mmdb.MmdbWriter;
import dev.iptriage.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a run says about the databases it was given, so an answer that looks odd has its reason on stderr. */
class DatabaseNotesCliTest {
    @TempDir
    Path dir;

    private Path asn(int ipVersion) {
        MmdbWriter w = MmdbWriter.builder()
                .databaseType("GeoLite2-ASN")
                .ipVersion(ipVersion)
                .buildEpoch(Fixtures.BUILT.getEpochSecond())
                .build();
        Fixtures.insert(
                w,
                "8.8.8.0",
                24,
                Map.of(
                        "autonomous_system_number",
                        new MmdbWriter.Uint32(15169),
                        "autonomous_system_organization",
                        "Google LLC"));
        try {
            return Fixtures.write(
                    w, Files.createDirectories(dir.resolve("v" + ipVersion)).resolve("GeoLite2-ASN.mmdb"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void anIpv4OnlyDatabaseIsSaidToAnswerNoIpv6Address() {
        String v4 = asn(4).toString();
        Cli.Result r = Cli.run("8.8.8.8\n2001:4860::1\n", "enrich", "--db", v4, "--fields", "ip,status,asn");
        assertThat(r.out()).contains("8.8.8.8,ok,15169", "2001:4860::1,not_found,");
        assertThat(r.err())
                .contains("GeoLite2-ASN (" + v4 + ") holds IPv4 networks only: IPv6 addresses are not_found in it");
        assertThat(Cli.run("8.8.8.8\n", "enrich", "--db", asn(6).toString()).err())
                .doesNotContain("IPv4 networks only");
        assertThat(Cli.run("8.8.8.8\n", "enrich", "-q", "--db", v4).err()).isEmpty();
    }

    @Test
    void aDbDirBesideDbIsSaidToBeUnused() throws Exception {
        Path other = Files.createDirectories(dir.resolve("other"));
        Cli.Result r = Cli.run("8.8.8.8\n", "enrich", "--db", asn(6).toString(), "--db-dir", other.toString());
        assertThat(r.code()).isEqualTo(ExitCodes.OK);
        assertThat(r.err()).contains("note: --db-dir " + other + " not used: with --db only the databases named are");
    }
}
