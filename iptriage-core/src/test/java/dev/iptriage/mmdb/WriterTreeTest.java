package dev.iptriage.mmdb;

import static dev.iptriage.mmdb.WriterTestSupport.builder;
import static dev.iptriage.mmdb.WriterTestSupport.bytes;
import static dev.iptriage.mmdb.WriterTestSupport.ip;
import static dev.iptriage.mmdb.WriterTestSupport.lookup;
import static dev.iptriage.mmdb.WriterTestSupport.occurrences;
import static dev.iptriage.mmdb.WriterTestSupport.reader;
import static org.assertj.core.api.Assertions.assertThat;

import com.maxmind.db.DatabaseRecord;
import com.maxmind.db.Reader;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Specific search tree behaviour: merging, deduplication, aliases, ranges, overlaps. */
class WriterTreeTest {

    @Test
    void adjacentEqualNetworksMergeIntoOneRecord() {
        MmdbWriter adjacent = builder().ipVersion(4).build();
        for (int i = 0; i < 256; i++) {
            adjacent.insert(new byte[] {10, 0, (byte) i, 0}, 24, Map.of("country", "DE"));
        }
        MmdbWriter single = builder().ipVersion(4).build();
        single.insert(ip("10.0.0.0"), 16, Map.of("country", "DE"));

        assertThat(adjacent.nodeCount()).isEqualTo(16).isEqualTo(single.nodeCount());
        assertThat(bytes(adjacent)).isEqualTo(bytes(single));
        DatabaseRecord<Object> hit = lookup(reader(adjacent), ip("10.0.77.1"));
        assertThat(hit.network().prefixLength()).isEqualTo(16);
        assertThat(hit.data()).isEqualTo(Map.of("country", "DE"));
    }

    @Test
    void mergesRegardlessOfInsertOrderAndInterleaving() {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < 1024; i++) {
            order.add(i);
        }
        Collections.shuffle(order, new Random(7));
        MmdbWriter writer = builder().build();
        for (int i : order) {
            writer.insert(new byte[] {(byte) 172, 16, (byte) (i >> 2), (byte) (i << 6)}, 26, "inside");
            writer.insert(new byte[] {(byte) 172, 17, (byte) (i >> 2), (byte) (i << 6)}, 26, "v" + (i % 2));
        }
        writer.remove(ip("172.17.0.0"), 16);

