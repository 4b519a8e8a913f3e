package dev.iptriage.dns;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iptriage.sources.SourceStatus;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/** How an answer's records are read: CNAME chains, types not asked, TTLs, negative TTLs, hostile bytes. */
class DnsClientRecordsTest {
    private static Name n(String s) throws Exception {
        return Name.fromString(s, Name.root);
    }

    private static Message answer(Name q, int type, Record... records) {
        Message m = Message.newQuery(Record.newRecord(q, type, DClass.IN));
        for (Record r : records) {
            m.addRecord(r, Section.ANSWER);
        }
        return m;
    }

    @Test
    void followsAClasslessDelegationCname() throws Exception {
        Name q = n("1.2.0.192.in-addr.arpa.");
        Name target = n("1.0-25.2.0.192.in-addr.arpa.");
        Message m = answer(
                q,
                Type.PTR,
                new CNAMERecord(q, DClass.IN, 600, target),
                new PTRRecord(target, DClass.IN, 300, n("host.example.net.")),
                new PTRRecord(n("other.in-addr.arpa."), DClass.IN, 300, n("not.mine.")));
        DnsResult r = DnsClient.records(m, q, Type.PTR);
        assertThat(r.status()).isEqualTo(SourceStatus.OK);
        assertThat(r.records()).containsExactly("host.example.net");
        assertThat(r.ttl()).isEqualTo(300);
    }

    /** A record for another owner name answers nothing asked: an error naming both, not NODATA. */
    @Test
    void aRecordForAnotherNameIsAnErrorNamingTheMismatch() throws Exception {
        Name q = n("5.2.0.192.in-addr.arpa.");
        Message m = answer(
                q, Type.PTR, new PTRRecord(n("6.2.0.192.in-addr.arpa."), DClass.IN, 300, n("host.example.net.")));
        DnsResult r = DnsClient.records(m, q, Type.PTR);
        assertThat(r.status()).isEqualTo(SourceStatus.ERROR);
        assertThat(r.detail())
                .isEqualTo("the answer's PTR record is for 6.2.0.192.in-addr.arpa, not the name asked,"
                        + " 5.2.0.192.in-addr.arpa");
        // one for the name asked among them is still read
        m.addRecord(new PTRRecord(q, DClass.IN, 300, n("mine.example.net.")), Section.ANSWER);
        assertThat(DnsClient.records(m, q, Type.PTR).records()).containsExactly("mine.example.net");
    }

    /** A PTR naming the root names no host: an error, never the cell ".". */
    @Test
    void aPtrOfTheRootIsAnError() throws Exception {
        Name q = n("5.2.0.192.in-addr.arpa.");
        Message m = answer(q, Type.PTR, new PTRRecord(q, DClass.IN, 300, Name.root));
        DnsResult r = DnsClient.records(m, q, Type.PTR);
        assertThat(r.status()).isEqualTo(SourceStatus.ERROR);
        assertThat(r.detail()).isEqualTo("the PTR record of 5.2.0.192.in-addr.arpa names the root (.), not a host");
        m.addRecord(new PTRRecord(q, DClass.IN, 300, n("host.example.net.")), Section.ANSWER);
        assertThat(DnsClient.records(m, q, Type.PTR).records()).containsExactly("host.example.net");
    }

    @Test
    void noRecordOfTheTypeIsNodataWithTheSoaNegativeTtl() throws Exception {
        Name q = n("host.example.net.");
        Message m = answer(q, Type.AAAA, new ARecord(q, DClass.IN, 60, InetAddress.getByName("1.2.3.4")));
        m.addRecord(
                new SOARecord(n("example.net."), DClass.IN, 900, n("ns."), n("h."), 1, 2, 3, 4, 120),
                Section.AUTHORITY);
        DnsResult r = DnsClient.records(m, q, Type.AAAA);
        assertThat(r.status()).isEqualTo(SourceStatus.NODATA);
        assertThat(r.ttl()).as("min(SOA TTL, SOA minimum)").isEqualTo(120);
        assertThat(DnsClient.negativeTtl(answer(q, Type.A)))
                .as("no SOA: not kept")
                .isZero();
    }

    @Test
    void txtBytesThatAreNotPrintableComeOutEscaped() throws Exception {
        Name q = n("4.3.2.1.origin.asn.cymru.com.");
        TXTRecord t = new TXTRecord(q, DClass.IN, 60, java.util.List.of("64496 | 1.2.3.0/24", "\u001b[31m"));
        DnsResult r = DnsClient.records(answer(q, Type.TXT, t), q, Type.TXT);
        assertThat(r.records()).hasSize(1);
        assertThat(r.records().get(0)).isEqualTo("64496 | 1.2.3.0/24\\027[31m").doesNotContain("\u001b");
    }

    @Test
    void anEmptyAnswerFromAServerThatDoesNotRecurseIsAReferralNotNodata() throws Exception {
        Name q = n("4.3.2.1.in-addr.arpa.");
        Message referral = answer(q, Type.PTR);
        referral.addRecord(
                new org.xbill.DNS.NSRecord(n("in-addr.arpa."), DClass.IN, 60, n("ns.example.")), Section.AUTHORITY);
        assertThat(DnsClient.notRecursive(referral)).as("RA clear, no SOA").isTrue();
        Message nodata = answer(q, Type.PTR);
        nodata.addRecord(
                new SOARecord(n("arpa."), DClass.IN, 900, n("ns."), n("h."), 1, 2, 3, 4, 120), Section.AUTHORITY);
        assertThat(DnsClient.notRecursive(nodata)).as("an SOA: a real NODATA").isFalse();
        Message recursed = answer(q, Type.PTR);
        recursed.getHeader().setFlag(org.xbill.DNS.Flags.RA);
        assertThat(DnsClient.notRecursive(recursed)).as("RA set").isFalse();
    }
}
