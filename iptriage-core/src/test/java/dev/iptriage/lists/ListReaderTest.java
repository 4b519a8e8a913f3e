package dev.iptriage.lists;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.iptriage.ip.Cidr;
import dev.iptriage.ip.IpAddress;
import dev.iptriage.ip.IpLiteral;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ListReaderTest {

    @TempDir
    Path dir;

    private Path write(String name, String content) throws IOException {
        return write(name, content.getBytes(StandardCharsets.UTF_8));
    }

    private Path write(String name, byte[] content) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, content);
        return p;
    }

    private static List<String> texts(IpList list) {
        return list.entries().stream().map(ListEntry::text).toList();
    }

    private static IpAddress ip(String s) {
        return IpLiteral.parseStrict(s).orElseThrow();
    }

    @Test
    void plainListWithCommentsRangesAndTrailingComments() throws IOException {
        Path p = write(
                "mine.txt",
                "\uFEFF# my watchlist\r\n"
                        + "# Source: the SOC wiki\r\n"
                        + "; another comment\r\n"
                        + "\r\n"
                        + "192.0.2.1\r\n"
                        + "  198.51.100.0/24 ; old C2\r\n"
                        + "203.0.113.5 # the old VPN\r\n"
                        + "10.0.0.0/8\r\n"
                        + "192.0.2.10-192.0.2.20\r\n"
                        + "192.0.2.0 - 192.0.2.255\r\n"
                        + "2001:db8::/32\r\n"
                        + "[2001:db8::1]\r\n"
                        + "192.0.2.77"); // no final newline
        IpList list = ListReader.read(p);
        assertThat(list.name()).isEqualTo("mine");
        assertThat(list.format()).isEqualTo(ListFormat.PLAIN);
        assertThat(list.title()).isEqualTo("my watchlist");
        assertThat(list.source()).isEqualTo("the SOC wiki");
        assertThat(list.problems()).isEmpty();
        assertThat(texts(list))
                .containsExactly(
                        "192.0.2.1",
                        "198.51.100.0/24",
                        "203.0.113.5",
                        "10.0.0.0/8",
                        "192.0.2.10-192.0.2.20",
                        "192.0.2.0/24",
                        "2001:db8::/32",
                        "2001:db8::1",
                        "192.0.2.77");
        assertThat(list.entries().get(0).line()).isEqualTo(5);
        assertThat(list.entries().get(1).facts()).isEqualTo(Map.of("comment", "old C2"));
        assertThat(list.entries().get(2).facts()).isEqualTo(Map.of("comment", "the old VPN"));
        assertThat(list.entries().get(8).line()).isEqualTo(13);
    }

    @Test
    void hostBitsSlashZeroAndNetmasksAreBadLinesNotSilentlyMasked() throws IOException {
        Path p = write(
                "hosts.txt",
                "1.1.1.1/24\n7.7.7.7/0\n::1/0\n10.0.0.0/255.0.0.0\n10.0.0.0/255.0.255.0\n"
                        + "2001:db8::1/32\n192.0.2.0/24\n198.51.100.9/32\n");
        IpList list = ListReader.read(p);
        assertThat(texts(list))
                .as("only entries whose text is what is stored")
                .containsExactly("192.0.2.0/24", "198.51.100.9");
        assertThat(list.problems()).extracting(ListProblem::line).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(list.problems().get(0).format("hosts.txt"))
                .isEqualTo("hosts.txt:1: '1.1.1.1/24' has host bits set: write 1.1.1.0/24 for the network or 1.1.1.1"
                        + " for the address");
        assertThat(list.problems().get(1).message())
                .contains("'7.7.7.7/0' has host bits set: write 0.0.0.0/0 for the network or 7.7.7.7 for the address");
        assertThat(list.problems().get(2).message()).contains("'::1/0' has host bits set: write ::/0");
        assertThat(list.problems().get(3).message())
                .isEqualTo("'10.0.0.0/255.0.0.0' has a netmask; netmasks are not accepted: write the prefix length,"
                        + " 10.0.0.0/8");
        assertThat(list.problems().get(4).message())
                .startsWith("'10.0.0.0/255.0.255.0' has a netmask; netmasks are not accepted; expected");
        assertThat(list.problems().get(5).message()).contains("write 2001:db8::/32 for the network");
    }

    @Test
    void aMispListItemThatIsNotAStringIsNamedForWhatItIs() throws IOException {
        IpList list = ListReader.read(write(
                "m.json",
                "{\"name\":\"n\",\"type\":\"cidr\",\"version\":1,\"list\":[\n42,\n\"192.0.2.0/24\",\nnull,\n{\"a\":1},\n"
                        + "true\n]}"));
        assertThat(texts(list)).containsExactly("192.0.2.0/24");
        assertThat(list.problems())
                .extracting(ListProblem::message)
                .containsExactly(
                        "a number in \"list\"; expected strings such as \"192.0.2.0/24\"",
                        "a null in \"list\"; expected strings such as \"192.0.2.0/24\"",
                        "an object in \"list\"; expected strings such as \"192.0.2.0/24\"",
                        "a boolean in \"list\"; expected strings such as \"192.0.2.0/24\"");
    }

    @Test
    void aBadLineIsAProblemNamingFileLineAndWhatWasExpectedAndTheRestIsRead() throws IOException {
        Path p = write("bad.txt", "192.0.2.1\n192.0.2\n192.0.2.1:80\nfe80::1%eth0\n1.2.3.4 5.6.7.8\n192.0.2.3\n");
        IpList list = ListReader.read(p);
        assertThat(texts(list)).containsExactly("192.0.2.1", "192.0.2.3");
        assertThat(list.problemCount()).isEqualTo(4);
        assertThat(list.problems()).extracting(ListProblem::line).containsExactly(2, 3, 4, 5);
        assertThat(list.problems().get(0).format("bad.txt"))
                .startsWith("bad.txt:2: '192.0.2' is not an address or CIDR (")
                .endsWith("; expected an address, a CIDR or a range a-b such as 192.0.2.1, 192.0.2.0/24 or"
                        + " 192.0.2.1-192.0.2.9");
        assertThat(list.problems().get(1).message()).contains("has a port");
        assertThat(list.problems().get(2).message()).contains("zone id");
    }

    @Test
    void rangesAcrossIpv6BoundariesAndBadRanges() throws IOException {
        Path p = write(
                "r.txt",
                "2001:db8:0:0:ffff:ffff:ffff:fff0-2001:db8:0:1::10\n" // crosses a /64
                        + "2001:ffff:ffff:ffff:ffff:ffff:ffff:ff00-2002::ff\n" // crosses a /16
                        + "2001:db8::-2001:db8:0:ffff:ffff:ffff:ffff:ffff\n" // exactly a /48
                        + "::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff\n" // everything
                        + "192.0.2.9-192.0.2.1\n" // reversed
                        + "192.0.2.1-2001:db8::1\n" // mixed
                        + "192.0.2.1-\n"
                        + "192.0.2.5-192.0.2.5\n");
        IpList list = ListReader.read(p);
        assertThat(list.entries().get(0).first()).isEqualTo(ip("2001:db8::ffff:ffff:ffff:fff0"));
        assertThat(list.entries().get(0).last()).isEqualTo(ip("2001:db8:0:1::10"));
        assertThat(texts(list))
                .containsExactly(
                        "2001:db8::ffff:ffff:ffff:fff0-2001:db8:0:1::10",
                        "2001:ffff:ffff:ffff:ffff:ffff:ffff:ff00-2002::ff",
                        "2001:db8::/48",
                        "::/0",
                        "192.0.2.5");
        assertThat(list.problems()).extracting(ListProblem::line).containsExactly(5, 6, 7);
        assertThat(list.problems().get(0).message())
                .isEqualTo("range '192.0.2.9-192.0.2.1' ends before it starts; expected the first address first");
        assertThat(list.problems().get(1).message())
                .isEqualTo("range '192.0.2.1-2001:db8::1' mixes IPv4 and IPv6; expected both ends of one family");
    }

    @Test
    void entriesAreWhatTheirTextSaysForRandomCidrsAndRanges() throws IOException {
        Random rnd = new Random(15);
        StringBuilder sb = new StringBuilder();
        IpAddress[][] expected = new IpAddress[2000][];
        for (int i = 0; i < expected.length; i++) {
            boolean v4 = rnd.nextBoolean();
            IpAddress a = v4 ? IpAddress.ofV4(rnd.nextInt()) : IpAddress.ofV6(rnd.nextLong(), rnd.nextLong());
            if (i % 2 == 0) {
                Cidr c = Cidr.of(a, rnd.nextInt(a.bitLength() + 1));
                sb.append(c.first()).append('/').append(c.prefixLength()).append('\n'); // a network: no host bits
                expected[i] = new IpAddress[] {c.first(), c.last()};
            } else {
                IpAddress b = v4 ? IpAddress.ofV4(rnd.nextInt()) : IpAddress.ofV6(rnd.nextLong(), rnd.nextLong());
                IpAddress lo = a.compareTo(b) <= 0 ? a : b;
                IpAddress hi = a.compareTo(b) <= 0 ? b : a;
                sb.append(lo).append('-').append(hi).append('\n');
                expected[i] = new IpAddress[] {lo, hi};
            }
        }
        IpList list = ListReader.read(write("random.txt", sb.toString()));
        assertThat(list.problems()).isEmpty();
        assertThat(list.entries()).hasSize(expected.length);
        StringBuilder again = new StringBuilder();
        for (int i = 0; i < expected.length; i++) {
            ListEntry e = list.entries().get(i);
            assertThat(new IpAddress[] {e.first(), e.last()}).isEqualTo(expected[i]);
            again.append(e.text()).append('\n');
        }
        // the text of an entry reads back as the same entry
        IpList reread = ListReader.read(write("again.txt", again.toString()));
        for (int i = 0; i < expected.length; i++) {
            assertThat(reread.entries().get(i).first()).isEqualTo(expected[i][0]);
            assertThat(reread.entries().get(i).last()).isEqualTo(expected[i][1]);
        }
    }

    @Test
    void fireholIpsetAndNetsetHeaders() throws IOException {
        String header = "#\n# blocklist_de\n#\n# ipv4 hash:ip ipset\n#\n# Some description\n#\n"
                + "# Maintainer      : Blocklist.de\n"
                + "# Maintainer URL  : http://www.blocklist.de/\n"
                + "# List source URL : https://lists.blocklist.de/lists/all.txt\n"
                + "# Source File Date: Mon Jun 28 04:50:03 UTC 2021\n#\n"
                + "# Category        : attacks\n# Version         : 123\n#\n"
                + "# This File Date  : Mon Jun 28 05:00:36 UTC 2021\n"
                + "# Update Frequency: 30 mins \n# Entries         : 2 unique IPs\n#\n";
        IpList ipset = ListReader.read(write("blocklist_de.ipset", header + "192.0.2.1\n192.0.2.2\n"));
        assertThat(ipset.format()).isEqualTo(ListFormat.FIREHOL_IPSET);
        assertThat(ipset.title()).isEqualTo("blocklist_de");
        assertThat(ipset.maintainer()).isEqualTo("Blocklist.de");
        assertThat(ipset.source()).isEqualTo("https://lists.blocklist.de/lists/all.txt");
        assertThat(ipset.date()).isEqualTo("Mon Jun 28 05:00:36 UTC 2021");
        assertThat(ipset.facts())
                .containsEntry("maintainer_url", "http://www.blocklist.de/")
                .containsEntry("update_frequency", "30 mins")
                .containsEntry("version", "123");
        assertThat(texts(ipset)).containsExactly("192.0.2.1", "192.0.2.2");

        IpList netset =
                ListReader.read(write("x.txt", header.replace("hash:ip", "hash:net") + "10.0.0.0/8\n192.0.2.1\n"));
        assertThat(netset.format()).isEqualTo(ListFormat.FIREHOL_NETSET);
        assertThat(texts(netset)).containsExactly("10.0.0.0/8", "192.0.2.1"); // bogons are kept
    }

    @Test
    void feodoCsvKeepsMalwareAndPortAndSkipsABadRow() throws IOException {
        Path p = write(
                "ipblocklist.csv",
                "####\n# abuse.ch Feodo Tracker Botnet C2 IP Blocklist (CSV)          #\n"
                        + "# Last updated: 2024-04-04 07:03:03 UTC                        #\n"
                        + "# Terms Of Use: https://feodotracker.abuse.ch/blocklist/       #\n####\n"
                        + "\"first_seen_utc\",\"dst_ip\",\"dst_port\",\"c2_status\",\"last_online\",\"malware\"\n"
                        + "\"2023-05-23 17:51:44\",\"192.0.2.7\",\"1194\",\"online\",\"2024-04-01\",\"Pikabot\"\n"
                        + "\"2023-05-23 17:51:44\",\"192.0.2.8\",\"1194\"\n"
                        + "\"2023-05-23 17:51:44\",\"192.0.2.999\",\"1194\",\"online\",\"2024-04-01\",\"Pikabot\"\n"
                        + "\"2023-05-23 17:51:44\",\"2001:db8::7\",\"443\",\"offline\",\"\",\"QakBot\"\n"
                        + "# END 4 entries");
        IpList list = ListReader.read(p);
        assertThat(list.format()).isEqualTo(ListFormat.FEODO_CSV);
        assertThat(list.date()).isEqualTo("2024-04-04 07:03:03 UTC");
        assertThat(list.licence()).isEqualTo("https://feodotracker.abuse.ch/blocklist/");
        assertThat(texts(list)).containsExactly("192.0.2.7", "2001:db8::7");
        assertThat(list.entries().get(0).facts())
                .isEqualTo(Map.of(
                        "malware", "Pikabot",
                        "port", "1194",
                        "status", "online",
                        "first_seen", "2023-05-23 17:51:44",
                        "last_online", "2024-04-01"));
        assertThat(list.entries().get(1).facts()).doesNotContainKey("last_online");
        assertThat(list.problems()).extracting(ListProblem::line).containsExactly(8, 9);
        assertThat(list.problems().get(0).message()).contains("3 fields").contains("expected 6 CSV fields");
    }

    @Test
    void feodoTxtIsAPlainListWithItsHeader() throws IOException {
        Path p = write(
                "ipblocklist.txt",
                "################################################################\n"
                        + "# abuse.ch Feodo Tracker Botnet C2 IP Blocklist                #\n"
                        + "# Last updated: 2026-03-01 10:03:03 UTC                        #\n"
                        + "#                                                              #\n"
                        + "# Terms Of Use: https://feodotracker.abuse.ch/blocklist/       #\n"
                        + "################################################################\n"
                        + "#\n192.0.2.7\n192.0.2.8\n# END 2 entries");
        IpList list = ListReader.read(p);
        assertThat(list.format()).isEqualTo(ListFormat.PLAIN);
        assertThat(list.title()).isEqualTo("abuse.ch Feodo Tracker Botnet C2 IP Blocklist");
        assertThat(list.maintainer()).isEqualTo("abuse.ch");
        assertThat(list.date()).isEqualTo("2026-03-01 10:03:03 UTC");
        assertThat(list.licence()).isEqualTo("https://feodotracker.abuse.ch/blocklist/");
        assertThat(texts(list)).containsExactly("192.0.2.7", "192.0.2.8");
    }

    @Test
    void spamhausDropJsonLinesWithMetadataAndABadLine() throws IOException {
        Path p = write(
                "drop_v6.json",
                "{\"cidr\":\"2001:db8::/32\",\"sblid\":\"SBL1\",\"rir\":\"ripencc\"}\n"
                        + "{\"cidr\":\"2001:db8:\n"
                        + "{\"sblid\":\"SBL3\"}\n"
                        + "{\"cidr\":\"192.0.2.0/24\",\"sblid\":\"SBL2\",\"rir\":\"arin\",\"x\":{\"y\":[1]}}\n"
                        + "{\"type\":\"metadata\",\"timestamp\":1744682874,\"size\":1,\"records\":2,"
                        + "\"copyright\":\"(c) 2025 The Spamhaus Project SLU\",\"terms\":\"https://example.org/t\"}\n");
        IpList list = ListReader.read(p);
        assertThat(list.format()).isEqualTo(ListFormat.SPAMHAUS_DROP_JSONL);
        assertThat(texts(list)).containsExactly("2001:db8::/32", "192.0.2.0/24");
        assertThat(list.entries().get(1).facts()).isEqualTo(Map.of("sblid", "SBL2", "rir", "arin"));
        assertThat(list.problems()).extracting(ListProblem::line).containsExactly(2, 3);
        assertThat(list.date()).isEqualTo("2025-04-15T02:07:54Z");
        assertThat(list.licence()).isEqualTo("(c) 2025 The Spamhaus Project SLU, https://example.org/t");
    }

    @Test
    void torExitAddresses() throws IOException {
        Path p = write(
                "exit-addresses",
                "ExitNode AAAA\nPublished 2024-03-11 13:07:19\nLastStatus 2024-03-12 08:00:00\n"
                        + "ExitAddress 192.0.2.1 2024-03-12 08:10:51\nExitAddress 192.0.2.2 2024-03-12 09:10:51\n"
                        + "ExitNode BBBB\nPublished 2024-03-12 02:29:55\nExitAddress 192.0.2.1 2024-03-12 13:03:14\n"
                        + "Nonsense here\n");
        IpList list = ListReader.read(p);
        assertThat(list.format()).isEqualTo(ListFormat.TOR_EXIT_ADDRESSES);
        assertThat(texts(list)).containsExactly("192.0.2.1", "192.0.2.2", "192.0.2.1");
        assertThat(list.entries().get(1).facts())
                .isEqualTo(Map.of("node", "AAAA", "published", "2024-03-11 13:07:19", "seen", "2024-03-12 09:10:51"));
        assertThat(list.entries().get(2).facts()).containsEntry("node", "BBBB");
        assertThat(list.problems()).extracting(ListProblem::line).containsExactly(9);
    }

    @Test
    void mispWarninglistOfCidrs() throws IOException {
        Path p = write(
                "censys.json",
                "{\n  \"description\": \"Censys scanners\",\n  \"list\": [\n    \"162.142.125.0/24\",\n"
                        + "    \"2602:80d:1000::/48\",\n    \"not an ip\",\n    7,\n    \"192.0.2.1\"\n  ],\n"
                        + "  \"matching_attributes\": [\"ip-src\", \"ip-dst\"],\n"
                        + "  \"name\": \"List of known Censys scanners\",\n  \"type\": \"cidr\",\n"
                        + "  \"category\": \"known\",\n  \"version\": 20260811\n}\n");
        IpList list = ListReader.read(p);
        assertThat(list.format()).isEqualTo(ListFormat.MISP_WARNINGLIST);
        assertThat(list.name()).isEqualTo("censys");
        assertThat(list.title()).isEqualTo("List of known Censys scanners");
        assertThat(list.facts())
                .isEqualTo(Map.of("description", "Censys scanners", "category", "known", "version", "20260811"));
        assertThat(texts(list)).containsExactly("162.142.125.0/24", "2602:80d:1000::/48", "192.0.2.1");
        assertThat(list.entries().get(0).line()).isEqualTo(4);
        assertThat(list.problems()).extracting(ListProblem::line).containsExactly(6, 7);
    }

    @Test
    void anEmptyMispListAndAListOfOnlyCommentsAreValid() throws IOException {
        IpList misp = ListReader.read(write("e.json", "{\"list\":[],\"name\":\"n\",\"type\":\"cidr\",\"version\":1}"));
        assertThat(misp.entries()).isEmpty();
        IpList comments = ListReader.read(write("ipblocklist_recommended.txt", "# Feodo\n# nothing today\n"));
        assertThat(comments.entries()).isEmpty();
        assertThat(comments.problemCount()).isZero();
        assertThat(ListReader.read(write("empty.txt", "")).entries()).isEmpty();
    }

    @Test
    void jsonOfAnotherShapeIsNotAList() throws IOException {
        Path hostnames = write("h.json", "{\n\"list\":[\"example.com\"],\n\"name\":\"n\",\n\"type\":\"hostname\"\n}");
        assertThatThrownBy(() -> ListReader.read(hostnames))
                .isInstanceOf(ListReader.NotAListException.class)
                .hasMessage(hostnames + ": a MISP warninglist of type 'hostname'; expected type 'cidr' (addresses)");
        Path other = write("o.json", "{\"asn\":64496,\"rir\":\"arin\"}\n");
        assertThatThrownBy(() -> ListReader.read(other))
                .isInstanceOf(ListReader.NotAListException.class)
                .hasMessage(other + ": a JSON document without \"list\" and \"type\"; expected a MISP warninglist or"
                        + " Spamhaus DROP JSON lines");
        Path doc = write("d.json", "{\n\"a\": 1\n}\n");
        assertThatThrownBy(() -> ListReader.read(doc))
                .isInstanceOf(ListReader.NotAListException.class)
                .hasMessageContaining("without \"list\" and \"type\"");
        Path array = write("a.json", "[{\"ip_address\":\"192.0.2.1\"}]");
        assertThatThrownBy(() -> ListReader.read(array)).isInstanceOf(ListReader.NotAListException.class);
        Path broken = write("b.json", "{\n\"list\": [\"192.0.2.1\",\n");
        assertThatThrownBy(() -> ListReader.read(broken))
                .isInstanceOf(ListReader.NotAListException.class)
                .hasMessageContaining("bad JSON");
    }

    @Test
    void openFiltersCidrFileWithItsHeader() throws IOException {
        Path p = write(
                "censys_v4.txt",
                "# Censys (censys.io / censys.com /censys-scanner.com)\n"
                        + "# User-Agent: Mozilla/5.0 (compatible; CensysInspect/1.1; +https://about.censys.io/)\n"
                        + "# PTR: Mix of generic/no PTR and ones that end with censys-scanner.com\n"
                        + "# Source: Filtered from https://docs.censys.com/docs/opt-out-of-data-collection\n"
                        + "162.142.125.0/24\n167.94.138.0/24\n");
        IpList list = ListReader.read(p);
        assertThat(list.format()).isEqualTo(ListFormat.OPENFILTERS_CIDR);
        assertThat(list.title()).isEqualTo("Censys (censys.io / censys.com /censys-scanner.com)");
        assertThat(list.source()).isEqualTo("Filtered from https://docs.censys.com/docs/opt-out-of-data-collection");
        assertThat(list.facts())
                .containsEntry("user_agent", "Mozilla/5.0 (compatible; CensysInspect/1.1; +https://about.censys.io/)")
                .containsEntry("ptr", "Mix of generic/no PTR and ones that end with censys-scanner.com");
        assertThat(texts(list)).containsExactly("162.142.125.0/24", "167.94.138.0/24");
    }

    @Test
    void aBinaryFileIsNotAList() throws IOException {
        byte[] b = new byte[4096];
        new Random(1).nextBytes(b);
        b[100] = 0;
        Path p = write("x.mmdb", b);
        assertThatThrownBy(() -> ListReader.read(p))
                .isInstanceOf(ListReader.NotAListException.class)
                .hasMessageContaining("binary data");
        byte[] noNul = new byte[4096];
        new Random(2).nextBytes(noNul);
        for (int i = 0; i < noNul.length; i++) {
            noNul[i] = noNul[i] == 0 ? 1 : noNul[i];
        }
        Path q = write("x.gz", noNul);
        assertThatThrownBy(() -> ListReader.read(q))
                .isInstanceOf(ListReader.NotAListException.class)
                .hasMessageContaining("invalid UTF-8");
    }

    @Test
    void onlyBadLinesIsNotAList() throws IOException {
        Path p = write("words.txt", "hello\nworld\n");
        assertThatThrownBy(() -> ListReader.read(p))
                .isInstanceOf(ListReader.NotAListException.class)
                .hasMessageStartingWith(p + ":1: no line is an entry (2 bad lines, the first: 'hello' is not");
    }

    @Test
    void aHundredMegabyteLineIsOneProblemReadInBoundedMemory() throws IOException {
        Path p = dir.resolve("long.txt");
        try (OutputStream out = Files.newOutputStream(p)) {
            out.write("192.0.2.1\n".getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = new byte[1 << 20];
            Arrays.fill(chunk, (byte) '1');
            for (int i = 0; i < 100; i++) {
                out.write(chunk);
            }
            out.write("\n192.0.2.2\n".getBytes(StandardCharsets.US_ASCII));
        }
        IpList list = ListReader.read(p);
        assertThat(texts(list)).containsExactly("192.0.2.1", "192.0.2.2");
        assertThat(list.problems())
                .containsExactly(new ListProblem(
                        2, "a line of 104857600 bytes; expected at most 65536 bytes per line (one entry per line)"));
    }

    @Test
    void invalidUtf8MidFileIsAProblemOnThatLine() throws IOException {
        StringBuilder sb = new StringBuilder("# caf\u00e9 list\n");
        for (int i = 0; i < 3000; i++) {
            sb.append("192.0.")
                    .append(i / 256 % 256)
                    .append('.')
                    .append(i % 256)
                    .append('\n');
        }
        byte[] good = sb.toString().getBytes(StandardCharsets.UTF_8);
        assertThat(good.length).isGreaterThan(ListReader.SNIFF);
        byte[] bad = "192.0.2.1 # \u00ff\u00fe\n".getBytes(StandardCharsets.ISO_8859_1);
        byte[] tail = "198.51.100.1\n".getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[good.length + bad.length + tail.length];
        System.arraycopy(good, 0, all, 0, good.length);
        System.arraycopy(bad, 0, all, good.length, bad.length);
        System.arraycopy(tail, 0, all, good.length + bad.length, tail.length);
        IpList list = ListReader.read(write("u.txt", all));
        assertThat(list.entries()).hasSize(3001);
        assertThat(list.title()).isEqualTo("caf\u00e9 list");
        assertThat(list.problems())
                .containsExactly(new ListProblem(3002, "not UTF-8 text; expected a UTF-8 text file"));
        // a stray Latin-1 byte in a comment of the first kilobytes is one bad line too, not a binary file
        IpList latin1 =
                ListReader.read(write("l.txt", "# caf\u00e9\n192.0.2.1\n".getBytes(StandardCharsets.ISO_8859_1)));
        assertThat(texts(latin1)).containsExactly("192.0.2.1");
        assertThat(latin1.problems()).extracting(ListProblem::line).containsExactly(1);
    }

    @Test
    void problemsKeptAreCappedAndAllAreCounted() throws IOException {
        StringBuilder sb = new StringBuilder("192.0.2.1\n");
        for (int i = 0; i < 1000; i++) {
            sb.append("bad").append(i).append('\n');
        }
        IpList list = ListReader.read(write("many.txt", sb.toString()));
        assertThat(list.entries()).hasSize(1);
        assertThat(list.problems()).hasSize(ListReader.MAX_PROBLEMS);
        assertThat(list.problemCount()).isEqualTo(1000);
    }

    @Test
    void aMillionEntries() throws IOException {
        Path p = dir.resolve("million.txt");
        try (BufferedWriter w = Files.newBufferedWriter(p)) {
            w.write("# a million\n");
            for (int i = 0; i < 1_000_000; i++) {
                int a = 0x0B000000 + i * 7;
                w.write((a >>> 24) + "." + (a >>> 16 & 255) + "." + (a >>> 8 & 255) + "." + (a & 255));
                w.write(i % 3 == 0 ? "/32\n" : "\n");
            }
        }
        IpList list = ListReader.read(p);
        assertThat(list.problemCount()).isZero();
        assertThat(list.entries()).hasSize(1_000_000);
        assertThat(list.entries().get(999_999).first()).isEqualTo(IpAddress.ofV4(0x0B000000 + 999_999 * 7));
        assertThat(list.entries().get(999_999).line()).isEqualTo(1_000_001);
    }
}