        Reader reader = reader(writer);
        assertThat(lookup(reader, ip("172.16.200.3")).network().prefixLength()).isEqualTo(16);
        assertThat(lookup(reader, ip("::172.16.200.3")).network().prefixLength())
                .isEqualTo(96 + 16);
        assertThat(lookup(reader, ip("::172.17.9.9")).network().prefixLength()).isEqualTo(96 + 16);
        assertThat(lookup(reader, ip("::172.17.9.9")).data()).isNull();
    }

    @Test
    void equalValuesAreStoredOnce() {
        String marker = "a value long enough to be unmistakable in the file bytes";
        MmdbWriter writer = builder().ipVersion(4).build();
        for (int i = 0; i < 10_000; i++) {
            writer.insert(new byte[] {(byte) (i >> 8), (byte) i, 0, 1}, 32, Map.of("note", marker, "n", 7L));
        }
        byte[] database = bytes(writer);

        assertThat(occurrences(database, marker)).isEqualTo(1);
        assertThat(lookup(reader(database), ip("39.15.0.1")).data()).isEqualTo(Map.of("note", marker, "n", 7L));
    }

    @Test
    void repeatedStringsAndSubMapsBecomePointers() {
        Map<String, Object> germany =
                Map.of("iso_code", "DE", "names", Map.of("en", "Germany", "de", "Deutschland", "fr", "Allemagne"));
        MmdbWriter writer = builder().ipVersion(4).build();
        for (int i = 0; i < 1000; i++) {
            writer.insert(
                    new byte[] {(byte) (i >> 8), (byte) i, 0, 0}, 24, Map.of("country", germany, "asn", (long) i));
        }
        byte[] database = bytes(writer);

        assertThat(occurrences(database, "Deutschland")).isEqualTo(1);
        assertThat(occurrences(database, "iso_code")).isEqualTo(1);
        assertThat(occurrences(database, "country")).isEqualTo(1);
        assertThat(lookup(reader(database), ip("3.231.0.9")).data()).isEqualTo(Map.of("country", germany, "asn", 999L));
        // per record: map header, two key pointers, a pointer to the country map, the uint32
        long dataSection = WriterTestSupport.dataSectionSize(database);
        assertThat(dataSection).isLessThan(1000 * 11 + 200);
    }

    @Test
    void lastInsertWinsWhereNetworksOverlap() {
        MmdbWriter writer = builder().ipVersion(4).build();
        writer.insert(ip("10.0.0.0"), 8, "broad");
        writer.insert(ip("10.1.0.0"), 16, "narrow");
        writer.insert(ip("10.1.2.0"), 24, "narrowest");
        writer.insert(ip("10.1.0.0"), 16, "narrow again"); // covers the /24: replaces it

        Reader reader = reader(writer);
        assertThat(lookup(reader, ip("10.9.9.9")).data()).isEqualTo("broad");
        assertThat(lookup(reader, ip("10.1.2.3")).data()).isEqualTo("narrow again");
        assertThat(lookup(reader, ip("10.1.2.3")).network().prefixLength()).isEqualTo(16);
        assertThat(lookup(reader, ip("11.0.0.0")).data()).isNull();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "::ffff:1.2.3.4, IPv4-mapped",
        "2002:102:304::, 6to4",
        "2002:102:304:ffff:ffff:ffff:ffff:ffff, 6to4 with host bits",
        "::1.2.3.4, IPv4 subtree itself"
    })
    void ipv4AliasesAnswerLikeIpv4(String address, String what) {
        MmdbWriter writer = builder().build();
        writer.insert(ip("::"), 0, "default");
        writer.insert(ip("1.2.3.0"), 24, "v4");
        writer.insert(ip("2001::"), 32, "teredo space");

        Reader reader = reader(writer);
        assertThat(lookup(reader, ip(address)).data()).as(what).isEqualTo("v4");
        assertThat(lookup(reader, ip("2002:102:404::")).data()).isEqualTo("default");
        assertThat(lookup(reader, ip("2001:0:102:304::")).data()).isEqualTo("teredo space");
    }

    @Test
    void rangesCoveringAWholeAliasKeepTheAlias() {
        MmdbWriter writer = builder().build();
        writer.insert(ip("1.2.3.0"), 24, "v4");
        writer.insertRange(ip("2000::"), ip("2002:ffff:ffff:ffff:ffff:ffff:ffff:ffff"), "range");
        Reader reader = reader(writer);
        assertThat(lookup(reader, ip("2001:db8::")).data()).isEqualTo("range");
        assertThat(lookup(reader, ip("2002:102:304::")).data()).isEqualTo("v4");
        assertThat(lookup(reader, ip("2002:808:808::")).data()).isNull();
    }

    @Test
    void aliasesAreOffWhenAskedAndInsideThemIsWritable() {
        MmdbWriter writer = builder().aliasIpv4InIpv6(false).build();
        writer.insert(ip("1.2.3.0"), 24, "v4");
        writer.insert(ip("::ffff:1.2.3.0"), 120, "mapped");

        Reader reader = reader(writer);
        assertThat(lookup(reader, ip("::ffff:1.2.3.4")).data()).isEqualTo("mapped");
        assertThat(lookup(reader, ip("2002:102:304::")).data()).isNull();
        assertThat(lookup(reader, ip("1.2.3.4")).data()).isEqualTo("v4");
    }

    @Test
    void aliasesCostNoDataAndIpv4LookupsWork() {
        MmdbWriter writer = builder().build();
        writer.insert(ip("1.2.3.0"), 24, "v4");
        Reader reader = reader(writer);
        DatabaseRecord<Object> viaIpv4 = lookup(reader, ip("1.2.3.4"));
        assertThat(viaIpv4.data()).isEqualTo("v4");
        assertThat(viaIpv4.network().prefixLength()).isEqualTo(24);
        assertThat(lookup(reader, ip("::ffff:1.2.3.4")).network().prefixLength())
                .isEqualTo(96 + 24);
        assertThat(lookup(reader, ip("2002:102:304::")).network().prefixLength())
                .isEqualTo(16 + 24);
    }

    @ParameterizedTest(name = "{0} - {1}")
    @CsvSource({
        "0.0.0.0, 255.255.255.255, 1",
        "1.2.3.4, 1.2.3.4, 32",
        "0.0.0.0, 0.0.0.0, 32",
        "255.255.255.255, 255.255.255.255, 32",
        "0.0.0.0, 0.255.255.255, 8",
        "255.0.0.0, 255.255.255.255, 8",
        "10.0.0.0, 10.0.1.255, 23"
    })
    void rangesCoverExactlyTheirAddresses(String first, String last, int prefixAtFirst) {
        MmdbWriter writer = builder().ipVersion(4).build();
        writer.insertRange(ip(first), ip(last), "in");
        Reader reader = reader(writer);
        assertThat(lookup(reader, ip(first)).data()).isEqualTo("in");
        assertThat(lookup(reader, ip(last)).data()).isEqualTo("in");
        assertThat(lookup(reader, ip(first)).network().prefixLength()).isEqualTo(prefixAtFirst);
        long before = Integer.toUnsignedLong(ByteBuffer.wrap(ip(first)).getInt()) - 1;
        long after = Integer.toUnsignedLong(ByteBuffer.wrap(ip(last)).getInt()) + 1;
        if (before >= 0) {
            assertThat(lookup(reader, ipv4(before)).data()).isNull();
        }
        if (after <= 0xFFFF_FFFFL) {
            assertThat(lookup(reader, ipv4(after)).data()).isNull();
        }
    }

    @Test
    void ipv6RangesIncludingTheWholeSpace() {
        MmdbWriter writer = builder().aliasIpv4InIpv6(false).build();
        writer.insertRange(ip("::"), ip("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"), "all");
        writer.insertRange(ip("2001:db8::5"), ip("2001:db8::1:0"), "some");
        Reader reader = reader(writer);
        assertThat(lookup(reader, ip("::")).data()).isEqualTo("all");
        assertThat(lookup(reader, ip("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")).data())
                .isEqualTo("all");
        assertThat(lookup(reader, ip("2001:db8::4")).data()).isEqualTo("all");
        assertThat(lookup(reader, ip("2001:db8::5")).data()).isEqualTo("some");
        assertThat(lookup(reader, ip("2001:db8::8000")).network().prefixLength())
                .isEqualTo(113);
        assertThat(lookup(reader, ip("2001:db8::1:0")).data()).isEqualTo("some");
        assertThat(lookup(reader, ip("2001:db8::1:1")).data()).isEqualTo("all");
    }

    @Test
    void writingLeavesTheWriterAsItWas() {
        MmdbWriter writer = builder().build();
        writer.insert(ip("::"), 1, "low half, around the mapped alias");
        writer.insert(ip("1.2.3.0"), 24, "v4");
        byte[] first = bytes(writer);
        assertThat(bytes(writer)).isEqualTo(first);
        assertThat(writer.nodeCount()).isEqualTo(reader(first).getMetadata().nodeCount());
        writer.insert(ip("2002::"), 15, "around 6to4");

        MmdbWriter fresh = builder().build();
        fresh.insert(ip("::"), 1, "low half, around the mapped alias");
        fresh.insert(ip("1.2.3.0"), 24, "v4");
        fresh.insert(ip("2002::"), 15, "around 6to4");
        assertThat(bytes(writer)).isEqualTo(bytes(fresh));
        assertThat(lookup(reader(writer), ip("2003::1")).data()).isEqualTo("around 6to4");
        assertThat(lookup(reader(writer), ip("2002:102:304::")).data()).isEqualTo("v4");
        assertThat(lookup(reader(writer), ip("::ffff:1.2.3.4")).data()).isEqualTo("v4");
    }

    @Test
    void emptyDatabaseHasOneNodeAndNoData() {
        for (int version : new int[] {4, 6}) {
            MmdbWriter writer =
                    builder().ipVersion(version).aliasIpv4InIpv6(false).build();
            assertThat(writer.nodeCount()).isEqualTo(1);
            DatabaseRecord<Object> miss = lookup(reader(writer), ip("8.8.8.8"));
            assertThat(miss.data()).isNull();
        }
    }

    private static byte[] ipv4(long address) {
        return new byte[] {(byte) (address >> 24), (byte) (address >> 16), (byte) (address >> 8), (byte) address};
    }
}
