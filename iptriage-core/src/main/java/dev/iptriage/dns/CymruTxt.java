package dev.iptriage.dns;

import dev.iptriage.ip.Cidr;
import dev.iptriage.ip.IpAddress;
import dev.iptriage.ip.IpLiteral;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Team Cymru's IP to ASN mapping over DNS: the TXT query name for an address and the parser of the
 * answer.
 *
 * <p>An answer has one TXT string per routed prefix covering the address (more and less specific
 * ones), each {@code ASN [ASN...] | prefix | CC | registry | allocated}, e.g. {@code 3561 |
 * 216.88.0.0/14 | US | arin | 1998-09-25}; several ASNs are a prefix with several origins (MOAS).
 * The strings are untrusted: any characters, any length. A string that does not have exactly that
 * shape is not used, nor is one whose prefix does not contain the address; messages show at most
 * a short, escaped piece of a string.
 */
public final class CymruTxt {
    /** The zone of IPv4 origins. */
    public static final String ORIGIN_ZONE = "origin.asn.cymru.com";

    /** The zone of IPv6 origins. */
    public static final String ORIGIN6_ZONE = "origin6.asn.cymru.com";

    /** The longest TXT string read, in characters; a longer one is not used. */
    public static final int MAX_TXT = 1024;

    private static final long MAX_ASN = 0xFFFF_FFFFL;
    private static final Pattern ASN = Pattern.compile("[0-9]{1,10}");
    private static final Pattern PREFIX = Pattern.compile("[0-9A-Fa-f:.]{2,45}/[0-9]{1,3}");
    private static final Pattern COUNTRY = Pattern.compile("[A-Za-z]{2}");
    private static final Pattern REGISTRY = Pattern.compile("[A-Za-z]{1,16}");
    private static final Pattern BLANKS = Pattern.compile("[ \t]+");

    private CymruTxt() {}

    /**
     * Returns the TXT name to ask for an address: {@code d.c.b.a.origin.asn.cymru.com.} for IPv4
     * {@code a.b.c.d}, the 32 reversed nibbles and {@code .origin6.asn.cymru.com.} for IPv6. An
     * IPv4-mapped or IPv4-compatible IPv6 address is asked as its IPv4 address ({@link IpAddress#lookupForm()}).
     *
     * @param address the address
     * @return the absolute name, with its trailing dot
     */
    public static String queryName(IpAddress address) {
        IpAddress a = address.lookupForm();
        return DnsText.reversedLabels(a) + "." + (a.isV4() ? ORIGIN_ZONE : ORIGIN6_ZONE) + ".";
    }

    /**
     * Returns the most specific origin covering an address among the TXT strings of one answer.
     * Strings that do not parse, and strings whose prefix does not contain the address, are left
     * out. When several usable strings name the same most specific prefix (an answer's order is not
     * fixed), their ASNs are merged and the other fields come from the first string in text order,
     * so the result does not depend on the order of the answer.
     *
     * @param address the address that was asked (an IPv4-mapped or -compatible address counts as its IPv4 address)
     * @param txt the TXT strings of the answer
     * @return the origin
     * @throws IllegalArgumentException {@code no usable origin in N TXT strings: ...} with the first
     *     string (shortened and escaped) and why it was not used, when none is usable
     */
    public static CymruOrigin parse(IpAddress address, List<String> txt) {
        IpAddress a = address.lookupForm();
        List<Candidate> best = new ArrayList<>();
        String firstProblem = null;
        for (String s : Objects.requireNonNull(txt, "txt")) {
            Candidate c;
            String problem;
            try {
                c = candidate(s);
                problem = c.network().contains(a) ? null : "prefix " + c.network() + " does not contain " + a;
            } catch (IllegalArgumentException e) {
                c = null;
                problem = e.getMessage();
            }
            if (problem != null) {
                if (firstProblem == null) {
                    firstProblem = DnsText.quote(s, 80) + " (" + problem + ")";
                }
                continue;
            }
            int bestLength = best.isEmpty() ? -1 : best.get(0).network().prefixLength();
            if (c.network().prefixLength() > bestLength) {
                best.clear();
            }
            if (c.network().prefixLength() >= bestLength) {
                best.add(c);
            }
        }
        if (best.isEmpty()) {
            int n = txt.size();
            throw new IllegalArgumentException("no usable origin in " + n + " TXT string" + (n == 1 ? "" : "s")
                    + (firstProblem == null ? "" : ": " + firstProblem));
        }
        best.sort(Comparator.comparing(Candidate::raw));
        CymruOrigin first = best.get(0).origin();
        if (best.size() == 1) {
            return first;
        }
        Set<Long> asns = new LinkedHashSet<>();
        best.forEach(c -> asns.addAll(c.origin().asns()));
        return new CymruOrigin(List.copyOf(asns), first.prefix(), first.country(), first.registry(), first.allocated());
    }

