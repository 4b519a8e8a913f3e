package dev.iptriage.extract;

/**
 * One address seen on one line.
 *
 * @param ip the address
 * @param role {@code client} or {@code proxy} for web logs with an X-Forwarded-For chain (the
 *     left-most address of the chain is the client, the others and the connecting address are
 *     proxies), {@code client} for the connecting address of other web log lines; null elsewhere
 * @param event what the line says besides the address
 */
public record Sighting(Found ip, String role, LineEvent event) {}
