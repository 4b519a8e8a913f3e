package dev.iptriage.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.iptriage.ip.IpAddress;
import java.text.Collator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link Ranking} in every {@link Order}: a top N (the heap) is the first N rows of the full sort, the full sort is
 * the documented order (written here again, apart from {@link Order#comparator()}), and a top N never holds more
 * than N rows.
 */
class RankingTest {
    /** One generated row: its address (null: not an address) or text, count and key value. */
    private record Row(int id, IpAddress ip, int prefix, String zone, String text, long count, Object value) {
        Order.Entry<Row> entry() {
            return ip == null
                    ? new Order.Entry<>(this, null, text, count, value)
                    : new Order.Entry<>(this, ip, prefix, zone, null, count, value);
        }
    }

    @ParameterizedTest
    @EnumSource(Order.Key.class)
    void aTopIsTheFirstRowsOfTheFullSortWhichIsTheDocumentedOrder(Order.Key key) {
        for (int seed = 0; seed < 40; seed++) {
            Random rnd = new Random(seed * 31L + key.ordinal());
            List<Row> rows = rows(rnd, key, 1 + rnd.nextInt(300));
            for (boolean reversed : new boolean[] {false, true}) {
                List<Row> expected = new ArrayList<>(rows);
                expected.sort(documented(key, reversed));
                assertThat(rank(rows, new Order(key, reversed, 0)))
                        .as("seed %d, %s%s", seed, key, reversed ? " -r" : "")
                        .isEqualTo(expected);
                for (int top : new int[] {1, 2, 5, rows.size(), rows.size() + 3}) {
                    assertThat(rank(rows, new Order(key, reversed, top)))
                            .as("seed %d, %s%s, top %d", seed, key, reversed ? " -r" : "", top)
                            .isEqualTo(expected.subList(0, Math.min(top, expected.size())));
                }
            }
        }
    }

    @Test
    void aTopKeepsAtMostItsRowsWhateverIsOffered() {
        Random rnd = new Random(7);
        Ranking<Row> r = new Ranking<>(new Order(Order.Key.COUNT, true, 10));
        for (Row row : rows(rnd, Order.Key.COUNT, 100_000)) {
            r.offer(row.entry());
            assertThat(r.size()).isLessThanOrEqualTo(10);
        }
        assertThat(r.size()).isEqualTo(10);
        assertThat(r.drain()).hasSize(10);
        assertThat(r.size()).isZero();
    }

    @ParameterizedTest
    @EnumSource(Order.Key.class)
    void wouldKeepSaysWhatOfferDoesWithAProbeThatHasNoItem(Order.Key key) {
        // the report asks with an item-less probe before it builds a row's cells: the answer must be offer's
        Random rnd = new Random(key.ordinal() + 99L);
        for (boolean reversed : new boolean[] {false, true}) {
            Ranking<Row> r = new Ranking<>(new Order(key, reversed, 7));
            for (Row row : rows(rnd, key, 400)) {
                Order.Entry<Row> e = row.entry();
                Order.Entry<Row> probe =
                        new Order.Entry<>(null, e.ip(), e.prefixLength(), e.zone(), e.text(), e.count(), e.value());
                boolean expected = r.wouldKeep(probe);
                List<Row> before = r.sorted();
                r.offer(e);
                assertThat(r.sorted().contains(row)).as("%s %s", key, row).isEqualTo(expected);
                if (!expected) {
                    assertThat(r.sorted()).isEqualTo(before);
                }
            }
        }
    }

    @Test
    void aFullSortKeepsEveryRowAndTheRankingCanBeReadTwice() {
        Random rnd = new Random(8);
        List<Row> rows = rows(rnd, Order.Key.IP, 500);
        Ranking<Row> r = new Ranking<>(new Order(Order.Key.IP, false, 0));
        rows.forEach(x -> r.offer(x.entry()));
        assertThat(r.size()).isEqualTo(rows.size());
        List<Row> once = r.sorted();
        assertThat(r.sorted()).isEqualTo(once);
        assertThat(r.drain()).isEqualTo(once);
    }

    @Test
    void keysHaveTheirCommandLineNames() {
        assertThat(Order.Key.byName("first_seen")).contains(Order.Key.FIRST_SEEN);
        assertThat(Order.Key.byName(" Last-Seen ")).contains(Order.Key.LAST_SEEN);
        assertThat(Order.Key.byName("city")).isEmpty();
        assertThat(Order.Key.names()).isEqualTo("count, ip, asn, country, first_seen, last_seen");
        assertThat(new Order(Order.Key.COUNT, true, 10)).hasToString("--sort count -r --top 10");
        assertThatThrownBy(() -> new Order(null, false, 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Order(Order.Key.IP, false, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    private static List<Row> rank(List<Row> rows, Order order) {
        Ranking<Row> r = new Ranking<>(order);
        rows.forEach(x -> r.offer(x.entry()));
        return r.drain();
    }

    /** Rows with many ties: few counts, few values, repeated addresses in other forms, invalid rows. */
    private static List<Row> rows(Random rnd, Order.Key key, int n) {
        List<Row> out = new ArrayList<>();
        String[] countries = {"Österreich", "Oman", "oman", "Zimbabwe", "Åland", "Albania", "Ägypten", "10"};
        for (int i = 0; i < n; i++) {
            long count = 1 + rnd.nextInt(4);
            Object value = rnd.nextInt(5) == 0
                    ? null
                    : switch (key) {
                        case ASN -> (long) rnd.nextInt(6) * 1000;
                        case COUNTRY -> countries[rnd.nextInt(countries.length)];
                        case FIRST_SEEN, LAST_SEEN -> Instant.ofEpochSecond(1_700_000_000L + rnd.nextInt(5));
                        default -> null;
                    };
            int kind = rnd.nextInt(10);
            if (kind == 0) {
                out.add(new Row(i, null, -1, null, "bad " + rnd.nextInt(5) + " #" + i, count, value));
                continue;
            }
            IpAddress ip = kind < 6
                    ? IpAddress.ofV4(rnd.nextInt(8) << 24 | rnd.nextInt(3))
                    : IpAddress.ofV6(rnd.nextInt(3) == 0 ? 0 : 0x2001_0db8_0000_0000L, rnd.nextInt(6));
            int prefix = rnd.nextInt(6) == 0 ? (ip.isV4() ? 24 : 64) : -1;
            String zone = !ip.isV4() && prefix < 0 && rnd.nextInt(4) == 0 ? "eth" + rnd.nextInt(2) : null;
            out.add(new Row(i, ip, prefix, zone, null, count, value));
        }
        // the same address twice is no row of a real run (rows are distinct): drop repeats
        List<Row> distinct = new ArrayList<>();
        java.util.Set<List<Object>> seen = new java.util.HashSet<>();
        for (Row r : out) {
            if (seen.add(java.util.Arrays.asList(r.ip(), r.prefix(), r.zone(), r.text()))) {
                distinct.add(r);
            }
        }
        return distinct;
    }

    /** The order as the documentation states it, written without {@link Order#comparator()}. */
    private static Comparator<Row> documented(Order.Key key, boolean reversed) {
        Collator collator = Collator.getInstance(Locale.ROOT);
        return (a, b) -> {
            // not an address: after every address, in both directions
            if ((a.ip() == null) != (b.ip() == null)) {
                return a.ip() == null ? 1 : -1;
            }
            boolean valued = key != Order.Key.COUNT && key != Order.Key.IP;
            // no value: after every row with one, in both directions
            if (valued && (a.value() == null) != (b.value() == null)) {
                return a.value() == null ? 1 : -1;
            }
            int c = 0;
            if (key == Order.Key.COUNT) {
                c = Long.compare(a.count(), b.count());
            } else if (key == Order.Key.IP && a.ip() != null) {
                c = address(a, b);
            } else if (valued && a.value() != null) {
                c = switch (key) {
                    case ASN -> Long.compare((Long) a.value(), (Long) b.value());
                    case COUNTRY -> {
                        int x = collator.compare((String) a.value(), (String) b.value());
                        yield x != 0 ? x : ((String) a.value()).compareTo((String) b.value());
                    }
                    default -> ((Instant) a.value()).compareTo((Instant) b.value());
                };
            }
            if (c != 0) {
                return reversed ? -c : c;
            }
            // ties: by the address ascending (rows that are not one: by their text)
            return a.ip() == null ? a.text().compareTo(b.text()) : address(a, b);
        };
    }

    /** IPv4 before IPv6, numerically by the bytes; then the address before its networks; then no zone first. */
    private static int address(Row a, Row b) {
        byte[] x = a.ip().toBytes();
        byte[] y = b.ip().toBytes();
        if (x.length != y.length) {
            return Integer.compare(x.length, y.length);
        }
        int c = java.util.Arrays.compareUnsigned(x, y);
        if (c != 0) {
            return c;
        }
        c = Integer.compare(a.prefix(), b.prefix());
        if (c != 0) {
            return c;
        }
        return Comparator.nullsFirst(Comparator.<String>naturalOrder()).compare(a.zone(), b.zone());
    }
}
