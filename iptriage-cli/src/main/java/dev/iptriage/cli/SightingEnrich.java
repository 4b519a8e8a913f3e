package dev.iptriage.cli;

import dev.iptriage.engine.Enricher;
import dev.iptriage.engine.ExtractRunner;
import dev.iptriage.engine.ExtractSpec;
import dev.iptriage.engine.JoinJob;
import dev.iptriage.engine.ProgressListener;
import dev.iptriage.engine.SightingColumns;
import dev.iptriage.engine.SightingJob;
import dev.iptriage.extract.InputMode;
import dev.iptriage.extract.SightingAggregator;
import dev.iptriage.input.Input;
import dev.iptriage.model.Field;
import dev.iptriage.model.Status;
import dev.iptriage.sink.SinkFormat;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** {@code enrich --from MODE} for logs and text: the addresses found, enriched, with sighting columns. */
final class SightingEnrich {
    private final Env env;
    private final EnrichCommand cmd;

    SightingEnrich(Env env, EnrichCommand cmd) {
        this.env = env;
        this.cmd = cmd;
    }

    int run(SinkFormat fmt, InputMode mode, List<Input> inputs, List<Field> extra) throws IOException {
        if (cmd.keepColumns && (cmd.unique || (fmt != SinkFormat.CSV && fmt != SinkFormat.JSONL))) {
            throw new CliException(
                    ExitCodes.USAGE,
                    "--keep-columns writes one row per input row: csv or jsonl," + " without --unique");
        }
        ExtractSpec spec =
                new ExtractSpec(inputs, mode, cmd.input.extractOptions(), cmd.input.year, cmd.job.decoders());
        List<InputMode> modes = List.of(mode);
        if (cmd.unique && namesASet(cmd.fields) && mode.kind() == InputMode.Kind.AUTO) {
            ExtractRunner.Sniffed s = ExtractRunner.sniffAll(spec);
            spec = s.spec();
            modes = s.modes();
        }
        Enricher enricher = cmd.enricher(columns(extra, modes));
        int max = cmd.job.maxDistinct != null ? cmd.job.maxDistinct : SightingAggregator.defaultMaxDistinct();
        SightingJob.Result r = cmd.output == null
                ? write(spec, enricher, fmt, max, Stdout.stream(env.out()), "standard output")
                : writeFile(spec, enricher, fmt, max);
        return report(r, env, cmd.job.quiet, cmd.job.maxErrors);
    }

    /**
     * The columns after the {@code --fields} ones: {@code extra} ({@code count} with {@code --unique},
     * {@code raw}), and with {@code --unique} the sighting columns of every input's format (in their
     * canonical order, before {@code raw}) when {@code --fields} names {@code default} or {@code all};
     * an explicit list gets none it does not name.
     */
    private List<Field> columns(List<Field> extra, List<InputMode> modes) {
        List<Field> fields = new ArrayList<>(extra);
        if (cmd.unique && namesASet(cmd.fields)) {
            fields.remove(Field.RAW);
            for (Field f : SightingColumns.forModes(modes)) {
                if (!fields.contains(f)) {
                    fields.add(f);
                }
            }
            if (extra.contains(Field.RAW)) {
                fields.add(Field.RAW);
            }
        }
        return fields;
    }

    /** Whether a {@code --fields} value names {@code default} or {@code all}. */
    static boolean namesASet(String fields) {
        return Arrays.stream(fields.split(","))
                .map(p -> p.strip().toLowerCase(Locale.ROOT))
                .anyMatch(p -> p.equals("default") || p.equals("all"));
    }

    private SightingJob.Result writeFile(ExtractSpec spec, Enricher enricher, SinkFormat fmt, int max)
            throws IOException {
        try (AtomicOutput o = AtomicOutput.open(cmd.output)) {
            SightingJob.Result r = write(spec, enricher, fmt, max, o.stream(), cmd.output.toString());
            o.commit();
            return r;
        }
    }

    private SightingJob.Result write(
            ExtractSpec spec, Enricher enricher, SinkFormat fmt, int max, OutputStream out, String where) {
        SightingJob.Result r;
        ProgressListener progress = CliProgress.create(env, cmd.job.quiet);
        try {
            r = cmd.keepColumns
                    ? JoinJob.run(spec, enricher, fmt == SinkFormat.JSONL, out, progress)
                    : SightingJob.run(spec, enricher, fmt, cmd.unique, max, out, progress);
            out.flush();
        } catch (IllegalArgumentException e) {
            throw CliException.input(e.getMessage());
        } catch (IOException | java.io.UncheckedIOException e) {
            throw CliException.output(where + ": " + e.getMessage());
        } finally {
            if (progress instanceof CliProgress p) {
                p.close();
            }
        }
        if (cmd.output == null) {
            Stdout.check(env.out());
        }
        return r;
    }

    /** Prints the summary of a sighting run and returns the exit code. */
    static int report(SightingJob.Result r, Env env, boolean quiet, long maxErrors) {
        int code = Summaries.extraction(r.extraction(), r.overLimit(), r.untracked(), env, quiet);
        long errors = r.count(Status.ERROR);
        if (!quiet) {
            env.err()
                    .printf(
                            "iptriage: %,d rows: ok %,d, not_found %,d, private %,d, reserved %,d, invalid %,d,"
                                    + " error %,d%n",
                            r.rows(),
                            r.count(Status.OK),
                            r.count(Status.NOT_FOUND),
                            r.count(Status.PRIVATE),
                            r.count(Status.RESERVED),
                            r.count(Status.INVALID),
                            errors);
        }
        if (errors > 0) {
            env.err().printf("iptriage: %,d rows have status error; first: %s%n", errors, r.firstError());
        }
        return code == ExitCodes.OK && errors > maxErrors ? ExitCodes.RECORD_ERRORS : code;
    }
}
