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
