package dev.iptriage.lists;

import dev.iptriage.ip.Cidr;
import dev.iptriage.ip.IpAddress;
import dev.iptriage.ip.IpLiteral;
import dev.iptriage.text.CellText;

/** Parses one entry (address, CIDR or range {@code a-b}) and quotes bad values for messages. */
final class Entries {
    private Entries() {}

    static final String EXPECTED =
            "expected an address, a CIDR or a range a-b such as 192.0.2.1, 192.0.2.0/24 or" + " 192.0.2.1-192.0.2.9";

    /** The outcome of {@link #parse}: an entry's ends, or an error. */
    record Result(IpAddress first, IpAddress last, String error) {}

    /**
     * Parses one entry. A CIDR with host bits set ({@code 192.0.2.1/24}) is taken as its network ({@code
     * 192.0.2.0/24}), as ipset and iprange do. Ports and IPv6 zone ids are not entries.
     */
    static Result parse(String s) {
        String t = s.strip();
        int dash = t.indexOf('-');
        if (dash >= 0) {
            String a = t.substring(0, dash).strip();
            String b = t.substring(dash + 1).strip();
            IpAddress first = IpLiteral.tryParseStrict(a);
            IpAddress last = IpLiteral.tryParseStrict(b);
            if (first == null || last == null) {
                String bad = first == null ? a : b;
                String why = IpLiteral.parseStrict(bad).error();
                return error(quote(t) + " is not a range: " + quote(bad) + " is not an address (" + why + "); "
                        + "expected a range of two addresses such as 192.0.2.1-192.0.2.9");
            }
            if (first.isV4() != last.isV4()) {
                return error("range " + quote(t) + " mixes IPv4 and IPv6; expected both ends of one family");
            }
            if (first.compareTo(last) > 0) {
                return error("range " + quote(t) + " ends before it starts; expected the first address first");
            }
            return new Result(first, last, null);
        }
        IpLiteral.Parsed p = IpLiteral.parse(t);
        if (!p.ok()) {
            return error(quote(t) + " is not an address or CIDR (" + p.error() + "); " + EXPECTED);
        }
        if (p.port() >= 0) {
            return error(quote(t) + " has a port; " + EXPECTED);
        }
        if (p.zone() != null) {
            return error(quote(t) + " has an IPv6 zone id; " + EXPECTED);
        }
        if (!p.isNetwork()) {
            return new Result(p.address(), p.address(), null);
        }
        Cidr c = p.network();
        return new Result(c.first(), c.last(), null);
    }

    private static Result error(String message) {
        return new Result(null, null, message);
    }

    /** {@code s} in single quotes, cut after 60 characters, safe for a terminal. */
    static String quote(String s) {
        String cut = s.length() > 60 ? s.substring(0, 60) + "..." : s;
        return "'" + CellText.terminalSafe(cut) + "'";
    }
}
