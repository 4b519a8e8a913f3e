package dev.iptriage.lists;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.iptriage.ip.IpAddress;
import dev.iptriage.ip.IpLiteral;
import dev.iptriage.lists.ListIndex.Hit;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile list files through {@link ListReader} and {@link ListIndex}: binary files, a 100 MB line (written in chunks,
 * never held), a million entries, IPv6 ranges across boundaries and overlapping entries, each checked against an
 * independent brute force where there is an answer to compare.
 */
class HostileListsTest {

    @TempDir
    Path dir;

    private Path write(String name, byte[] content) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, content);
        return p;
    }

    private Path write(String name, String content) throws IOException {
        return write(name, content.getBytes(StandardCharsets.UTF_8));
    }

    private static IpAddress ip(String s) {
        return IpLiteral.parseStrict(s).orElseThrow();
    }

    private static List<String> texts(IpList list) {
        return list.entries().stream().map(ListEntry::text).toList();
    }

    /** The bytes this thread allocated so far (HotSpot's per-thread counter: a measure of memory, not of time). */
    private static long allocated() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    // ---- binary files

    @Test
    void rawGzipBytesAreNotAListButAGzipFileIsReadAsTheListItHolds() throws IOException {
        Path p = dir.resolve("drop.txt.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(p))) {
            for (int i = 0; i < 1000; i++) {
                out.write(("192.0." + i / 256 % 256 + "." + i % 256 + "\n").getBytes(StandardCharsets.US_ASCII));
            }
        }
        try (InputStream in = Files.newInputStream(p)) {
            assertThatThrownBy(() -> ListReader.read(in, p.toString(), "drop"))
                    .isInstanceOf(ListReader.NotAListException.class)
                    .hasMessage(p + ": gzip-compressed data; expected a text list (decompress it first)");
        }
        IpList l = ListReader.read(p);
        assertThat(l.name()).isEqualTo("drop");
        assertThat(l.entries()).hasSize(1000);
        // gzip inside gzip: the inner gzip data is not a list
        Path twice = dir.resolve("twice.txt.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(twice))) {
            out.write(Files.readAllBytes(p));
        }
        assertThatThrownBy(() -> ListReader.read(twice))
                .isInstanceOf(ListReader.NotAListException.class)
                .hasMessage(twice + ": gzip-compressed data; expected a text list (decompress it first)");
    }

    @Test
    void compressedArchiveAndImageFilesAreNotListsAndTheMessageNamesTheirKind() throws IOException {
        Map<String, String> messages = Map.of(
                "89504e470d0a1a0a0000000d49484452", "a PNG image; expected a text list",
                "ffd8ffe000104a464946", "a JPEG image; expected a text list",
                "504b0304140000000800", "a ZIP archive; expected a text list (extract it first)",
                "425a683931415926535921", "bzip2-compressed data; expected a text list (decompress it first)",
                "fd377a585a000004e6d6b446", "xz-compressed data; expected a text list (decompress it first)",
                "28b52ffd2400b10000", "zstd-compressed data; expected a text list (decompress it first)");
        for (Map.Entry<String, String> m : messages.entrySet()) {
            byte[] head = HexFormat.of().parseHex(m.getKey());
            byte[] b = Arrays.copyOf(head, 2000);
            for (int i = head.length; i < b.length; i++) {
                b[i] = (byte) ('0' + i % 10); // text-looking after the signature: the signature decides
            }
            Path p = write("x" + m.getKey().substring(0, 4), b);
            assertThatThrownBy(() -> ListReader.read(p))
                    .isInstanceOf(ListReader.NotAListException.class)
                    .hasMessage(p + ": " + m.getValue());
        }
        // the PNG signature alone, 8 bytes without a NUL, is still an image
        Path sig = write("sig.png", HexFormat.of().parseHex("89504e470d0a1a0a"));
        assertThatThrownBy(() -> ListReader.read(sig))
                .isInstanceOf(ListReader.NotAListException.class)
                .hasMessage(sig + ": a PNG image; expected a text list");
    }

    @Test
    void nulBytesAndRandomBytesAreNotLists() throws IOException {
        Path nul = write("nul.txt", new byte[100]);
        assertThatThrownBy(() -> ListReader.read(nul))
                .isInstanceOf(ListReader.NotAListException.class)
                .hasMessage(nul + ": binary data (a NUL byte at offset 0); expected a text list");
        RandomGenerator r = RandomGeneratorFactory.of("L64X128MixRandom").create(7);
        for (int size : new int[] {16, 1000, ListReader.SNIFF, 3 * ListReader.SNIFF}) {
            byte[] b = new byte[size];
            r.nextBytes(b);
            Path p = write("random-" + size + ".bin", b);
            assertThatThrownBy(() -> ListReader.read(p))
                    .as("%d random bytes", size)
                    .isInstanceOf(ListReader.NotAListException.class)
                    .hasMessageStartingWith(p + ":");
        }
        // UTF-16 text has NUL bytes in every ASCII character
        Path utf16 = write("utf16.txt", "\uFEFF192.0.2.1\n".getBytes(StandardCharsets.UTF_16LE));
        assertThatThrownBy(() -> ListReader.read(utf16))
                .isInstanceOf(ListReader.NotAListException.class)
                .hasMessage(utf16 + ": UTF-16 text; expected a UTF-8 text list");
    }

    @Test
    void binaryDataAfterTheSniffedStartIsBadLinesAndTheEntriesAreKept() throws IOException {
        Path p = dir.resolve("tail.txt");
        int good = 0;
        try (OutputStream out = Files.newOutputStream(p)) {
            StringBuilder sb = new StringBuilder();
            while (sb.length() < 2 * ListReader.SNIFF) {
                sb.append("198.51.")
                        .append(good / 256 % 256)
                        .append('.')
                        .append(good % 256)
                        .append('\n');
                good++;
            }
            out.write(sb.toString().getBytes(StandardCharsets.US_ASCII));
            byte[] junk = new byte[1 << 20];
            RandomGeneratorFactory.of("L64X128MixRandom").create(3).nextBytes(junk);
            out.write(junk);
            out.write("\n203.0.113.7\n".getBytes(StandardCharsets.US_ASCII));
        }
        IpList list = ListReader.read(p);
        assertThat(list.entries()).hasSize(good + 1);
        assertThat(texts(list).get(good)).isEqualTo("203.0.113.7");
        assertThat(list.problemCount()).isGreaterThan(1000);
        assertThat(list.problems()).hasSize(ListReader.MAX_PROBLEMS);
    }

    // ---- a 100 MB line

    private void writeLongLine(OutputStream out, long bytes, byte fill) throws IOException {
        byte[] chunk = new byte[1 << 20];
        Arrays.fill(chunk, fill);
        for (long left = bytes; left > 0; left -= chunk.length) {
            out.write(chunk, 0, (int) Math.min(left, chunk.length));
        }
    }

    private static final long HUNDRED_MB = 100L << 20;

    @Test
    void aHundredMegabyteLineAmidDropJsonLinesIsOneProblemInBoundedMemory() throws IOException {
        Path p = dir.resolve("drop_v4.json");
        try (OutputStream out = Files.newOutputStream(p)) {
            out.write("{\"cidr\":\"192.0.2.0/24\",\"sblid\":\"SBL1\",\"rir\":\"arin\"}\n{\"cidr\":\""
                    .getBytes(StandardCharsets.US_ASCII));
            writeLongLine(out, HUNDRED_MB, (byte) '1');
            out.write("\"}\n{\"cidr\":\"198.51.100.0/24\",\"sblid\":\"SBL2\",\"rir\":\"arin\"}\n"
                    .getBytes(StandardCharsets.US_ASCII));
            out.write("{\"type\":\"metadata\",\"timestamp\":1744682874,\"records\":2}\n"
                    .getBytes(StandardCharsets.US_ASCII));
        }
        long before = allocated();
        IpList list = ListReader.read(p);
        long used = allocated() - before;
        assertThat(texts(list)).containsExactly("192.0.2.0/24", "198.51.100.0/24");
        assertThat(list.entries().get(1).facts()).containsEntry("sblid", "SBL2");
        assertThat(list.date()).isEqualTo("2025-04-15T02:07:54Z");
        assertThat(list.problems())
                .containsExactly(new ListProblem(
                        2, "a line of 104857611 bytes; expected at most 65536 bytes per line (one entry per line)"));
        assertThat(used).as("bytes allocated reading 100 MB").isLessThan(HUNDRED_MB / 4);
    }

    @Test
    void aHundredMegabyteFirstLineOfDropJsonLinesIsOneProblemAndTheRestIsRead() throws IOException {
        Path p = dir.resolve("drop_v6.json");
        try (OutputStream out = Files.newOutputStream(p)) {
            out.write("{\"cidr\":\"".getBytes(StandardCharsets.US_ASCII));
            writeLongLine(out, HUNDRED_MB, (byte) '2');
            out.write("\"}\n{\"cidr\":\"2001:db8::/32\",\"sblid\":\"SBL3\",\"rir\":\"ripencc\"}\n"
                    .getBytes(StandardCharsets.US_ASCII));
        }
        IpList list = ListReader.read(p);
        assertThat(list.format()).isEqualTo(ListFormat.SPAMHAUS_DROP_JSONL);
        assertThat(texts(list)).containsExactly("2001:db8::/32");
        assertThat(list.problems()).extracting(ListProblem::line).containsExactly(1);
    }

    @Test
    void aPlainListWithAHundredMegabyteLineAllocatesAFractionOfIt() throws IOException {
        Path p = dir.resolve("long.txt");
        try (OutputStream out = Files.newOutputStream(p)) {
            out.write("# Source: somewhere\n192.0.2.1\n".getBytes(StandardCharsets.US_ASCII));
            writeLongLine(out, HUNDRED_MB, (byte) 'a');
            out.write("\r\n192.0.2.2".getBytes(StandardCharsets.US_ASCII)); // CRLF, and no line end at the end
        }
        long before = allocated();
        IpList list = ListReader.read(p);
        long used = allocated() - before;
        assertThat(texts(list)).containsExactly("192.0.2.1", "192.0.2.2");
        assertThat(list.problems()).extracting(ListProblem::line).containsExactly(3);
        assertThat(list.problemCount()).isOne();
        assertThat(used).as("bytes allocated reading 100 MB").isLessThan(HUNDRED_MB / 4);
    }

    @Test
    void aFileThatIsOneHundredMegabyteLineIsNotAList() throws IOException {
        Path p = dir.resolve("one.txt");
        try (OutputStream out = Files.newOutputStream(p)) {
            writeLongLine(out, HUNDRED_MB, (byte) '9');
        }
        assertThatThrownBy(() -> ListReader.read(p))
                .isInstanceOf(ListReader.NotAListException.class)
                .hasMessage(p + ":1: no line is an entry (1 bad lines, the first: a line of 104857600 bytes; expected"
                        + " at most 65536 bytes per line (one entry per line))");
    }

    @Test
    void aMinifiedMispWarninglistOnOneLineLongerThanTheSniffedStartIsRead() throws IOException {
        StringBuilder sb = new StringBuilder(
                "{\"name\":\"List of known cloud ranges\",\"type\":\"cidr\",\"version\":3,\"category\":\"false-positive\",\"list\":[");
        for (int i = 0; i < 4000; i++) {
            sb.append(i == 0 ? "" : ",")
                    .append('"')
                    .append(v4Text(0xC633_0000 + i * 256))
                    .append("/24\"");
        }
        sb.append("]}"); // jq -c output: one line, no line end
        assertThat(sb.length()).isGreaterThan(3 * ListReader.SNIFF);
        IpList list = ListReader.read(write("cloud.json", sb.toString()));
        assertThat(list.format()).isEqualTo(ListFormat.MISP_WARNINGLIST);
        assertThat(list.title()).isEqualTo("List of known cloud ranges");
        assertThat(list.entries()).hasSize(4000);
        assertThat(texts(list).get(3999)).isEqualTo(v4Text(0xC633_0000 + 3999 * 256) + "/24");
        assertThat(list.problemCount()).isZero();
    }

    @Test
    void aHundredMegabyteStringInAMispWarninglistIsNotAListInBoundedMemory() throws IOException {
        Path p = dir.resolve("misp.json");
        try (OutputStream out = Files.newOutputStream(p)) {
            out.write("{\"name\":\"m\",\"type\":\"cidr\",\"list\":[\"192.0.2.0/24\",\""
                    .getBytes(StandardCharsets.US_ASCII));
            writeLongLine(out, HUNDRED_MB, (byte) '1');
            out.write("\",\"198.51.100.1\"]}\n".getBytes(StandardCharsets.US_ASCII));
        }
        long before = allocated();
        assertThatThrownBy(() -> ListReader.read(p))
                .isInstanceOf(ListReader.NotAListException.class)
                .hasMessageStartingWith(p + ":1: JSON beyond the limits (")
                .hasMessageEndingWith("); expected a MISP warninglist");
        assertThat(allocated() - before).as("bytes allocated reading 100 MB").isLessThan(HUNDRED_MB / 4);
    }

    // ---- a million entries

    /** One list's entries in primitive arrays, for a brute-force scan that is fast enough for a million. */
    private record Flat(long[] fHi, long[] fLo, long[] lHi, long[] lLo, boolean[] v4) {
        static Flat of(List<ListEntry> entries) {
            int n = entries.size();
            Flat f = new Flat(new long[n], new long[n], new long[n], new long[n], new boolean[n]);
            for (int i = 0; i < n; i++) {
                ListEntry e = entries.get(i);
                f.fHi[i] = e.first().hi();
                f.fLo[i] = e.first().lo();
                f.lHi[i] = e.last().hi();
                f.lLo[i] = e.last().lo();
                f.v4[i] = e.first().isV4();
            }
            return f;
        }

        /** The index of the narrowest entry covering the address (the first of equally narrow ones), or -1. */
        int narrowest(IpAddress probe) {
            IpAddress p = probe.unmap();
            int best = -1;
            long bestHi = 0;
            long bestLo = 0;
            for (int i = 0; i < v4.length; i++) {
                long hi;
                long lo;
                if (v4[i] == p.isV4()) {
                    hi = p.hi();
                    lo = p.lo();
                } else if (p.isV4()) { // an IPv6 entry covers the IPv4 addresses it maps
                    hi = 0;
                    lo = 0xFFFF_0000_0000L | (p.lo() & 0xFFFF_FFFFL);
                } else {
                    continue;
                }
                if (ListIndex.compare(fHi[i], fLo[i], hi, lo) <= 0 && ListIndex.compare(hi, lo, lHi[i], lLo[i]) <= 0) {
                    long sizeLo = lLo[i] - fLo[i]; // last - first, as a 128-bit unsigned number
                    long sizeHi = lHi[i] - fHi[i] - (Long.compareUnsigned(lLo[i], fLo[i]) < 0 ? 1 : 0);
                    if (best < 0 || ListIndex.compare(sizeHi, sizeLo, bestHi, bestLo) < 0) {
                        best = i;
                        bestHi = sizeHi;
                        bestLo = sizeLo;
                    }
                }
            }
            return best;
        }
    }

    private static BigInteger big(long hi, long lo) {
        return new BigInteger(Long.toUnsignedString(hi)).shiftLeft(64).add(new BigInteger(Long.toUnsignedString(lo)));
    }

    private static String v4Text(int a) {
        return (a >>> 24) + "." + (a >>> 16 & 255) + "." + (a >>> 8 & 255) + "." + (a & 255);
    }

    @Test
    void aMillionEntriesAreReadIndexedAndMatchTheBruteForceOnSampledProbes() throws IOException {
        RandomGenerator r = RandomGeneratorFactory.of("L64X128MixRandom").create(1_000_000);
        Path p = dir.resolve("million.netset");
        int base = 0x0B00_0000; // 11.0.0.0/12: a million entries in a million addresses nest, overlap and repeat
        try (BufferedWriter w = Files.newBufferedWriter(p)) {
            w.write("#\n# million\n#\n# ipv4 hash:net ipset\n#\n# This File Date  : Sun Dec  6 00:00:00 UTC 2026\n#\n");
            for (int i = 0; i < 1_000_000; i++) {
                int kind = r.nextInt(20);
                int a = base + r.nextInt(1 << 20);
                if (kind < 8) {
                    w.write(v4Text(a));
                } else if (kind < 14) {
                    int host = r.nextInt(r.nextInt(50) == 0 ? 21 : 9);
                    w.write(v4Text(a & (-1 << host)) + "/" + (32 - host));
                } else if (kind < 17) {
                    w.write(v4Text(a) + "-" + v4Text(a + r.nextInt(2000)));
                } else if (kind < 19) {
                    int low = r.nextInt(1 << 16);
                    int prefix = 112 + r.nextInt(17);
                    // written as a network (no host bits set: such a line is refused as ambiguous)
                    w.write("2001:db8::" + Integer.toHexString(low & (0xFFFF << (128 - prefix)) & 0xFFFF) + "/"
                            + prefix);
                } else {
                    int prefix = 120 + r.nextInt(9);
                    w.write("::ffff:" + v4Text(a & (-1 << (128 - prefix))) + "/" + prefix);
                }
                w.write(r.nextInt(10) == 0 ? " # note\n" : "\n");
            }
        }
        IpList million = ListReader.read(p);
        assertThat(million.problemCount()).isZero();
        assertThat(million.format()).isEqualTo(ListFormat.FIREHOL_NETSET);
        assertThat(million.entries()).hasSize(1_000_000);
        assertThat(million.entries().get(999_999).line()).isEqualTo(1_000_007);
        IpList wide = ListReader.read(write("wide.txt", "11.0.0.0/8\n11.8.0.0/13\n::/0\n2001:db8::/32\n"));
        ListIndex index = ListIndex.of(List.of(million, wide));
        assertThat(index.entryCount()).isEqualTo(1_000_004);

        Flat flat = Flat.of(million.entries());
        Flat flatWide = Flat.of(wide.entries());
        List<IpAddress> probes = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            ListEntry e = million.entries().get(r.nextInt(1_000_000));
            BigInteger f = big(e.first().hi(), e.first().lo());
            BigInteger l = big(e.last().hi(), e.last().lo());
            for (BigInteger x : List.of(f, l, f.subtract(BigInteger.ONE), l.add(BigInteger.ONE))) {
                probes.add(
                        e.first().isV4()
                                ? IpAddress.ofV4(x.intValue())
                                : IpAddress.ofV6(x.shiftRight(64).longValue(), x.longValue()));
            }
        }
        for (int i = 0; i < 30; i++) {
            probes.add(IpAddress.ofV4(base - 100 + r.nextInt((1 << 20) + 200)));
            probes.add(ip("::ffff:" + v4Text(base + r.nextInt(1 << 20))));
            probes.add(IpAddress.ofV6(0x2001_0db8_0000_0000L, r.nextInt(1 << 17)));
        }
        for (IpAddress probe : probes) {
            List<Hit> expected = new ArrayList<>();
            int m = flat.narrowest(probe);
            if (m >= 0) {
                expected.add(new Hit("million", million.entries().get(m)));
            }
            int w = flatWide.narrowest(probe);
            if (w >= 0) {
                expected.add(new Hit("wide", wide.entries().get(w)));
            }
            assertThat(index.match(probe)).as("%s", probe).isEqualTo(expected);
        }
        assertThat(probes).hasSize(210);
    }

    // ---- IPv6 ranges across boundaries

    @Test
    void ipv6RangesAcrossBoundariesMatchLikeABruteForceIntervalCheck() throws IOException {
        String text = String.join(
                "\n",
                "# ranges across the edges of ::ffff:0:0/96, 2001::/16, the 64-bit seam and the whole space",
                "::fffe:ffff:ffff-::ffff:0.0.0.0", // ends on the first IPv4-mapped address
                "::ffff:255.255.255.255-::1:0:0:0", // starts on the last one
                "::fffe:0:0-::1:0:0:5", // spans the whole mapped space
                "::ffff:10.0.0.0-::ffff:10.0.0.255",
                "2001:ffff:ffff:ffff:ffff:ffff:ffff:fff0-2002::f", // 2001::/16 into 2002::/16
                "2001::/16",
                "2002::/16",
                "::ffff:ffff:ffff:ffff-::1:0:0:0:0", // the 64-bit seam
                "ffff:ffff:ffff:ffff:ffff:ffff:ffff:fff0-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
                "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
                "2002::f-2001:ffff:ffff:ffff:ffff:ffff:ffff:fff0", // reversed: a problem, not a silent range
                "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff-::", // reversed whole space
                "255.255.255.0-255.255.255.255",
                "");
        IpList ranges = ListReader.read(write("ranges.txt", text));
        assertThat(ranges.problems()).extracting(ListProblem::line).containsExactly(12, 13);
        assertThat(ranges.problems().get(0).message())
                .isEqualTo("range '2002::f-2001:ffff:ffff:ffff:ffff:ffff:ffff:fff0' ends before it starts; expected the"
                        + " first address first");
        assertThat(ranges.entries()).hasSize(11);
        IpList all = ListReader.read(write("all.txt", "::/0\n"));
        IpList none = ListReader.read(write("empty.txt", "# nothing\n"));
        List<IpList> lists = List.of(ranges, all, none);
        ListIndex index = ListIndex.of(lists);

        RandomGenerator r = RandomGeneratorFactory.of("L64X128MixRandom").create(6);
        List<IpAddress> probes = ListIndexTest.probes(lists, r);
        for (String s : List.of(
                "::",
                "::1",
                "::ffff:0.0.0.0",
                "0.0.0.0",
                "255.255.255.255",
                "::ffff:255.255.255.255",
                "::1:0:0:0",
                "10.0.0.0",
                "10.0.1.0",
                "1.2.3.4",
                "2001::",
                "2000:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
                "2002::10",
                "2002:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
                "2003::",
                "::1:0:0:0:0",
                "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
                "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffef")) {
            probes.add(ip(s));
        }
        for (IpAddress probe : probes) {
            assertThat(index.match(probe)).as("%s", probe).isEqualTo(ListIndexTest.bruteForce(lists, probe));
        }
        // the answers on a few, written out
        assertThat(index.match(ip("0.0.0.0")))
                .extracting(h -> h.list() + " " + h.entry().text())
                .containsExactly("all ::/0", "ranges ::fffe:ffff:ffff-::ffff:0.0.0.0");
        assertThat(index.match(ip("255.255.255.255")))
                .extracting(h -> h.list() + " " + h.entry().text())
                .containsExactly("all ::/0", "ranges ::ffff:255.255.255.255-::1:0:0:0");
        assertThat(index.match(ip("::ffff:255.255.255.255"))).isEqualTo(index.match(ip("255.255.255.255")));
        assertThat(index.match(ip("2002::10")))
                .extracting(h -> h.list() + " " + h.entry().text())
                .containsExactly("all ::/0", "ranges 2002::/16");
        assertThat(index.match(ip("2002::f")))
                .extracting(h -> h.list() + " " + h.entry().text())
                .containsExactly("all ::/0", "ranges 2001:ffff:ffff:ffff:ffff:ffff:ffff:fff0-2002::f");
        assertThat(index.match(ip("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")))
                .extracting(h -> h.list() + " " + h.entry().text())
                .containsExactly("all ::/0", "ranges ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff");
        assertThat(index.match(ip("1.2.3.4")))
                .extracting(h -> h.list() + " " + h.entry().text())
                .containsExactly("all ::/0", "ranges ::fffe:0:0-::1:0:0:5");
        assertThat(index.match(ip("::1"))).extracting(Hit::list).containsExactly("all");
    }

    // ---- overlaps within and across lists, read from files

    @Test
    void overlappingEntriesInOneListAndAcrossListsGiveEachListsMostSpecificEntry() throws IOException {
        IpList drop = ListReader.read(write(
                "drop_v4.json",
                "{\"cidr\":\"10.0.0.0/8\",\"sblid\":\"SBL8\",\"rir\":\"arin\"}\n"
                        + "{\"cidr\":\"10.1.0.0/16\",\"sblid\":\"SBL16\",\"rir\":\"arin\"}\n"
                        + "{\"cidr\":\"10.1.2.0/24\",\"sblid\":\"SBL24\",\"rir\":\"arin\"}\n"
                        + "{\"cidr\":\"10.1.2.0/24\",\"sblid\":\"SBL24b\",\"rir\":\"arin\"}\n"
                        + "{\"type\":\"metadata\",\"timestamp\":1744682874,\"records\":4}\n"));
        IpList watch = ListReader.read(write(
                "watch.txt",
                "10.1.2.128-10.1.3.127 # a range across the /24\n10.0.0.0/8\n10.1.2.200\n10.1.2.200\n"
                        + "::ffff:10.1.2.0/120 # the same /24, IPv4-mapped\n"));
        List<IpList> lists = List.of(watch, drop);
        ListIndex index = ListIndex.of(lists);
        assertThat(index.match(ip("10.1.2.200")))
                .extracting(h -> h.list() + " " + h.entry().text() + " "
                        + h.entry().line() + " " + h.facts().get("sblid"))
                .containsExactly("drop_v4 10.1.2.0/24 3 SBL24", "watch 10.1.2.200 3 null");
        assertThat(index.match(ip("10.1.2.1")))
                .extracting(h -> h.list() + " " + h.entry().text())
                .containsExactly("drop_v4 10.1.2.0/24", "watch ::ffff:10.1.2.0/120");
        assertThat(index.match(ip("10.1.3.0")))
                .extracting(h -> h.list() + " " + h.entry().text())
                .containsExactly("drop_v4 10.1.0.0/16", "watch 10.1.2.128-10.1.3.127");
        assertThat(index.match(ip("10.2.0.0")))
                .extracting(h -> h.list() + " " + h.facts().get("sblid"))
                .containsExactly("drop_v4 SBL8", "watch null");
        assertThat(index.match(ip("11.0.0.0"))).isEmpty();
        RandomGenerator r = RandomGeneratorFactory.of("L64X128MixRandom").create(8);
        for (IpAddress probe : ListIndexTest.probes(lists, r)) {
            assertThat(index.match(probe)).as("%s", probe).isEqualTo(ListIndexTest.bruteForce(lists, probe));
        }
    }
}
