/**
 * Offline identification of benign actors (research scanners, search crawlers, security vendors...) behind
 * addresses: {@link dev.iptriage.scanners.ScannerRules} reads dated, sourced rules (networks, forward-confirmed
 * reverse DNS suffixes, User-Agent markers), ships its own, and names the actor with the evidence that agreed
 * ({@link dev.iptriage.scanners.Match}). Uses {@code ip} for addresses and networks and {@code text} for safe
 * message text; sends nothing anywhere.
 */
package dev.iptriage.scanners;
