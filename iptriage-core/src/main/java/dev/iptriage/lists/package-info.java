/**
 * Reading blocklists and watchlists (Spamhaus DROP, Feodo Tracker, FireHOL sets, Tor exits, MISP warninglists,
 * OpenFilters scanner ranges, plain address lists) into address ranges, for tagging addresses offline. The format
 * is detected from the content; a bad line is a {@link dev.iptriage.lists.ListProblem} and is skipped, a file that is
 * not a list at all is a {@link dev.iptriage.lists.ListReader.NotAListException}. Uses {@code ip} for addresses and
 * {@code text} to make quoted values safe for terminals.
 *
 * <p>{@link dev.iptriage.lists.ListIndex} compiles many lists into one sorted partition of the address space, so that
 * matching an address against all of them is one binary search: every covering list, with its most specific entry.
 *
 * <p>Start with {@link dev.iptriage.lists.ListReader}, then {@link dev.iptriage.lists.ListIndex}.
 */
package dev.iptriage.lists;
