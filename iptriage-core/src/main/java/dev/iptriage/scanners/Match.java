package dev.iptriage.scanners;

import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The actor an address was identified as, and what said so.
 *
 * @param actorId the actor's id in the rules ({@code censys})
 * @param organisation the actor's name ({@code Censys})
 * @param category what kind of actor it is
 * @param evidence the kinds of matcher of this actor that matched, sorted: {@link #CIDR}, {@link #PTR}, {@link
 *     #USER_AGENT}; never empty
 */
public record Match(String actorId, String organisation, Category category, SortedSet<String> evidence) {
    /** Evidence: the address is in one of the actor's networks. */
    public static final String CIDR = "cidr";

    /** Evidence: the address's forward-confirmed reverse DNS name ends with one of the actor's suffixes. */
    public static final String PTR = "ptr";

    /** Evidence: a User-Agent seen from the address holds one of the actor's markers (spoofable). */
    public static final String USER_AGENT = "user_agent";

    /**
     * Copies the evidence into an unmodifiable sorted set.
     *
     * @throws IllegalArgumentException when the evidence is empty or holds another word
     */
    public Match {
        Objects.requireNonNull(actorId, "actorId");
        Objects.requireNonNull(organisation, "organisation");
        Objects.requireNonNull(category, "category");
        TreeSet<String> copy = new TreeSet<>(evidence);
        if (copy.isEmpty() || !java.util.Set.of(CIDR, PTR, USER_AGENT).containsAll(copy)) {
            throw new IllegalArgumentException("evidence must be some of cidr, ptr, user_agent, not " + copy);
        }
        evidence = java.util.Collections.unmodifiableSortedSet(copy);
    }
}
