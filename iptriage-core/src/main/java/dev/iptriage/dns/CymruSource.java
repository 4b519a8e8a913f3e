package dev.iptriage.dns;

import dev.iptriage.ip.IpAddress;
import dev.iptriage.sources.SourceAnswer;
import dev.iptriage.sources.SourceColumn;
import dev.iptriage.sources.SourceStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.xbill.DNS.Type;

/**
 * Which autonomous system originates the address's prefix today, from Team Cymru's IP-to-ASN
 * service over DNS ({@code --cymru}): the TXT record of {@code d.c.b.a.origin.asn.cymru.com} (or the
 * nibbles under {@code origin6.asn.cymru.com}), BGP data refreshed every four hours, unlike a
 * monthly database. When several prefixes cover the address the most specific one is shown; a
 * prefix announced by several ASes lists them all.
 */
public final class CymruSource extends DnsSource {
    /** The columns the source adds (its {@code NAME_status} column follows them). */
    public static final List<SourceColumn> COLUMNS = List.of(
            new SourceColumn(
                    "origin_asn",
                    "the AS numbers announcing the address's prefix in BGP (several when several do), Team Cymru"
                            + " (--cymru)"),
            new SourceColumn("origin_prefix", "the BGP prefix covering the address, Team Cymru (--cymru)"),
            new SourceColumn("origin_cc", "country code of the prefix's registration, Team Cymru (--cymru)"),
            new SourceColumn(
                    "origin_registry", "regional registry of the prefix (arin, ripencc, ...), Team Cymru (--cymru)"),
            new SourceColumn("origin_allocated", "date the prefix was allocated, Team Cymru (--cymru)"));

    /** A source asking {@code client}. */
    public CymruSource(DnsClient client) {
        super(client);
    }

    @Override
    public String name() {
        return "cymru";
    }

    @Override
    public List<SourceColumn> columns() {
        return COLUMNS;
    }

    @Override
    public String destination() {
        return resolvers() + " for origin.asn.cymru.com (Team Cymru)";
    }

    @Override
    public CompletionStage<SourceAnswer> lookup(IpAddress address) {
        IpAddress a = address.lookupForm();
        return client.query(DnsClient.Question.of(CymruTxt.queryName(a), Type.TXT, name()))
                .thenApply(r -> r.status() == SourceStatus.OK ? Answers.sentOrNot(origin(a, r), r) : Answers.of(r));
    }

    private static SourceAnswer origin(IpAddress a, DnsResult r) {
        CymruOrigin o;
        try {
            o = CymruTxt.parse(a, r.records());
        } catch (IllegalArgumentException e) {
            return SourceAnswer.error(e.getMessage());
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("origin_asn", o.asns());
        m.put("origin_prefix", o.prefix());
        m.put("origin_cc", o.country().isEmpty() ? null : o.country());
        m.put("origin_registry", o.registry().isEmpty() ? null : o.registry());
        m.put("origin_allocated", o.allocated().isEmpty() ? null : o.allocated());
        return SourceAnswer.found(m);
    }
}
