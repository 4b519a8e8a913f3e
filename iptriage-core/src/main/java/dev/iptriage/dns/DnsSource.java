package dev.iptriage.dns;

import dev.iptriage.sources.RemoteSource;
import java.time.Duration;
import java.util.Map;

/**
 * What the DNS sources share: the client that asks their questions, which bounds the questions in
 * flight, their rate and their time (so the engine's own bounds only catch a source that misbehaves),
 * and the counts the run summary shows.
 */
abstract sealed class DnsSource implements RemoteSource permits PtrSource, DnsblSource, CymruSource {
    final DnsClient client;

    DnsSource(DnsClient client) {
        this.client = client;
    }

    /** The resolvers, as the run summary names them. */
    String resolvers() {
        return "DNS resolver" + (client.servers().size() > 1 ? "s " : " ") + String.join(", ", client.servers());
    }

    @Override
    public String destination() {
        return resolvers();
    }

    /**
     * Addresses in flight: many, since the client queues their questions without blocking and keeps
     * its own bound on what is sent at once.
     */
    @Override
    public int maxConcurrency() {
        return 65_536;
    }

    /**
     * A safety net only: every question ends by the client's own per-question and per-run timeouts,
     * while questions may wait their turn in its queue (a rate limit) for long.
     */
    @Override
    public Duration timeout() {
        return Duration.ofDays(1);
    }

    @Override
    public Map<String, Long> traffic() {
        return client.traffic(name());
    }
}
