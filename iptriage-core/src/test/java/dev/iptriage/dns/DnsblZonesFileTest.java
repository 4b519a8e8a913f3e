package dev.iptriage.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.iptriage.dns.DnsblZone.Ipv6;
import dev.iptriage.dns.DnsblZone.Verdict;
import dev.iptriage.ip.IpAddress;
import dev.iptriage.testing.HostileText;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The zones file: a good file, every kind of bad line with its exact message, the example file. */
class DnsblZonesFileTest {
    @TempDir
    Path dir;

    private Path write(String text) throws IOException {
        return Files.writeString(dir.resolve("zones.txt"), text, StandardCharsets.UTF_8);
    }

    private Path write(byte[] bytes) throws IOException {
        return Files.write(dir.resolve("zones.txt"), bytes);
    }

    @Test
    void aGoodFileGivesItsZonesInOrder() throws IOException {
        Path file = write("""
                # my lists
                [bl.example.org]
                ipv6 = yes                 # it has IPv6 data
                public-resolvers = refused
                source = https://bl.example.org/codes
                checked = 2026-12-01
                127.0.0.3 = Open proxy
                127.0.0.2 = Spam source    # comments after a value
                127.0.0.10 = C#-written bot

                [Other.Example.NET.]
                IPv6 = NO
                127.0.0.2 = Listed
                [empty.example]
                """);
        List<DnsblZone> zones = DnsblZones.read(file);
        assertThat(zones).hasSize(3);
        DnsblZone a = zones.get(0);
        assertThat(a.zone()).isEqualTo("bl.example.org");
        assertThat(a.ipv6()).isEqualTo(Ipv6.YES);
        assertThat(a.refusesPublicResolvers()).isTrue();
        assertThat(a.dqsZone()).isNull();
        assertThat(a.source()).isEqualTo("https://bl.example.org/codes");
        assertThat(a.checked()).isEqualTo("2026-12-01");
        assertThat(a.codes())
                .containsExactly(
                        Map.entry("127.0.0.3", "Open proxy"),
                        Map.entry("127.0.0.2", "Spam source"),
                        Map.entry("127.0.0.10", "C#-written bot"));
        DnsblZone b = zones.get(1);
        assertThat(b.zone()).isEqualTo("other.example.net");
        assertThat(b.ipv6()).isEqualTo(Ipv6.NO);
        assertThat(b.refusesPublicResolvers()).isFalse();
        assertThat(b.source()).isEqualTo("zones.txt");
        assertThat(b.checked()).isEmpty();
        DnsblZone c = zones.get(2);
        assertThat(c.ipv6()).as("default").isEqualTo(Ipv6.PROBE);
        assertThat(c.codes()).isEmpty();
        assertThat(c.decode(IpAddress.ofV4(0x7F000002))).isEqualTo(new Verdict.Listed("127.0.0.2"));
    }