    /** One usable string: its text, its network and what it says. */
    private record Candidate(String raw, Cidr network, CymruOrigin origin) {}

    /**
     * Reads one TXT string.
     *
     * @throws IllegalArgumentException with a short reason that quotes no more than a field's
     *     bounded, escaped piece
     */
    private static Candidate candidate(String s) {
        if (s == null) {
            throw new IllegalArgumentException("no string");
        }
        if (s.length() > MAX_TXT) {
            throw new IllegalArgumentException(s.length() + " characters, more than " + MAX_TXT);
        }
        String[] f = s.split("\\|", -1);
        if (f.length != 5) {
            throw new IllegalArgumentException(
                    f.length + " fields, expected 5 separated by '|': ASN | prefix | CC | registry | allocated");
        }
        List<Long> asns = asns(f[0].strip());
        String prefix = f[1].strip();
        Cidr network = network(prefix);
        String cc = f[2].strip();
        if (!cc.isEmpty() && !COUNTRY.matcher(cc).matches()) {
            throw new IllegalArgumentException("country " + DnsText.quote(cc, 20) + " is not two letters");
        }
        String registry = f[3].strip();
        if (!registry.isEmpty() && !REGISTRY.matcher(registry).matches()) {
            throw new IllegalArgumentException("registry " + DnsText.quote(registry, 20) + " is not a word of letters");
        }
        String allocated = f[4].strip();
        if (!allocated.isEmpty() && DnsblZone.dateProblem(allocated) != null) {
            throw new IllegalArgumentException("allocated " + DnsblZone.dateProblem(allocated));
        }
        CymruOrigin origin = new CymruOrigin(
                asns, prefix, cc.toUpperCase(Locale.ROOT), registry.toLowerCase(Locale.ROOT), allocated);
        return new Candidate(s, network, origin);
    }

    private static List<Long> asns(String field) {
        if (field.isEmpty()) {
            throw new IllegalArgumentException("no ASN");
        }
        Set<Long> asns = new LinkedHashSet<>();
        for (String token : BLANKS.split(field)) {
            if (!ASN.matcher(token).matches()) {
                throw new IllegalArgumentException("ASN " + DnsText.quote(token, 20) + " is not a number");
            }
            long asn = Long.parseLong(token);
            if (asn < 1 || asn > MAX_ASN) {
                throw new IllegalArgumentException("ASN " + token + " is outside 1 to " + MAX_ASN);
            }
            asns.add(asn);
        }
        return List.copyOf(asns);
    }

    private static Cidr network(String prefix) {
        if (!PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException("prefix " + DnsText.quote(prefix, 50) + " is not address/length");
        }
        IpLiteral.Parsed p = IpLiteral.parse(prefix);
        if (!p.ok() || !p.isNetwork()) {
            throw new IllegalArgumentException(
                    "prefix " + DnsText.quote(prefix, 50) + " is not a network" + (p.ok() ? "" : ": " + p.error()));
        }
        Cidr network = p.network();
        if (!network.address().equals(p.address())) {
            throw new IllegalArgumentException(
                    "prefix " + prefix + " has host bits set (the network is " + network + ")");
        }
        return network;
    }
}
