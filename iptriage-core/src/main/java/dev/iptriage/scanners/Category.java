package dev.iptriage.scanners;

import java.util.Locale;
import java.util.Optional;

/** What kind of actor a rule names; {@link #label()} is the word used in rules files and columns. */
public enum Category {
    /** Internet-wide scanning for research or a search engine of hosts (Censys, Shodan, Shadowserver...). */
    RESEARCH_SCANNER,
    /** A web search engine's crawler (Googlebot). */
    SEARCH_CRAWLER,
    /** A security company scanning for its products (attack surface management, ratings). */
    SECURITY_VENDOR,
    /** Uptime or performance monitoring. */
    MONITORING,
    /** A cloud provider's ranges. */
    CLOUD,
    /** A public DNS resolver. */
    PUBLIC_RESOLVER;

    /** {@return the word in rules files and columns: {@code research_scanner}, {@code search_crawler}...} */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Finds a category by its label.
     *
     * @param label the label, in any case
     * @return the category, or empty when there is none of that label
     */
    public static Optional<Category> of(String label) {
        for (Category c : values()) {
            if (c.label().equalsIgnoreCase(label)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
