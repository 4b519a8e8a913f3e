package dev.iptriage.dns;

import java.util.List;
import java.util.Objects;

/**
 * The origin of the most specific routed prefix covering an address, from Team Cymru's IP to ASN
 * service: BGP data from many peers, country, registry and allocation date from the registries'
 * delegation files.
 *
 * @param asns the origin AS numbers, 1 to 4294967295; several when the prefix has several origins
 *     (MOAS)
 * @param prefix the BGP prefix as Team Cymru gives it, e.g. {@code 216.88.0.0/14}
 * @param country the two-letter country code of the allocation, upper case, or empty
 * @param registry the regional registry in lower case, e.g. {@code arin}, {@code ripencc}, or empty
 * @param allocated the allocation date {@code YYYY-MM-DD}, or empty
 */
public record CymruOrigin(List<Long> asns, String prefix, String country, String registry, String allocated) {

    /** Copies the list; no part may be null and there is at least one ASN. */
    public CymruOrigin {
        asns = List.copyOf(asns);
        if (asns.isEmpty()) {
            throw new IllegalArgumentException("an origin has at least one ASN");
        }
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(country, "country");
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(allocated, "allocated");
    }
}
