package dev.iptriage.engine;

import dev.iptriage.extract.ExtractOptions;
import dev.iptriage.extract.InputMode;
import dev.iptriage.input.Input;
import dev.iptriage.sink.Order;
import dev.iptriage.sink.SinkFormat;
import java.util.List;
import java.util.Objects;

/**
 * What one run does: the front ends (the CLI's {@code enrich} and {@code report}, the web page,
 * Spark) describe their work as a job and hand it to {@link Engine#run} or {@link
 * Engine#aggregate}. The engine chooses the path (the list path, the log and text path, the join),
 * the columns and the summary.
 *
 * @param inputs files or standard input, read in order
 * @param mode the input format: {@link InputMode#LIST}, a log or text format, {@code csv:COLUMN},
 *     or {@code auto} (sniffed per input)
 * @param shape what the output is made of
 * @param fields the columns, as {@code --fields} names them ({@code default}, {@code all}, names of
 *     built-in and source columns); with {@link Shape#UNIQUE} the {@code count} column follows, and
 *     with a log format and a set named ({@code default}, {@code all}) the sighting columns of the
 *     inputs' formats; {@link Shape#AGGREGATE} adds the sighting columns always
 * @param raw add the {@code raw} column (every database's whole record)
 * @param format the output format ({@link Shape#AGGREGATE}: unused)
 * @param strict the list path accepts only bare address literals
 * @param extract how addresses are found in lines ({@code --no-refang}, {@code --keep-mapped}, ...)
 * @param year the year of syslog times written without one; 0 for the usual rule
 * @param threads worker threads (the list path runs at least one; the log path decodes on the
 *     reading thread with 0); {@link #DEFAULT} for one per core
 * @param maxDistinct with {@link Shape#UNIQUE} and {@link Shape#AGGREGATE}: most distinct addresses
 *     kept, at least 1; {@link #DEFAULT} for the default of the path (about 2,500 per MB of heap)
 * @param order with {@link Shape#UNIQUE}: the rows' order and how many are written ({@code --sort},
 *     {@code -r}, {@code --top}); {@link Order#NONE} for every row in order of first appearance
 */
public record Job(
        List<Input> inputs,
        InputMode mode,
        Shape shape,
        String fields,
        boolean raw,
        SinkFormat format,
        boolean strict,
        ExtractOptions extract,
        int year,
        int threads,
        int maxDistinct,
        Order order) {

    /** The value of {@link #threads} and {@link #maxDistinct} that asks for the default. */
    public static final int DEFAULT = -1;

    /** What the output is made of. */
    public enum Shape {
        /** One row per address (a list's line, or an address found in a log line), in input order. */
        ROWS,
        /** One row per distinct address, with its count (and a log's sighting columns), in order of first appearance. */
        UNIQUE,
        /** Each input CSV row with its own cells followed by the enrichment columns ({@code --keep-columns}). */
        JOIN,
        /** One row per distinct address handed to an aggregating consumer (the report); nothing is written. */
        AGGREGATE
    }

    /** Copies the inputs and checks the rest. */
    public Job {
        inputs = List.copyOf(inputs);
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(fields, "fields");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(extract, "extract");
        Objects.requireNonNull(order, "order");
        if (threads < DEFAULT) {
            throw new IllegalArgumentException("threads must be at least 0, or DEFAULT");
        }
        if (maxDistinct < 1 && maxDistinct != DEFAULT) {
            throw new IllegalArgumentException("maxDistinct must be at least 1, or DEFAULT");
        }
    }

    /** A job in order of first appearance ({@link Order#NONE}). */
    public Job(
            List<Input> inputs,
            InputMode mode,
            Shape shape,
            String fields,
            boolean raw,
            SinkFormat format,
            boolean strict,
            ExtractOptions extract,
            int year,
            int threads,
            int maxDistinct) {
        this(inputs, mode, shape, fields, raw, format, strict, extract, year, threads, maxDistinct, Order.NONE);
    }

    /** A job over {@code inputs} with everything else at its default: a list, default columns, CSV. */
    public static Job of(List<Input> inputs) {
        return new Job(
                inputs,
                InputMode.LIST,
                Shape.ROWS,
                "default",
                false,
                SinkFormat.CSV,
                false,
                ExtractOptions.DEFAULTS,
                0,
                DEFAULT,
                DEFAULT);
    }

    /** This job with another input mode. */
    public Job withMode(InputMode m) {
        return new Job(inputs, m, shape, fields, raw, format, strict, extract, year, threads, maxDistinct, order);
    }

    /** This job with another shape. */
    public Job withShape(Shape s) {
        return new Job(inputs, mode, s, fields, raw, format, strict, extract, year, threads, maxDistinct, order);
    }

    /** This job with other columns ({@code --fields} syntax). */
    public Job withFields(String f) {
        return new Job(inputs, mode, shape, f, raw, format, strict, extract, year, threads, maxDistinct, order);
    }

    /** This job with another output format. */
    public Job withFormat(SinkFormat f) {
        return new Job(inputs, mode, shape, fields, raw, f, strict, extract, year, threads, maxDistinct, order);
    }

    /** This job with another order of its rows. */
    public Job withOrder(Order o) {
        return new Job(inputs, mode, shape, fields, raw, format, strict, extract, year, threads, maxDistinct, o);
    }

    /** This job with another number of worker threads ({@link #DEFAULT}: one per core). */
    public Job withThreads(int n) {
        return new Job(inputs, mode, shape, fields, raw, format, strict, extract, year, n, maxDistinct, order);
    }
}
