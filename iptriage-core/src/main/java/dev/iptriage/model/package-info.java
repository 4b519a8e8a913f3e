/**
 * The values the engine and the outputs share: the columns of a row and its status. {@link dev.iptriage.model.Field}
 * is every built-in column, in output order, with its name and meaning: the one table that {@code --fields}, the
 * output formats, the report and the README follow. {@link dev.iptriage.model.Column} is one output column, a
 * {@code Field} or a custom database's own key. {@link dev.iptriage.model.Status} is the outcome of one row ({@code
 * ok}, {@code not_found}, {@code private}, ...).
 *
 * <p>Start with {@link dev.iptriage.model.Field}.
 */
package dev.iptriage.model;
