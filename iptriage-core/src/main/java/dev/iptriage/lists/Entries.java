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
     * Parses one entry. A CIDR with host bits set ({@code 192.0.2.1/24}) is not one: whether the host or the network
     * was meant is unclear (ipset and iprange take the network silently; {@code 7.7.7.7/0} would then list every
     * address), so it is a bad line naming both readings; {@code 0.0.0.0/0} written so is taken as written. A netmask ({@code 10.0.0.0/255.0.0.0}) is not accepted: the message
     * gives the prefix length to write. Ports and IPv6 zone ids are not entries.
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
        int slash = t.indexOf('/');
        if (slash >= 0 && t.indexOf('.', slash) > 0) {
            return error(quote(t) + " has a netmask; " + netmaskAdvice(t.substring(0, slash), t.substring(slash + 1)));
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
        if (!c.first().equals(p.address())) {
            return error(quote(t) + " has host bits set: write " + c + " for the network or " + p.address()
                    + " for the address");
        }
        return new Result(c.first(), c.last(), null);
    }

    /** What to write instead of {@code ADDRESS/NETMASK}: the prefix length, when the mask is contiguous. */
    private static String netmaskAdvice(String address, String mask) {
        IpAddress m = IpLiteral.tryParseStrict(mask.strip());
        if (m != null && m.isV4()) {
            long bits = m.lo() & 0xFFFF_FFFFL;
            int ones = Long.bitCount(bits);
            long contiguous = ones == 0 ? 0 : (0xFFFF_FFFFL << (32 - ones)) & 0xFFFF_FFFFL;
            if (bits == contiguous) {
                return "netmasks are not accepted: write the prefix length, " + CellText.terminalSafe(address.strip())
                        + "/" + ones;
            }
        }
        return "netmasks are not accepted; " + EXPECTED;
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
