/**
 * Finding IP addresses in text, after refanging ({@code 1.1.1[.]1}, {@code [dot]}, {@code hxxp}, ...), with the
 * false-positive rules of the README's "Extraction policy". No I/O, no DNS, no regular expressions, linear time on any
 * input.
 *
 * <ul>
 *   <li>{@link dev.iptriage.extract.TextExtractor}, configured by {@link dev.iptriage.extract.ExtractOptions}: the
 *       addresses of free text, each a {@link dev.iptriage.extract.Found}.
 *   <li>{@link dev.iptriage.extract.InputMode} ({@code --from}) gives the {@link dev.iptriage.extract.LineDecoder} of
 *       a log or data format (web logs, sshd, fail2ban, syslog, CSV, JSON Lines, list, text), which turns each line
 *       into {@link dev.iptriage.extract.Sighting}s; {@link dev.iptriage.extract.FormatSniffer} chooses the format for
 *       {@code auto}.
 *   <li>{@link dev.iptriage.extract.ListParser}: the one parser of address-list lines (lenient or strict).
 *   <li>{@link dev.iptriage.extract.SightingAggregator} folds sightings into one {@link
 *       dev.iptriage.extract.AddressSummary} per distinct address, in bounded memory.
 * </ul>
 *
 * <p>Start with {@link dev.iptriage.extract.TextExtractor}, then {@link dev.iptriage.extract.InputMode#decoder}.
 */
package dev.iptriage.extract;
