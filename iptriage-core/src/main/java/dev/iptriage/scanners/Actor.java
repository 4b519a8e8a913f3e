package dev.iptriage.scanners;

import dev.iptriage.ip.Cidr;
import java.util.List;
import java.util.Objects;

/**
 * One actor of a rules file: who it is, where its rules come from, and its matchers.
 *
 * @param id the id, unique in a rules file: lower-case letters, digits, {@code -} and {@code _}
 * @param name the organisation, as shown in the {@code scanner} column
 * @param category what kind of actor it is
 * @param sources where the rules come from (URLs or short descriptions), at least one
 * @param licence the licence of the sources, or a note that none is stated
 * @param retrieved when the sources were read, {@code YYYY-MM-DD}; empty when a user file does not say
 * @param cidrs the actor's networks, IPv4 and IPv6
 * @param ptrSuffixes reverse DNS name suffixes, lower case, without leading or trailing dot; each matches the name
 *     itself and every name under it, whole labels only
 * @param userAgents User-Agent markers, matched as substrings in any case
 */
public record Actor(
        String id,
        String name,
        Category category,
        List<String> sources,
        String licence,
        String retrieved,
        List<Cidr> cidrs,
        List<String> ptrSuffixes,
        List<String> userAgents) {

    /** Copies the lists. */
    public Actor {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(licence, "licence");
        Objects.requireNonNull(retrieved, "retrieved");
        sources = List.copyOf(sources);
        cidrs = List.copyOf(cidrs);
        ptrSuffixes = List.copyOf(ptrSuffixes);
        userAgents = List.copyOf(userAgents);
    }
}
