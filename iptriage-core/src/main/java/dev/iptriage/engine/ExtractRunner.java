package dev.iptriage.engine;

import dev.iptriage.extract.FormatSniffer;
import dev.iptriage.extract.InputMode;
import dev.iptriage.extract.LineDecoder;
import dev.iptriage.extract.ListParser;
import dev.iptriage.extract.Sighting;
import dev.iptriage.extract.TextExtractor;
import dev.iptriage.extract.Untrusted;
import dev.iptriage.extract.YearRule;
import dev.iptriage.input.Input;
import dev.iptriage.input.LineChunks;
import dev.iptriage.input.LineReader;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Reads inputs line by line and decodes them with the chosen {@link InputMode}, passing each line's
 * sightings to a {@link Handler}. Memory is bounded by the line limit of {@link LineReader} (longer
 * lines are read in pieces). Every line is accounted for in the {@link ExtractSummary}.
 *
 * <p>Entry point: {@link #run}.
 */
public final class ExtractRunner {

    /** Receives every line's outcome, in input order. */
    @FunctionalInterface
    public interface Handler {
        /**
         * One line (or piece of a long line).
         *
         * @param source the input's name ({@code -} for stdin)
         * @param line the 1-based line number
         * @param shape what the line was to the decoder
         * @param decoder the input's decoder (for CSV: its header and cells)
         * @param found the addresses on the line, in order
         */
        void line(String source, long line, LineDecoder.Shape shape, LineDecoder decoder, List<Sighting> found)
                throws IOException;

        /**
         * An input starts (before its first line).
         *
         * @param source the input's name
         * @param mode its format ({@code auto} resolved)
         */
        default void input(String source, InputMode mode) {}

        /**
         * A line whose chosen field ({@code csv:COLUMN}, {@code jsonl:FIELD}) holds no address, after
         * {@link #line} for it.
         *
         * @param source the input's name
         * @param line the 1-based line number
         * @param invalid the field's text and why it is not an address
         */
        default void invalid(String source, long line, ListParser.Invalid invalid) throws IOException {}
    }

    private static final int SNIFF_BYTES = FormatSniffer.LINES * 4096;

    private final ExtractSpec spec;
    private final TextExtractor text;
    private final List<String> choices = new ArrayList<>();
    private final List<String> inputErrors = new ArrayList<>();
    private final long[] n = new long[Count.values().length];
    private final int threads;
    private ExecutorService pool;
    private long lastLong;
    private String firstInvalid;
    private Count longKind;
    private boolean longOther;
    private ProgressListener progress = ProgressListener.NONE;
    private long totalBytes;

    private enum Count {
        LINES,
        BYTES,
        SIGHTINGS,
        WITH,
        WITHOUT,
        BLANK,
        HEADERS,
        OTHER,
        LONG,
        UTF8,
        NUL,
        INVALID
    }

    private ExtractRunner(ExtractSpec spec) {
        this.spec = spec;
        this.text = TextExtractor.of(spec.options());
        this.threads = spec.threads();
    }

    /**
     * Runs the extraction.
     *
     * @throws IOException from the handler (an output problem)
     * @throws IllegalArgumentException for a CSV input without the chosen column
     */
    public static ExtractSummary run(ExtractSpec spec, Handler handler) throws IOException {
        return run(spec, handler, ProgressListener.NONE);
    }

    /**
     * Runs the extraction, reporting progress every few thousand lines.
     *
     * @throws IOException from the handler (an output problem)
     * @throws IllegalArgumentException for a CSV input without the chosen column
     */
    public static ExtractSummary run(ExtractSpec spec, Handler handler, ProgressListener progress) throws IOException {
        ExtractRunner r = new ExtractRunner(spec);
        r.progress = progress;
        return r.execute(handler);
    }

    private ExtractSummary execute(Handler handler) throws IOException {
        long start = System.nanoTime();
        boolean unknown = spec.inputs().stream().anyMatch(i -> i.size() < 0);
        totalBytes =
                unknown ? -1 : spec.inputs().stream().mapToLong(Input::size).sum();
        if (threads > 0) {
            pool = Workers.pool(threads, "iptriage-extract");
        }
        try {
            readInputs(handler);
        } finally {
            if (pool != null) {
                pool.shutdownNow();
            }
        }
        return new ExtractSummary(
                get(Count.LINES),
                get(Count.BYTES),
                get(Count.SIGHTINGS),
                get(Count.WITH),
                get(Count.WITHOUT),
                get(Count.BLANK),
                get(Count.HEADERS),
                get(Count.OTHER),
                get(Count.LONG),
                get(Count.UTF8),
                get(Count.NUL),
                get(Count.INVALID),
                firstInvalid,
                choices,
                inputErrors,
                java.time.Duration.ofNanos(System.nanoTime() - start));
    }

    private void readInputs(Handler handler) throws IOException {
        for (Input input : spec.inputs()) {
            lastLong = 0;
            try (InputStream raw = input.open();
                    BufferedInputStream in = new BufferedInputStream(raw, SNIFF_BYTES)) {
                InputMode mode = spec.mode().kind() == InputMode.Kind.AUTO ? sniff(input, in) : spec.mode();
                LineDecoder decoder = mode.decoder(text, years(input));
                handler.input(input.name(), mode);
                fieldMode =
                        mode.kind() == InputMode.Kind.CSV || mode.kind() == InputMode.Kind.JSONL ? mode.kind() : null;
                if (pool == null || !mode.stateless()) {
                    readLines(input.name(), new LineReader(in), decoder, handler);
                } else {
                    readChunks(input.name(), new LineChunks(in, DecodedLines.BLOCK_BYTES), decoder, handler);
                }
            } catch (IOException e) {
                if (e instanceof OutputFailure h) {
                    throw h.getCause();
                }
                inputErrors.add(input.name() + ": " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(input.name() + ": " + e.getMessage(), e);
            }
        }
    }

    private void tellProgress() {
        progress.progress(get(Count.BYTES), totalBytes, get(Count.LINES));
    }

    private long get(Count c) {
        return n[c.ordinal()];
    }

    private void readLines(String source, LineReader r, LineDecoder decoder, Handler handler) throws IOException {
        long readBefore = 0;
        while (r.next()) {
            DecodedLines.Line line = DecodedLines.decode(r.bytes(), 0, r.length(), r.lineNumber(), r.piece(), decoder);
            take(source, line, 0, decoder, handler);
            n[Count.BYTES.ordinal()] += r.bytesRead() - readBefore;
            readBefore = r.bytesRead();
            if ((line.number() & 4095) == 0) {
                tellProgress();
            }
        }
        n[Count.BYTES.ordinal()] += r.bytesRead() - readBefore;
    }

    /** Stateless formats: workers cut the chunks into lines and decode them; this thread reads and takes. */
    private void readChunks(String source, LineChunks r, LineDecoder decoder, Handler handler) throws IOException {
        long readBefore = 0;
        long base = 0; // lines before the oldest chunk in flight
        ArrayDeque<Future<DecodedLines.Decoded>> inflight = new ArrayDeque<>();
        IOException failed = null;
        while (true) {
            LineChunks.Chunk chunk;
            try {
                chunk = r.next();
            } catch (IOException e) {
                failed = e; // the chunks read before it are taken first: what was read is not lost
                break;
            }
            if (chunk == null) {
                break;
            }
            LineChunks.Chunk c = chunk;
            inflight.add(pool.submit(() -> DecodedLines.decode(c, decoder)));
            n[Count.BYTES.ordinal()] += r.bytesRead() - readBefore;
            readBefore = r.bytesRead();
            while (inflight.size() >= 2 * threads + 2) {
                base = takeAll(source, Workers.await(inflight.poll()), base, decoder, handler);
                tellProgress();
            }
        }
        while (!inflight.isEmpty()) {
            base = takeAll(source, Workers.await(inflight.poll()), base, decoder, handler);
            tellProgress();
        }
        n[Count.BYTES.ordinal()] += r.bytesRead() - readBefore;
        if (failed != null) {
            throw failed;
        }
    }

    /** Takes a chunk's lines, numbered from {@code base}; returns the base of the next chunk. */
    private long takeAll(String source, DecodedLines.Decoded d, long base, LineDecoder decoder, Handler handler)
            throws IOException {
        for (DecodedLines.Line line : d.lines()) {
            take(source, line, base, decoder, handler);
        }
        return base + d.started();
    }

    /** The current input's mode when it reads one field of a record (CSV, JSON Lines), else null. */
    private InputMode.Kind fieldMode;

    /** Characters of a long line kept in its one invalid entry in a field mode. */
    static final int LONG_LINE_TEXT = 256;

    private void take(String source, DecodedLines.Line line, long base, LineDecoder decoder, Handler handler)
            throws IOException {
        long number = base + line.number();
        boolean newLine = !line.piece() || lastLong != number;
        if (line.piece() && newLine) {
            lastLong = number;
            n[Count.LONG.ordinal()]++;
        }
        List<Sighting> found = line.found();
        List<ListParser.Invalid> invalids = line.invalid();
        if (line.piece() && fieldMode != null) {
            // a record over the line limit: its field is read from the first piece only (the others
            // are no records), and a first piece with no address is one short invalid entry
            if (!newLine) {
                found = List.of();
                invalids = List.of();
            } else if (found.isEmpty() && !invalids.isEmpty()) {
                invalids = List.of(new ListParser.Invalid(
                        Untrusted.text(invalids.get(0).text(), LONG_LINE_TEXT),
                        "line over 1 MiB: not read as " + (fieldMode == InputMode.Kind.JSONL ? "JSON" : "CSV"),
                        ListParser.Kind.OTHER));
            }
        }
        n[Count.NUL.ordinal()] += (line.flags() & DecodedLines.NUL) != 0 ? 1 : 0;
        n[Count.UTF8.ordinal()] += (line.flags() & DecodedLines.BAD_UTF8) != 0 ? 1 : 0;
        count((line.flags() & DecodedLines.BLANK) != 0, line.shape(), found.size(), newLine, line.piece());
        ListParser.Invalid invalid = invalids.isEmpty() ? null : invalids.get(0);
        if (invalid != null && invalid.kind() != ListParser.Kind.BLANK) {
            n[Count.INVALID.ordinal()]++; // lines with no address in the chosen field
            if (firstInvalid == null) {
                firstInvalid = source + ":" + number + ": '" + Untrusted.text(invalid.text(), 64) + "' ("
                        + invalid.reason() + ")";
            }
        }
        try {
            handler.line(source, number, line.shape(), decoder, found);
            for (ListParser.Invalid i : invalids) {
                handler.invalid(source, number, i);
            }
        } catch (IOException e) {
            throw new OutputFailure(e);
        }
    }

    private void count(boolean blank, LineDecoder.Shape shape, int found, boolean newLine, boolean piece) {
        n[Count.SIGHTINGS.ordinal()] += found;
        Count kind = shape == LineDecoder.Shape.HEADER
                ? Count.HEADERS
                : found > 0 ? Count.WITH : blank ? Count.BLANK : Count.WITHOUT;
        boolean other = shape == LineDecoder.Shape.OTHER && !blank;
        if (newLine) {
            n[Count.LINES.ordinal()]++;
            n[kind.ordinal()]++;
            n[Count.OTHER.ordinal()] += other ? 1 : 0;
            longKind = piece ? kind : null;
            longOther = piece && other;
            return;
        }
        // a further piece of a long line: the line is counted once, with an address if any piece has one
        if (kind == Count.WITH && longKind != Count.WITH) {
            n[longKind.ordinal()]--;
            n[Count.WITH.ordinal()]++;
            longKind = Count.WITH;
        }
        if (other && !longOther) {
            n[Count.OTHER.ordinal()]++;
            longOther = true;
        }
    }

    private InputMode sniff(Input input, BufferedInputStream in) throws IOException {
        FormatSniffer.Choice c = FormatSniffer.sniff(firstLines(in));
        choices.add(input.name() + ": " + c.mode() + " (" + c.reason() + ")");
        return c.mode();
    }

    /** The first lines of {@code in} for the sniffer; {@code in} is reset to where it was. */
    private static List<String> firstLines(BufferedInputStream in) throws IOException {
        in.mark(SNIFF_BYTES);
        LineReader peek = new LineReader(in, 4096 * 2);
        List<String> first = new ArrayList<>();
        while (first.size() < FormatSniffer.LINES * 2 && peek.bytesRead() < SNIFF_BYTES / 2 && peek.next()) {
            first.add(new String(peek.bytes(), 0, peek.length(), StandardCharsets.UTF_8));
        }
        in.reset();
        return first;
    }

    /**
     * The formats {@code auto} will choose for the inputs, for callers that must know them before the
     * run (the columns of {@code enrich --unique}, the report's). Regular files are opened once more
     * to read their first lines; standard input, pipes ({@code <(zcat x.gz)}) and other streams that
     * cannot be read twice are replaced by re-readable ones, so nothing is consumed. An input that
     * cannot be read has no format here (the run reports it).
     *
     * @param spec a spec with mode {@code auto}
     * @return the spec to run (still {@code auto}) and the formats of the inputs that could be read,
     *     in input order
     */
    public static Sniffed sniffAll(ExtractSpec spec) throws IOException {
        List<Input> inputs = new ArrayList<>();
        List<InputMode> modes = new ArrayList<>();
        for (Input input : spec.inputs()) {
            if (input.size() >= 0 && isRegularFile(input.name())) {
                try (InputStream raw = input.open();
                        BufferedInputStream in = new BufferedInputStream(raw, SNIFF_BYTES)) {
                    modes.add(FormatSniffer.sniff(firstLines(in)).mode());
                } catch (IOException | java.io.UncheckedIOException e) {
                    // the run reports it
                }
                inputs.add(input);
                continue;
            }
            try {
                BufferedInputStream in = new BufferedInputStream(input.open(), SNIFF_BYTES);
                modes.add(FormatSniffer.sniff(firstLines(in)).mode());
                inputs.add(new Input(input.name(), input.size(), () -> in));
            } catch (IOException | UncheckedIOException e) {
                // not readable (binary, UTF-32, a broken gzip...): the run reports it like any input error
                UncheckedIOException failure =
                        e instanceof UncheckedIOException u ? u : new UncheckedIOException((IOException) e);
                inputs.add(new Input(input.name(), input.size(), () -> {
                    throw failure;
                }));
            }
        }
        return new Sniffed(new ExtractSpec(inputs, spec.mode(), spec.options(), spec.year(), spec.threads()), modes);
    }

    private static boolean isRegularFile(String name) {
        try {
            return Files.isRegularFile(Path.of(name));
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * The result of {@link #sniffAll}.
     *
     * @param spec the spec to run
     * @param modes the formats of the inputs, in input order (an input that could not be read has none)
     */
    public record Sniffed(ExtractSpec spec, List<InputMode> modes) {
        /** Copies the list. */
        public Sniffed {
            modes = List.copyOf(modes);
        }
    }

    private YearRule years(Input input) {
        if (spec.year() > 0) {
            return new YearRule(spec.year(), Instant.now());
        }
        if (!input.name().equals("-")) {
            try {
                return YearRule.relativeTo(
                        Files.getLastModifiedTime(Path.of(input.name())).toInstant());
            } catch (IOException | RuntimeException e) {
                // no modification time: fall back to now
            }
        }
        return YearRule.relativeTo(Instant.now());
    }
}
