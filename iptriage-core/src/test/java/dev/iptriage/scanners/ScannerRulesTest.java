package dev.iptriage.scanners;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.iptriage.ip.IpAddress;
import dev.iptriage.ip.IpLiteral;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScannerRulesTest {
    private static final IpAddress NOWHERE = ip("198.51.100.7"); // in no shipped network

    @TempDir
    Path dir;

    private static IpAddress ip(String text) {
        return IpLiteral.parseStrict(text).orElseThrow();
    }

    private static ScannerRules shipped() {
        return ScannerRules.shipped();
    }

    /** The actor and evidence as one string, e.g. {@code censys [cidr, ptr]}, or {@code none}. */
    private static String found(
            ScannerRules rules, IpAddress a, String ptr, Boolean fcrdns, Collection<String> userAgents) {
        return rules.match(a, ptr, fcrdns, userAgents)
                .map(m -> m.actorId() + " " + m.evidence())
                .orElse("none");
    }

    private static String ptr(ScannerRules rules, String name) {
        return found(rules, NOWHERE, name, true, List.of());
    }

    private Path file(String text) throws IOException {
        Path f = dir.resolve("rules.txt");
        Files.writeString(f, text);
        return f;
    }

    // --- the shipped rules

    @Test
    void theShippedRulesParseAndEveryActorHasItsSourceLicenceAndDate() {
        List<Actor> actors = shipped().actors();
        assertThat(actors)
                .extracting(Actor::id)
                .containsExactly(
                        "applebot",
                        "baiduspider",
                        "binaryedge",
                        "bingbot",
                        "bitsight",
                        "censys",
                        "googlebot",
                        "internet-measurement",
                        "leakix",
                        "modat",
                        "onyphe",
                        "paloalto-xpanse",
                        "rapid7",
                        "shadowserver",
                        "shodan",
                        "stretchoid",
                        "yandexbot");
        for (Actor a : actors) {
            assertThat(a.sources())
                    .as(a.id())
                    .isNotEmpty()
                    .allSatisfy(s -> assertThat(s).isNotBlank().isNotEqualTo("scanners.txt"));
            assertThat(a.licence()).as(a.id()).isNotBlank().isNotEqualTo("not stated");
            assertThat(a.retrieved()).as(a.id()).isEqualTo("2026-12-06");
            assertThat(a.cidrs().size()
                            + a.ptrSuffixes().size()
                            + a.userAgents().size())
                    .as(a.id())
                    .isPositive();
        }
        assertThat(shipped()).isSameAs(shipped());
    }

    @Test
    void theShippedRulesNameTheActorsOfTheResearchNotes() {
        ScannerRules s = shipped();
        assertThat(found(s, ip("162.142.125.9"), null, null, List.of())).isEqualTo("censys [cidr]");
        assertThat(found(s, ip("199.45.155.255"), null, null, List.of())).isEqualTo("censys [cidr]");
        assertThat(found(s, ip("206.168.35.1"), null, null, List.of())).isEqualTo("censys [cidr]");
        assertThat(found(s, ip("206.168.36.1"), null, null, List.of())).isEqualTo("none");
        assertThat(found(s, ip("2602:80d:1000:b0cc:e::1"), null, null, List.of()))
                .isEqualTo("censys [cidr]");
        assertThat(found(s, ip("::ffff:167.94.138.20"), null, null, List.of()))
                .as("an IPv4-mapped address is looked up as IPv4")
                .isEqualTo("censys [cidr]");
        assertThat(ptr(s, "census1.shodan.io")).isEqualTo("shodan [ptr]");
        assertThat(ptr(s, "scan-12.shadowserver.org")).isEqualTo("shadowserver [ptr]");
        assertThat(ptr(s, "a.b.binaryedge.ninja")).isEqualTo("binaryedge [ptr]");
        assertThat(ptr(s, "x.internet-measurement.com")).isEqualTo("internet-measurement [ptr]");
        assertThat(ptr(s, "x.internet-census.org")).isEqualTo("bitsight [ptr]");
        assertThat(ptr(s, "a1.probe.onyphe.net")).isEqualTo("onyphe [ptr]");
        assertThat(ptr(s, "scanner.modat.io")).isEqualTo("modat [ptr]");
        assertThat(ptr(s, "scan.leakix.org")).isEqualTo("leakix [ptr]");
        assertThat(ptr(s, "leakix.org")).as("the suffix is scan.leakix.org").isEqualTo("none");
        assertThat(ptr(s, "x.scanners.labs.rapid7.com")).isEqualTo("rapid7 [ptr]");
        assertThat(ptr(s, "x.stretchoid.com")).isEqualTo("stretchoid [ptr]");
        assertThat(ptr(s, "crawl-66-249-66-1.googlebot.com")).isEqualTo("googlebot [ptr]");
        assertThat(ptr(s, "rate-limited-proxy-66-249-90-77.google.com")).isEqualTo("googlebot [ptr]");
        assertThat(found(s, NOWHERE, null, null, List.of("BitSightBot/1.0"))).isEqualTo("bitsight [user_agent]");
        assertThat(found(s, NOWHERE, null, null, List.of("ModatScanner/1.0"))).isEqualTo("modat [user_agent]");
        assertThat(found(s, NOWHERE, null, null, List.of("Mozilla/5.0 InternetMeasurement/1.0")))
                .isEqualTo("internet-measurement [user_agent]");
        assertThat(found(
                        s,
                        NOWHERE,
                        null,
                        null,
                        List.of("Expanse, a Palo Alto Networks company, searches across the global IPv4 space")))
                .isEqualTo("paloalto-xpanse [user_agent]");
        Match m = s.match(ip("162.142.125.9"), null, null, List.of()).orElseThrow();
        assertThat(m.organisation()).isEqualTo("Censys");
        assertThat(m.category()).isEqualTo(Category.RESEARCH_SCANNER);
        assertThat(m.category().label()).isEqualTo("research_scanner");
        assertThat(s.match(NOWHERE, "crawl-1.googlebot.com", true, List.of())
                        .orElseThrow()
                        .category())
                .isEqualTo(Category.SEARCH_CRAWLER);
    }

    // --- reverse DNS suffixes

    @ParameterizedTest
    @CsvSource({
        "census1.shodan.io, shodan [ptr]",
        "shodan.io, shodan [ptr]",
        "CENSUS1.SHODAN.IO, shodan [ptr]",
        "census1.shodan.io., shodan [ptr]",
        "'  census1.shodan.io.  ', shodan [ptr]",
        "evilshodan.io, none",
        "census1.evilshodan.io, none",
        "shodan.io.evil.example, none",
        "shodan.iox, none",
        "io, none",
        "'', none",
        ".shodan.io, none",
        "census1..shodan.io, none",
        "census1.shodan.io.., none",
    })
    void aSuffixMatchesWholeLabelsInAnyCase(String name, String expected) {
        assertThat(ptr(shipped(), name)).isEqualTo(expected);
    }

    @Test
    void aNameCountsOnlyWhenForwardConfirmed() {
        ScannerRules s = shipped();
        assertThat(found(s, NOWHERE, "census1.shodan.io", false, List.of())).isEqualTo("none");
        assertThat(found(s, NOWHERE, "census1.shodan.io", null, List.of())).isEqualTo("none");
        assertThat(found(s, NOWHERE, "census1.shodan.io", Boolean.TRUE, List.of()))
                .isEqualTo("shodan [ptr]");
        assertThat(found(s, ip("162.142.125.9"), "x.censys-scanner.com", false, List.of()))
                .as("an unconfirmed name of the same actor is not evidence either")
                .isEqualTo("censys [cidr]");
        assertThat(found(s, NOWHERE, null, true, List.of())).isEqualTo("none");
    }

    @Test
    void theLongestSuffixWins() throws IOException {
        ScannerRules rules = ScannerRules.read(file("""
                [broad]
                name = Broad
                category = cloud
                ptr_suffix = example.net
                [narrow]
                name = Narrow
                category = monitoring
                ptr_suffix = probe.example.net
                """));
        assertThat(ptr(rules, "a.probe.example.net")).isEqualTo("narrow [ptr]");
        assertThat(ptr(rules, "probe.example.net")).isEqualTo("narrow [ptr]");
        assertThat(ptr(rules, "a.example.net")).isEqualTo("broad [ptr]");
    }

    // --- User-Agents

    @Test
    void aUserAgentMarkerMatchesAsASubstringInAnyCase() {
        ScannerRules s = shipped();
        assertThat(found(
                        s,
                        NOWHERE,
                        null,
                        null,
                        List.of("Mozilla/5.0 (compatible; censysinspect/1.1; +https://about.censys.io/)")))
                .isEqualTo("censys [user_agent]");
        assertThat(found(s, NOWHERE, null, null, List.of("curl/8.0", "CENSYSINSPECT/1.1")))
                .isEqualTo("censys [user_agent]");
        assertThat(found(s, NOWHERE, null, null, List.of("CensysInspect/1.0"))).isEqualTo("none");
        assertThat(found(s, NOWHERE, null, null, List.of())).isEqualTo("none");
        assertThat(found(s, NOWHERE, null, null, null)).isEqualTo("none");
        assertThat(found(s, NOWHERE, null, null, Arrays.asList(null, "", "BitSightBot/1.0")))
                .isEqualTo("bitsight [user_agent]");
    }

    @Test
    void theLongestUserAgentMarkerWins() throws IOException {
        ScannerRules rules = ScannerRules.read(file("""
                [a-short]
                name = Short
                category = monitoring
                ua_substring = Bot
                [b-long]
                name = Long
                category = monitoring
                ua_substring = ExampleBot/2
                """));
        assertThat(found(rules, NOWHERE, null, null, List.of("x ExampleBot/2.1")))
                .isEqualTo("b-long [user_agent]");
        assertThat(found(rules, NOWHERE, null, null, List.of("x OtherBot"))).isEqualTo("a-short [user_agent]");
    }

    // --- precedence

    @Test
    void aNetworkBeatsANameWhichBeatsAUserAgent() {
        ScannerRules s = shipped();
        IpAddress censys = ip("162.142.125.9");
        assertThat(found(s, censys, "census1.shodan.io", true, List.of("BitSightBot/1.0")))
                .as("network over name and User-Agent")
                .isEqualTo("censys [cidr]");
        assertThat(found(s, NOWHERE, "census1.shodan.io", true, List.of("BitSightBot/1.0")))
                .as("name over User-Agent")
                .isEqualTo("shodan [ptr]");
        assertThat(found(s, NOWHERE, "census1.shodan.io", false, List.of("BitSightBot/1.0")))
                .as("an unconfirmed name loses to the User-Agent")
                .isEqualTo("bitsight [user_agent]");
    }

    @Test
    void theEvidenceListsEveryKindThatAgreedWithTheWinner() {
        ScannerRules s = shipped();
        IpAddress censys = ip("162.142.125.9");
        assertThat(found(s, censys, "a.censys-scanner.com", true, List.of("CensysInspect/1.1")))
                .isEqualTo("censys [cidr, ptr, user_agent]");
        assertThat(found(s, censys, "a.censys-scanner.com", true, List.of())).isEqualTo("censys [cidr, ptr]");
        assertThat(found(s, censys, null, null, List.of("CensysInspect/1.1"))).isEqualTo("censys [cidr, user_agent]");
        assertThat(found(s, NOWHERE, "a.censys-scanner.com", true, List.of("CensysInspect/1.1")))
                .isEqualTo("censys [ptr, user_agent]");
        assertThat(found(
                        s,
                        censys,
                        null,
                        null,
                        List.of("Expanse, a Palo Alto Networks company, searches", "CensysInspect/1.1")))
                .as("the winner's own marker counts even when another actor's marker is longer")
                .isEqualTo("censys [cidr, user_agent]");
        assertThat(found(s, censys, null, null, List.of("Expanse, a Palo Alto Networks company")))
                .isEqualTo("censys [cidr]");
        Match m = s.match(censys, "a.censys-scanner.com", true, List.of("CensysInspect/1.1"))
                .orElseThrow();
        assertThat(m.evidence()).containsExactly(Match.CIDR, Match.PTR, Match.USER_AGENT);
        assertThatThrownBy(() -> m.evidence().add("x")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void theMostSpecificNetworkWinsAndASharedNetworkGoesToTheFirstId() throws IOException {
        ScannerRules rules = ScannerRules.read(file("""
                [zz-wide]
                name = Wide
                category = cloud
                cidr = 10.0.0.0/8
                cidr = 2001:db8::/32
                [mm-narrow]
                name = Narrow
                category = research_scanner
                cidr = 10.1.0.0/16
                cidr = 2001:db8:1::/48
                [aa-host]
                name = Host
                category = monitoring
                cidr = 10.1.2.3
                cidr = 10.9.0.0/16
                [bb-same]
                name = Same
                category = monitoring
                cidr = 10.9.0.0/16
                """));
        assertThat(found(rules, ip("10.200.0.1"), null, null, List.of())).isEqualTo("zz-wide [cidr]");
        assertThat(found(rules, ip("10.1.0.1"), null, null, List.of())).isEqualTo("mm-narrow [cidr]");
        assertThat(found(rules, ip("10.1.2.3"), null, null, List.of())).isEqualTo("aa-host [cidr]");
        assertThat(found(rules, ip("10.1.2.4"), null, null, List.of())).isEqualTo("mm-narrow [cidr]");
        assertThat(found(rules, ip("10.9.1.1"), null, null, List.of())).isEqualTo("aa-host [cidr]");
        assertThat(found(rules, ip("2001:db8:1::5"), null, null, List.of())).isEqualTo("mm-narrow [cidr]");
        assertThat(found(rules, ip("2001:db8:2::5"), null, null, List.of())).isEqualTo("zz-wide [cidr]");
        assertThat(found(rules, ip("11.0.0.1"), null, null, List.of())).isEqualTo("none");
        assertThat(found(rules, ip("::a01:203"), null, null, List.of()))
                .as("an IPv6 address with the same low bits is not an IPv4 address")
                .isEqualTo("none");
    }

    // --- user rules

    @Test
    void aUserFileAddsActorsAndReplacesAShippedOneById() throws IOException {
        ScannerRules user = ScannerRules.read(file("""
                # ours
                [shodan]
                name = Shodan (our own ranges)
                category = research_scanner
                cidr = 192.0.2.0/24
                [corp-monitor]
                name = Our uptime checks
                category = monitoring
                cidr = 2001:db8:77::/48
                ua_substring = corp-uptime/
                """));
        ScannerRules merged = shipped().merge(user);
        assertThat(found(merged, ip("192.0.2.9"), null, null, List.of())).isEqualTo("shodan [cidr]");
        assertThat(merged.match(ip("192.0.2.9"), null, null, List.of())
                        .orElseThrow()
                        .organisation())
                .isEqualTo("Shodan (our own ranges)");
        assertThat(ptr(merged, "census1.shodan.io"))
                .as("the user's actor replaces the shipped one as a whole")
                .isEqualTo("none");
        assertThat(found(merged, ip("2001:db8:77::1"), null, null, List.of("Corp-Uptime/3")))
                .isEqualTo("corp-monitor [cidr, user_agent]");
        assertThat(found(merged, ip("162.142.125.9"), null, null, List.of())).isEqualTo("censys [cidr]");
        assertThat(merged.actors()).hasSize(shipped().actors().size() + 1);
        Actor mine = merged.actors().stream()
                .filter(a -> a.id().equals("corp-monitor"))
                .findFirst()
                .orElseThrow();
        assertThat(mine.sources()).containsExactly("rules.txt");
        assertThat(mine.licence()).isEqualTo("not stated");
        assertThat(mine.retrieved()).isEmpty();
        assertThat(ptr(shipped(), "census1.shodan.io"))
                .as("the shipped rules are unchanged")
                .isEqualTo("shodan [ptr]");
    }

    @Test
    void aFileMayHaveABomCrlfCommentsAndAnyCaseKeys() throws IOException {
        Path f = dir.resolve("bom.txt");
        Files.write(
                f,
                ("\uFEFF# comment\r\n[x]\r\nNAME = X # trailing comment\r\nCategory = CLOUD\r\n"
                                + "cidr = 192.0.2.0/24\r\nsource = https://example.org/#anchor\r\n")
                        .getBytes(StandardCharsets.UTF_8));
        ScannerRules rules = ScannerRules.read(f);
        assertThat(rules.actors()).singleElement().satisfies(a -> {
            assertThat(a.name()).isEqualTo("X");
            assertThat(a.category()).isEqualTo(Category.CLOUD);
            assertThat(a.sources()).containsExactly("https://example.org/#anchor");
        });
        assertThat(ScannerRules.read(file("# nothing\n")).actors()).isEmpty();
    }

    // --- bad files

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            name = X                                | 1 | a setting outside a section: 'name = X'; expected an '[actor-id]' line first
            [Censys]                                | 1 | not an actor line: '[Censys]'; expected '[id]' with an id of lower-case letters
            [censys                                 | 1 | not an actor line: '[censys'; expected '[id]'
            [a]\\nname X                           | 2 | not a setting: 'name X'; expected '[actor-id]' or 'key = value'
            [a]\\ncolour = red                     | 2 | unknown key 'colour' in 'colour = red'; expected name, category, source
            [a]\\nname = A\\nname = B              | 3 | name again in [a] (first on line 2); expected each key once per actor
            [a]\\ncategory = scanner               | 2 | bad category value 'scanner'; expected research_scanner, search_crawler, security_vendor
            [a]\\nretrieved = 2026-13-01           | 2 | bad retrieved value '2026-13-01'; expected a date YYYY-MM-DD
            [a]\\ncidr = 192.0.2.1/24              | 2 | bad cidr value '192.0.2.1/24'; expected a network address without host bits, 192.0.2.0/24
            [a]\\ncidr = 192.0.2.0/33              | 2 | bad cidr value '192.0.2.0/33'; expected an IPv4 or IPv6 network such as 192.0.2.0/24
            [a]\\ncidr = 192.0.2.1:80              | 2 | bad cidr value '192.0.2.1:80'; expected an IPv4 or IPv6 network such as 192.0.2.0/24 or 2001:db8::/32, without port
            [a]\\ncidr = example.org               | 2 | bad cidr value 'example.org'; expected an IPv4 or IPv6 network
            [a]\\ncidr =                           | 2 | cidr has no value; expected an IPv4 or IPv6 network
            [a]\\nptr_suffix = shodan..io          | 2 | bad ptr_suffix value 'shodan..io'; expected a DNS name such as .shodan.io (the name has an empty label)
            [a]\\nptr_suffix = *.shodan.io         | 2 | bad ptr_suffix value '*.shodan.io'; expected a DNS name
            [a]\\nua_substring =                   | 2 | ua_substring has no value; expected printable text of 1 to 300 characters
            [a]\\nname = A\\ncategory = cloud      | 1 | actor a has no matcher; expected at least one cidr, ptr_suffix or ua_substring
            [a]\\ncategory = cloud\\ncidr = ::/0   | 1 | actor a has no name; expected a 'name = Organisation' line
            [a]\\nname = A\\ncidr = ::/0           | 1 | actor a has no category; expected a 'category = research_scanner' line
            [a]\\nname = A\\n[b]\\n[a]             | 4 | actor a again (first on line 1); expected each actor once
            """)
    void aBadLineNamesTheFileTheLineAndWhatWasExpected(String text, int line, String message) throws IOException {
        Path f = file(text.replace("\\n", "\n"));
        assertThatThrownBy(() -> ScannerRules.read(f))
                .isInstanceOf(ScannerRules.FileException.class)
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith(f + ":" + line + ": " + message)
                .satisfies(e -> {
                    assertThat(((ScannerRules.FileException) e).line()).isEqualTo(line);
                    assertThat(((ScannerRules.FileException) e).file()).isEqualTo(f);
                });
    }

    @Test
    void aFileThatIsNotARulesFileIsRefusedWholeOrAtItsLine() throws IOException {
        Path missing = dir.resolve("missing.txt");
        assertThatThrownBy(() -> ScannerRules.read(missing))
                .isInstanceOf(ScannerRules.FileException.class)
                .hasMessage(missing + ": does not exist");
        Path binary = dir.resolve("binary.bin");
        Files.write(binary, new byte[] {'[', 'a', ']', '\n', (byte) 0xC3, (byte) 0x28, '\n'});
        assertThatThrownBy(() -> ScannerRules.read(binary))
                .isInstanceOf(ScannerRules.FileException.class)
                .hasMessage(binary + ":2: not UTF-8 text; expected a scanner rules file in UTF-8");
        Path longLine = dir.resolve("long.txt");
        Files.writeString(longLine, "[a]\nname = " + "x".repeat(5_000) + "\n");
        assertThatThrownBy(() -> ScannerRules.read(longLine))
                .isInstanceOf(ScannerRules.FileException.class)
                .hasMessageStartingWith(longLine + ":2: a line of ")
                .hasMessageContaining("expected at most 1000");
        Path control = file("[a]\nname = A\u001b[31mred\n");
        assertThatThrownBy(() -> ScannerRules.read(control))
                .isInstanceOf(ScannerRules.FileException.class)
                .hasMessageStartingWith(control + ":2: bad name value 'A\uFFFD[31mred'; expected printable text")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\u001b"));
    }

    // --- hostile input

    @Test
    void hostileNamesAndUserAgentsNeverCrashAndNeverMatchByAccident() {
        ScannerRules s = shipped();
        List<String> names = List.of(
                "\u0000census1.shodan.io",
                "census1\u0000.shodan.io",
                "\u001b[31m.shodan.io",
                "x\u202e.shodan.io",
                "x.shodan.io\u0000",
                "\u00e9.shodan.io",
                "a".repeat(64) + ".shodan.io",
                ("a".repeat(60) + ".").repeat(5) + "shodan.io",
                "x".repeat(1_000_000) + ".shodan.io",
                ".",
                "..",
                "...shodan.io",
                "shodan.io" + "\n".repeat(10));
        for (String name : names) {
            String shown = name.length() > 80 ? name.substring(0, 80) : name;
            String expected = name.equals("shodan.io" + "\n".repeat(10)) ? "shodan [ptr]" : "none";
            assertThat(ptr(s, name)).as(shown).isEqualTo(expected);
        }
        List<String> uas = new ArrayList<>();
        uas.add("\u0000\u001b[2J CensysInspect/1.1 \r\n");
        assertThat(found(s, NOWHERE, null, null, uas)).isEqualTo("censys [user_agent]");
        String huge = "A".repeat(10_000_000);
        assertThat(found(s, NOWHERE, null, null, List.of(huge + "CensysInspect/1.1")))
                .as("only the first %d characters of a User-Agent are read", ScannerRules.MAX_USER_AGENT)
                .isEqualTo("none");
        assertThat(found(s, NOWHERE, null, null, List.of("CensysInspect/1.1" + huge)))
                .isEqualTo("censys [user_agent]");
        String edge = "A".repeat(ScannerRules.MAX_USER_AGENT - "CensysInspect/1.1".length()) + "CensysInspect/1.1";
        assertThat(found(s, NOWHERE, null, null, List.of(edge))).isEqualTo("censys [user_agent]");
        List<String> many = java.util.stream.IntStream.range(0, 100_000)
                .mapToObj(i -> "agent " + i)
                .collect(Collectors.toCollection(ArrayList::new));
        many.add("bitsightbot/1.0");
        assertThat(found(s, NOWHERE, null, null, many)).isEqualTo("bitsight [user_agent]");
    }

    @Test
    void aMatchNeedsEvidence() {
        assertThatThrownBy(() -> new Match("a", "A", Category.CLOUD, new java.util.TreeSet<>()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Match("a", "A", Category.CLOUD, new java.util.TreeSet<>(List.of("asn"))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(Category.of("Public_Resolver")).contains(Category.PUBLIC_RESOLVER);
        assertThat(Category.of("scanner")).isEqualTo(Optional.empty());
    }

    @Test
    void theExampleFileParsesAndAddsToTheShippedRules() throws IOException {
        Path example = Path.of("..", "examples", "scanner-rules.txt");
        assertThat(example).as("examples/scanner-rules.txt beside the module").exists();
        ScannerRules merged = shipped().merge(ScannerRules.read(example));
        assertThat(found(merged, ip("192.0.2.3"), "a.scan.example.org", true, List.of("ExampleCorpScanner/2")))
                .isEqualTo("corp-scanner [cidr, ptr, user_agent]");
        assertThat(found(merged, ip("198.51.100.70"), null, null, List.of())).isEqualTo("corp-uptime [cidr]");
        assertThat(merged.actors()).hasSize(shipped().actors().size() + 2);
    }
}
