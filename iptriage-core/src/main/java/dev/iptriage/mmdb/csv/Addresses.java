package dev.iptriage.mmdb.csv;

import de.siegmar.fastcsv.reader.CsvRecord;
import dev.iptriage.ip.Cidr;
import dev.iptriage.ip.IpAddress;
import dev.iptriage.ip.IpLiteral;
import dev.iptriage.text.CellText;

/** The address columns of a {@code db build} row. */
final class Addresses {
    private Addresses() {}

    /** First and last address of the row, as 4 or 16 bytes each. */
    static byte[][] range(CsvRecord rec, Header h) {
        if (h.network() >= 0) {
            Cidr c = network(field(rec, h.network(), "network"));
            return new byte[][] {c.first().toBytes(), c.last().toBytes()};
        }
        IpAddress first = address(field(rec, h.start(), "start"), "start");
        IpAddress last = address(field(rec, h.end(), "end"), "end");
        if (first.isV4() != last.isV4()) {
            throw new IllegalArgumentException("start " + first + " and end " + last + " are not the same IP version");
        }
        if (first.compareTo(last) > 0) {
            throw new IllegalArgumentException("start " + first + " is after end " + last);
        }
        return new byte[][] {first.toBytes(), last.toBytes()};
    }

    /** The IPv6 networks an IPv6 database built here answers from its IPv4 rows, as in MaxMind's files. */
    private static final String[][] ALIASES = {
        {"::ffff:0:0/96", "the IPv4-mapped addresses: ::ffff:1.2.3.4 is looked up as 1.2.3.4"},
        {"2002::/16", "6to4: 2002:102:304:: is looked up as 1.2.3.4"}
    };

    /** The first and last address of each of {@link #ALIASES}, as bytes (made once, compared per row). */
    private static final byte[][][] ALIAS_RANGES = {
        {
            IpAddress.ofV6(0, 0x0000_ffff_0000_0000L).toBytes(),
            IpAddress.ofV6(0, 0x0000_ffff_ffff_ffffL).toBytes()
        },
        {
            IpAddress.ofV6(0x2002_0000_0000_0000L, 0).toBytes(),
            IpAddress.ofV6(0x2002_ffff_ffff_ffffL, -1L).toBytes()
        }
    };

    /** The alias network an IPv6 range overlaps (its index in {@link #ALIASES}), or -1 (also for IPv4). */
    private static int aliasOverlapped(byte[][] range) {
        if (range[0].length != 16) {
            return -1;
        }
        for (int i = 0; i < ALIASES.length; i++) {
            if (java.util.Arrays.compareUnsigned(range[0], ALIAS_RANGES[i][1]) <= 0
                    && java.util.Arrays.compareUnsigned(range[1], ALIAS_RANGES[i][0]) >= 0) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Refuses an IPv6 row that overlaps an IPv4 alias network (in part or whole): those addresses
     * are answered from the IPv4 rows, so the row's data could not be stored for them as written.
     */
    static void checkNotAliased(byte[][] range, CsvRecord rec, Header h) {
        int i = aliasOverlapped(range);
        if (i >= 0) {
            String[] alias = ALIASES[i];
            throw new IllegalArgumentException(describe(rec, h) + " overlaps " + alias[0] + " (" + alias[1]
                    + "), which the database answers from its IPv4 rows; write those addresses as IPv4"
                    + " rows, and the rest of the IPv6 range as rows beside " + alias[0]);
        }
    }

    /** Whether the row is IPv6 and would be kept (not inside an alias network). */
    static boolean usableIpv6(CsvRecord rec, Header h) {
        byte[][] range = range(rec, h);
        return range[0].length == 16 && aliasOverlapped(range) < 0;
    }

    private static String describe(CsvRecord rec, Header h) {
        return h.network() >= 0
                ? "network " + clip(rec.getField(h.network()).strip())
                : "range " + clip(rec.getField(h.start()).strip()) + " to "
                        + clip(rec.getField(h.end()).strip());
    }

    private static String field(CsvRecord rec, int i, String name) {
        String s = i < rec.getFieldCount() ? rec.getField(i).strip() : "";
        if (s.isEmpty()) {
            throw new IllegalArgumentException("the '" + name + "' cell is empty");
        }
        return s;
    }

    private static IpAddress address(String s, String column) {
        IpLiteral.Parsed p = IpLiteral.parseStrict(s);
        if (!p.ok()) {
            throw new IllegalArgumentException(
                    column + " '" + clip(s) + "': " + p.error() + " (expected an IPv4 or" + " IPv6 address)");
        }
        return p.address();
    }

    private static Cidr network(String s) {
        IpLiteral.Parsed p = IpLiteral.parse(s);
        if (!p.ok() || p.port() >= 0 || p.zone() != null || s.indexOf('[') >= 0) {
            throw new IllegalArgumentException("network '" + clip(s) + "': " + (p.ok() ? "not a network" : p.error())
                    + " (expected a CIDR such as 10.0.0.0/8, or an address)");
        }
        Cidr c = p.isNetwork() ? p.network() : new Cidr(p.address(), p.address().bitLength());
        if (!c.address().equals(p.address())) {
            throw new IllegalArgumentException("network '" + clip(s) + "' has host bits set (did you mean " + c + "?)");
        }
        return c;
    }

    /** Cuts hostile cells to a readable length for messages. */
    static String clip(String s) {
        String one = CellText.terminalSafe(s);
        return one.length() > 60 ? one.substring(0, 60) + "..." : one;
    }
}
