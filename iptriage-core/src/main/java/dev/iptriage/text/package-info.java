/**
 * Text rules shared by the outputs and the database tools, below both. {@link dev.iptriage.text.CellText} turns a
 * decoded value into cell text and makes text safe for spreadsheets (formula prefixes) and terminals (control
 * characters); {@link dev.iptriage.text.Json} writes decoded values as JSON with the same escapes; {@link
 * dev.iptriage.text.Flattener} turns a nested record into dotted keys ({@code city.names.en}). {@link
 * dev.iptriage.text.ByteScan} is the eight-bytes-at-a-time byte search of the loops over every input byte. Uses no
 * other package of iptriage.
 *
 * <p>Start with {@link dev.iptriage.text.CellText}.
 */
package dev.iptriage.text;
