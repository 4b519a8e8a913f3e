package dev.iptriage.lists;

/** The list formats {@link ListReader} detects, each with the id shown to users. */
public enum ListFormat {
    /** One address, CIDR or range {@code a-b} per line, {@code #} and {@code ;} comments. */
    PLAIN("plain"),
    /** FireHOL {@code .ipset}: a {@code #} header ({@code hash:ip}), then one address per line. */
    FIREHOL_IPSET("firehol-ipset"),
    /** FireHOL {@code .netset}: a {@code #} header ({@code hash:net}), then one address or CIDR per line. */
    FIREHOL_NETSET("firehol-netset"),
    /** abuse.ch Feodo Tracker CSV: {@code #} header, then {@code first_seen_utc,dst_ip,dst_port,...}. */
    FEODO_CSV("feodo-csv"),
    /** Spamhaus DROP text: {@code ;} header, then {@code CIDR ; SBLnnn} lines. */
    SPAMHAUS_DROP("spamhaus-drop"),
    /** Spamhaus DROP JSON lines: {@code {"cidr","sblid","rir"}} records and a final metadata record. */
    SPAMHAUS_DROP_JSONL("spamhaus-drop-jsonl"),
    /** The Tor Project's {@code exit-addresses}: {@code ExitNode}, {@code Published}, {@code ExitAddress} lines. */
    TOR_EXIT_ADDRESSES("tor-exit-addresses"),
    /** A MISP warninglist JSON document of type {@code cidr}. */
    MISP_WARNINGLIST("misp-warninglist"),
    /** An OpenFilters internet-scanners CIDR list with {@code # User-Agent:}, {@code # PTR:}, {@code # Source:}. */
    OPENFILTERS_CIDR("openfilters-cidr");

    private final String id;

    ListFormat(String id) {
        this.id = id;
    }

    /** {@return the id shown to users, such as {@code firehol-netset}} */
    public String id() {
        return id;
    }

    @Override
    public String toString() {
        return id;
    }
}
