package dev.iptriage.extract;

import java.time.Instant;
import java.util.Map;

/**
 * Everything the input said about one distinct address. The value-to-count maps are ordered by count
 * (highest first) and hold at most {@link SightingAggregator#TOP} values; empty when the format has no
 * such field. Counts include {@code message repeated N times}.
 *
 * @param ip the address
 * @param count times seen
 * @param firstSeen earliest time seen, null when the lines had no time
 * @param lastSeen latest time seen, null when the lines had no time
 * @param roles web logs: {@code client}/{@code proxy}/{@code server} with counts
 * @param statusCodes HTTP status codes with counts
 * @param topPaths request paths with counts
 * @param userAgents User-Agents with counts
 * @param usersTried sshd user names tried (failed, invalid or accepted) with counts
 * @param failedLogins sshd {@code Failed ...} events
 * @param acceptedLogins sshd {@code Accepted ...} events
 * @param jails fail2ban jails with counts
 * @param bans fail2ban {@code Ban} and {@code Restore Ban} actions
 */
public record AddressSummary(
        Found ip,
        long count,
        Instant firstSeen,
        Instant lastSeen,
        Map<String, Long> roles,
        Map<String, Long> statusCodes,
        Map<String, Long> topPaths,
        Map<String, Long> userAgents,
        Map<String, Long> usersTried,
        long failedLogins,
        long acceptedLogins,
        Map<String, Long> jails,
        long bans) {}
