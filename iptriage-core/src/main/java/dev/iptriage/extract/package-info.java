/**
 * Pure extraction: text to IP addresses, after refanging ({@code 1.1.1[.]1}, {@code [dot]}, {@code
 * hxxp}, ...), with the false-positive rules of the README's "Extraction policy". No I/O, no DNS, no
 * regular expressions, linear time on any input.
 *
 * <p>Entry point: {@link dev.iptriage.extract.TextExtractor}, configured by {@link
 * dev.iptriage.extract.ExtractOptions}; each address is a {@link dev.iptriage.extract.Found}.
 */
package dev.iptriage.extract;