    @Test
    void aBomCrlfAndAMissingLastNewlineAreFine() throws IOException {
        byte[] text =
                "[bl.example.org]\r\n127.0.0.2 = Spam \u00e9t\u00e9\r\nipv6 = no".getBytes(StandardCharsets.UTF_8);
        byte[] withBom = new byte[text.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(text, 0, withBom, 3, text.length);
        DnsblZone z = DnsblZones.read(write(withBom)).get(0);
        assertThat(z.zone()).isEqualTo("bl.example.org");
        assertThat(z.codes()).containsExactly(Map.entry("127.0.0.2", "Spam \u00e9t\u00e9"));
        assertThat(z.ipv6()).isEqualTo(Ipv6.NO);
        assertThat(DnsblZones.read(write(""))).isEmpty();
        assertThat(DnsblZones.read(write("# nothing\n\n   \n"))).isEmpty();
    }

    @Test
    void aSectionForABuiltInZoneChangesOnlyWhatItSays() throws IOException {
        DnsblZone builtIn = DnsblZones.builtIn("zen.spamhaus.org").orElseThrow();
        List<DnsblZone> zones = DnsblZones.read(write("""
                [zen.spamhaus.org]
                ipv6 = probe
                [dnsbl.dronebl.org]
                127.0.0.3 = IRC bot
                [bl.spamcop.net]
                public-resolvers = refused
                source = https://example.org/mine
                """));
        DnsblZone zen = zones.get(0);
        assertThat(zen.ipv6()).isEqualTo(Ipv6.PROBE);
        assertThat(zen.codes()).isEqualTo(builtIn.codes());
        assertThat(zen.refusesPublicResolvers()).isTrue();
        assertThat(zen.dqsZone()).isEqualTo("zen.dq.spamhaus.net");
        assertThat(zen.source()).isEqualTo(builtIn.source());
        assertThat(zen.checked()).isEqualTo(builtIn.checked());
        DnsblZone drone = zones.get(1);
        assertThat(drone.codes()).as("the table as a whole").containsExactly(Map.entry("127.0.0.3", "IRC bot"));
        assertThat(drone.source()).as("no longer the built-in page").isEqualTo("zones.txt");
        assertThat(drone.checked()).isEmpty();
        assertThat(drone.ipv6()).isEqualTo(Ipv6.PROBE);
        DnsblZone spamcop = zones.get(2);
        assertThat(spamcop.refusesPublicResolvers()).isTrue();
        assertThat(spamcop.source()).isEqualTo("https://example.org/mine");
        assertThat(spamcop.codes())
                .isEqualTo(DnsblZones.builtIn("bl.spamcop.net").orElseThrow().codes());
        assertThat(DnsblZones.builtIn("zen.spamhaus.org").orElseThrow())
                .as("built-in unchanged")
                .isEqualTo(builtIn);
    }

    @Test
    void theExampleFileParses() throws IOException {
        Path example = Path.of("..", "examples", "dnsbl-zones.txt");
        assertThat(example).as("examples/dnsbl-zones.txt beside the module").exists();
        List<DnsblZone> zones = DnsblZones.read(example);
        assertThat(zones).extracting(DnsblZone::zone).containsExactly("bl.example.org", "bl.spamcop.net");
        assertThat(zones.get(0).codes()).hasSize(3).containsEntry("127.0.0.2", "Spam source");
        assertThat(zones.get(0).ipv6()).isEqualTo(Ipv6.NO);
        assertThat(zones.get(1).codes()).containsExactly(Map.entry("127.0.0.2", "SpamCop reports"));
        assertThat(zones.get(1).refusesPublicResolvers()).isFalse();
    }

    /** Each bad line: the exact message, with the file, the line number, the text and what was expected. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            ipv6 = yes | 1 | a setting outside a section: 'ipv6 = yes'; expected a '[zone]' line first, e.g. [bl.example.org]
            [bl.example.org]\\njunk | 2 | not a setting: 'junk'; expected '[zone]', 'key = value' or '127.0.0.2 = meaning'
            [bl.example.org | 1 | not a section line: '[bl.example.org'; expected '[zone]' with a DNS name, e.g. [bl.example.org]
            [] | 1 | bad zone name '[]': the name is empty; expected a DNS name of letters, digits and hyphens, e.g. [bl.example.org]
            [bl example.org] | 1 | bad zone name '[bl example.org]': the name has the character ' ' (only letters, digits and hyphens); expected a DNS name of letters, digits and hyphens, e.g. [bl.example.org]
            [bl..example.org] | 1 | bad zone name '[bl..example.org]': the name has an empty label; expected a DNS name of letters, digits and hyphens, e.g. [bl.example.org]
            [-bl.example.org] | 1 | bad zone name '[-bl.example.org]': the label '-bl' starts or ends with a hyphen; expected a DNS name of letters, digits and hyphens, e.g. [bl.example.org]
            [bl_1.example.org] | 1 | bad zone name '[bl_1.example.org]': the name has the character '_' (only letters, digits and hyphens); expected a DNS name of letters, digits and hyphens, e.g. [bl.example.org]
            [a.example]\\n[b.example]\\n[A.Example.] | 3 | zone a.example again (first on line 1); expected each zone in one section only
            [bl.example.org]\\nipv7 = yes | 2 | unknown key 'ipv7' in 'ipv7 = yes'; expected ipv6, public-resolvers, dqs-zone, source, checked, or a code such as 127.0.0.2
            [bl.example.org]\\nipv6 = maybe | 2 | bad ipv6 value 'maybe'; expected yes, no or probe
            [bl.example.org]\\nipv6 = | 2 | ipv6 has no value; expected yes, no or probe
            [bl.example.org]\\nipv6 = yes\\nipv6 = no | 3 | ipv6 again in [bl.example.org] (first on line 2); expected each key once per zone
            [bl.example.org]\\npublic-resolvers = no | 2 | bad public-resolvers value 'no'; expected refused or ok
            [bl.example.org]\\ndqs-zone = a b | 2 | bad dqs-zone value 'a b'; expected a DNS name such as zen.dq.spamhaus.net (the name has the character ' ' (only letters, digits and hyphens))
            [bl.example.org]\\ndqs-zone = dq.attacker.example | 2 | bad dqs-zone value 'dq.attacker.example'; expected a Spamhaus DQS zone, under dq.spamhaus.net
            [bl.example.org]\\nchecked = 2026-13-01 | 2 | bad checked value '2026-13-01'; expected a date YYYY-MM-DD such as 2026-12-06
            [bl.example.org]\\nchecked = yesterday | 2 | bad checked value 'yesterday'; expected a date YYYY-MM-DD such as 2026-12-06
            [bl.example.org]\\nsource = | 2 | source has no value; expected printable text of at most 300 characters, e.g. a URL
            [bl.example.org]\\n127.0.0.300 = x | 2 | bad code '127.0.0.300': '127.0.0.300' is not an IPv4 address (expected one of 127.0.0.0/8, e.g. 127.0.0.2); expected an IPv4 address of 127.0.0.0/8 such as 127.0.0.2
            [bl.example.org]\\n127.0.0.02 = x | 2 | bad code '127.0.0.02': '127.0.0.02' is not an IPv4 address (expected one of 127.0.0.0/8, e.g. 127.0.0.2); expected an IPv4 address of 127.0.0.0/8 such as 127.0.0.2
            [bl.example.org]\\n10.0.0.2 = x | 2 | bad code '10.0.0.2': 10.0.0.2 is outside 127.0.0.0/8, where DNSBL answers are; expected an IPv4 address of 127.0.0.0/8 such as 127.0.0.2
            [bl.example.org]\\n127.255.255.254 = x | 2 | bad code '127.255.255.254': 127.255.255.254 is in 127.255.255.0/24, which zones use for errors (query refused, rate limit), not listings; expected an IPv4 address of 127.0.0.0/8 such as 127.0.0.2
            [bl.example.org]\\n127.0.0.2 = | 2 | bad meaning of 127.0.0.2 '': empty; expected a short label of printable text, at most 64 characters
            [bl.example.org]\\n127.0.0.2 = a\\n127.0.0.2 = b | 3 | code 127.0.0.2 again in [bl.example.org] (first on line 2); expected each code once per zone
            """)
    void aBadLineIsAnErrorWithItsLineAndText(String text, int line, String problem) throws IOException {
        Path file = write(text.replace("\\n", "\n"));
        assertThatThrownBy(() -> DnsblZones.read(file))
                .isInstanceOf(DnsblZones.FileException.class)
                .isInstanceOf(IOException.class)
                .hasMessage(file + ":" + line + ": " + problem)
                .satisfies(e -> {
                    assertThat(((DnsblZones.FileException) e).line()).isEqualTo(line);
                    assertThat(((DnsblZones.FileException) e).file()).isEqualTo(file);
                });
    }

    @Test
    void hostileMeaningsAreRefusedWithAnEscapedMessage() throws IOException {
        Path file = write("[bl.example.org]\n127.0.0.2 = a\u001b]0;pwned\u0007b\n");
        assertThatThrownBy(() -> DnsblZones.read(file))
                .hasMessage(file + ":2: bad meaning of 127.0.0.2 'a\\u001B]0;pwned\\u0007b': has the character"
                        + " '\\u001B' (printable text only); expected a short label of printable text, at most 64"
                        + " characters");
        Path rlo = write("[bl.example.org]\n127.0.0.2 = exe.\u202etxt\n");
        assertThatThrownBy(() -> DnsblZones.read(rlo)).hasMessageContaining("'\\u202E'");
        Path longMeaning = write("[bl.example.org]\n127.0.0.2 = " + "x".repeat(65) + "\n");
        assertThatThrownBy(() -> DnsblZones.read(longMeaning))
                .hasMessage(longMeaning + ":2: bad meaning of 127.0.0.2 '" + "x".repeat(65)
                        + "': 65 characters, more than 64; expected a short label of printable text, at most 64"
                        + " characters");
    }

    @Test
    void aLongLineIsShownShortened() throws IOException {
        Path file = write("[bl.example.org]\n" + "y".repeat(5000) + "\n");
        assertThatThrownBy(() -> DnsblZones.read(file))
                .hasMessage(file + ":2: a line of 5000 characters '" + "y".repeat(60)
                        + "'... (5000 characters); expected at most 1000");
    }

    @Test
    void notUtf8IsAnErrorAtItsLine() throws IOException {
        byte[] bytes = "[bl.example.org]\n127.0.0.2 = caf\u00e9\n127.0.0.3 = caf".getBytes(StandardCharsets.ISO_8859_1);
        byte[] withBad = new byte[bytes.length + 1];
        System.arraycopy(bytes, 0, withBad, 0, bytes.length);
        withBad[bytes.length] = (byte) 0xE9;
        Path file = write(withBad);
        assertThatThrownBy(() -> DnsblZones.read(file))
                .hasMessage(file + ":2: not UTF-8 text; expected a UTF-8 text file");
    }

    @Test
    void aMissingOrHugeFileIsAnError() throws IOException {
        Path missing = dir.resolve("none.txt");
        assertThatThrownBy(() -> DnsblZones.read(missing))
                .isInstanceOf(DnsblZones.FileException.class)
                .hasMessage(missing + ": no such file");
        Path huge = write(new byte[DnsblZones.MAX_FILE_BYTES + 1]);
        assertThatThrownBy(() -> DnsblZones.read(huge))
                .hasMessage(huge + ": larger than 1048576 bytes; expected a small text file of DNSBL zones");
    }

    /** Random hostile lines: never anything but a zone list or a FileException with printable text. */
    @Test
    void randomHostileLinesNeverEscapeAsAnythingElse() throws IOException {
        Random random = new Random(14);
        for (int i = 0; i < 2_000; i++) {
            String line = switch (i % 3) {
                case 0 -> "127.0.0." + random.nextInt(300) + " = " + HostileText.random(random, 80);
                case 1 -> "[" + HostileText.random(random, 30) + "]";
                default -> HostileText.random(random, 40) + " = " + HostileText.random(random, 40);
            };
            Path file = write("[bl.example.org]\n" + line + "\n");
            try {
                for (DnsblZone z : DnsblZones.read(file)) {
                    z.codes()
                            .values()
                            .forEach(m -> assertThat(m.codePoints().allMatch(DnsText::isPrintable))
                                    .as(m)
                                    .isTrue());
                }
            } catch (DnsblZones.FileException e) {
                assertThat(e.getMessage().codePoints().allMatch(DnsText::isPrintable))
                        .as(e.getMessage())
                        .isTrue();
            }
        }
    }
}
