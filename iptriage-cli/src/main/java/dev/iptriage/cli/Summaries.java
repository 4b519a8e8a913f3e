package dev.iptriage.cli;

import dev.iptriage.engine.ExtractSummary;
import dev.iptriage.engine.RunSummary;
import dev.iptriage.extract.SightingAggregator;
import dev.iptriage.model.Status;
import dev.iptriage.sources.SourceStats;
import dev.iptriage.sources.SourceStatus;
import dev.iptriage.text.CellText;
import java.util.Map;
import java.util.StringJoiner;

/** The run summary on stderr, and the exit code it implies. */
final class Summaries {
    private Summaries() {}

    /**
     * Prints the summary of a run ({@code enrich}, {@code report}): the list path's line, or the log
     * path's extraction and rows lines; then what was sent to each remote source, even when quiet
     * (nothing leaves the machine unsaid). Returns the exit code.
     */
    static int report(RunSummary s, Env env, boolean quiet, long maxErrors) {
        return report(s, env, quiet, maxErrors, false);
    }

    /** {@link #report(RunSummary, Env, boolean, long)} of a run that may be a dry run (nothing sent). */
    static int report(RunSummary s, Env env, boolean quiet, long maxErrors, boolean dryRun) {
        int code = s.extraction() != null
                ? sightings(s, env, quiet, maxErrors, dryRun)
                : list(s, env, quiet, maxErrors, dryRun);
        for (SourceStats st : s.sources()) {
            // quiet or not, said when anything left: addresses, or a source's own queries (health checks)
            if (st.asked() > 0 || !quiet || st.traffic().values().stream().anyMatch(v -> v > 0)) {
                env.err().println("iptriage: " + sent(st, dryRun));
            }
        }
        return code;
    }

    /** {@link #sent(SourceStats, boolean)} of a run that sent what it asked. */
    static String sent(SourceStats st) {
        return sent(st, false);
    }

    /**
     * What a remote source was asked and answered: the distinct addresses sent and to where (only those a question
     * naming them left the machine for; when none did, it says so first), the source's own traffic counts, the
     * answers per status (those that occurred, from the cache too), the addresses not sent by reason (private or
     * reserved, answered from the cache, ...) and the repeats answered without asking again. A dry run says that
     * nothing was sent, and where the addresses would have gone.
     */
    static String sent(SourceStats st, boolean dryRun) {
        // a dry run's sources answer skipped without sending: those are the addresses that would go
        long would = st.asked()
                + st.notSentWhy().entrySet().stream()
                        .filter(e -> dryRunSkip(e.getKey()))
                        .mapToLong(Map.Entry::getValue)
                        .sum();
        long shown = dryRun ? would : st.asked();
        String addresses = String.format("%,d distinct %s", shown, shown == 1 ? "address" : "addresses");
        StringBuilder b = new StringBuilder(st.source())
                .append(
                        dryRun
                                ? ": dry run, nothing sent: " + addresses + " would go to "
                                : (shown == 0 ? ": no address sent: " : ": ") + addresses + " looked up via ")
                .append(CellText.terminalSafe(st.destination()));
        if (!st.traffic().isEmpty()) {
            StringJoiner t = new StringJoiner(", ", " (", ")");
            st.traffic().forEach((k, v) -> t.add(String.format("%s %,d", CellText.terminalSafe(k), v)));
            b.append(t);
        }
        StringJoiner o = new StringJoiner(", ", ": ", "");
        o.setEmptyValue(": no answers");
        st.outcomes().forEach((k, v) -> {
            if (k != SourceStatus.SKIPPED) {
                o.add(String.format("%s %,d", k.text(), v));
            }
        });
        b.append(o);
        b.append(String.format(
                "; not sent (%s) %,d",
                SourceStats.PRIVATE_OR_RESERVED, st.notSentWhy().getOrDefault(SourceStats.PRIVATE_OR_RESERVED, 0L)));
        st.notSentWhy().forEach((why, n) -> {
            boolean dryRunSkip = dryRun && dryRunSkip(why);
            if (!why.equals(SourceStats.PRIVATE_OR_RESERVED) && !dryRunSkip) {
                b.append(String.format(", %s %,d", CellText.terminalSafe(why), n));
            }
        });
        // repeats of a line a row cache answered, or within one block, never reach the sources: not counted
        b.append(String.format("; answers reused for later repeats %,d", st.reused()));
        return b.toString();
    }

    /** Whether {@code why} is the reason a dry run's source gives for an address it would have sent. */
    private static boolean dryRunSkip(String why) {
        return why.equals("skipped") || why.equals("skipped:dry_run");
    }

    /** The summary of a log or text run (or a join): the extraction, then the rows. */
    private static int sightings(RunSummary r, Env env, boolean quiet, long maxErrors, boolean dryRun) {
        int code = extraction(r.extraction(), r.overLimit(), r.untracked(), env, quiet);
        long errors = r.count(Status.ERROR);
        if (!quiet) {
            env.err()
                    .printf(
                            "iptriage: %,d rows%s: ok %,d, not_found %,d, private %,d, reserved %,d, invalid %,d,"
                                    + " error %,d%n",
                            r.rows(),
                            dryRun ? " (dry run: none written)" : "",
                            r.count(Status.OK),
                            r.count(Status.NOT_FOUND),
                            r.count(Status.PRIVATE),
                            r.count(Status.RESERVED),
                            r.count(Status.INVALID),
                            errors);
        }
        if (errors > 0) {
            env.err()
                    .printf(
                            "iptriage: %,d %s status error; first: %s%n",
                            errors, errors == 1 ? "row has" : "rows have", r.firstError());
        }
        return code == ExitCodes.OK && errors > maxErrors ? ExitCodes.RECORD_ERRORS : code;
    }

    private static int list(RunSummary s, Env env, boolean quiet, long maxErrors, boolean dryRun) {
        long errors = s.count(Status.ERROR);
        if (!quiet) {
            StringBuilder b = new StringBuilder("iptriage: ");
            b.append(String.format(
                    "%,d lines -> %,d rows%s: ", s.lines(), s.rows(), dryRun ? " (dry run: none written)" : ""));
            b.append(String.format(
                    "ok %,d, not_found %,d, private %,d, reserved %,d, invalid %,d",
                    s.count(Status.OK),
                    s.count(Status.NOT_FOUND),
                    s.count(Status.PRIVATE),
                    s.count(Status.RESERVED),
                    s.count(Status.INVALID)));
            if (s.unique()) {
                // blank and comment lines are no rows with --unique
                if (s.truncated() > 0) {
                    b.append(String.format(" (too long %,d)", s.truncated()));
                }
                b.append(String.format(", error %,d", errors));
                if (s.blank() + s.comments() > 0) {
                    b.append(String.format(", not addresses: blank %,d, comment %,d", s.blank(), s.comments()));
                }
            } else {
                if (s.blank() + s.comments() + s.truncated() > 0) {
                    b.append(String.format(
                            " (blank %,d, comment %,d, too long %,d)", s.blank(), s.comments(), s.truncated()));
                }
                b.append(String.format(", error %,d", errors));
            }
            double secs = s.elapsed().toNanos() / 1e9;
            b.append(String.format(" in %.2f s (%,.0f lines/s)", secs, s.linesPerSecond()));
            env.err().println(b);
        }
        if (s.overLimit() > 0) { // the cause of exit 5: said even with -q
            env.err()
                    .printf(
                            "iptriage: warning: %,d lines were not counted: more than --max-distinct distinct"
                                    + " values%n",
                            s.overLimit());
        }
        for (String e : s.inputErrors()) {
            env.err().println("iptriage: error: " + e);
        }
        if (errors > 0) {
            env.err()
                    .printf(
                            "iptriage: %,d %s status error; first: %s%n",
                            errors, errors == 1 ? "row has" : "rows have", s.firstError());
        }
        if (!s.inputErrors().isEmpty()) {
            return ExitCodes.INPUT;
        }
        if (errors > maxErrors || s.overLimit() > 0) {
            return ExitCodes.RECORD_ERRORS;
        }
        return ExitCodes.OK;
    }

    /** The summary of an extraction ({@code extract}, {@code enrich --from MODE}) and its exit code. */
    static int extraction(ExtractSummary s, long overLimit, Env env, boolean quiet) {
        return extraction(s, overLimit, 0, env, quiet);
    }

    /**
     * The summary of an extraction and its exit code; {@code untracked}: sightings whose context value
     * (path, agent, user, ...) was counted under {@code (other)} only, the kept values having reached
     * their character cap.
     */
    static int extraction(ExtractSummary s, long overLimit, long untracked, Env env, boolean quiet) {
        if (!quiet) {
            for (String c : s.choices()) {
                env.err().println("iptriage: --from auto: " + c);
            }
            env.err().println("iptriage: " + extractionLine(s));
            if (untracked > 0) {
                env.err()
                        .printf(
                                "iptriage: note: %,d sightings of paths, agents, users or jails were counted under"
                                        + " (other) only: the values kept reached %,d M characters%n",
                                untracked, SightingAggregator.VALUE_CHARS >> 20);
            }
        }
        if (overLimit > 0) { // the cause of exit 5: said even with -q
            env.err()
                    .printf(
                            "iptriage: warning: %,d sightings were not counted: more than --max-distinct distinct"
                                    + " addresses (or invalid texts)%n",
                            overLimit);
        }
        for (String e : s.inputErrors()) {
            env.err().println("iptriage: error: " + e);
        }
        if (!s.inputErrors().isEmpty()) {
            return ExitCodes.INPUT;
        }
        return overLimit > 0 ? ExitCodes.RECORD_ERRORS : ExitCodes.OK;
    }

    /** "1 line", "2 lines", "1 address", "3 addresses". */
    private static String count(long n, String noun) {
        return String.format("%,d %s", n, n == 1 ? noun : noun.endsWith("s") ? noun + "es" : noun + "s");
    }

    static String extractionLine(ExtractSummary s) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(
                "%s: %s on %s, %s without an address, %,d blank",
                count(s.lines(), "line"),
                count(s.sightings(), "address"),
                count(s.withAddress(), "line"),
                count(s.withoutAddress(), "line"),
                s.blank()));
        if (s.headers() > 0) {
            b.append(String.format(", %,d header", s.headers()));
        }
        if (s.otherShape() > 0) {
            b.append(String.format(", %,d not in the chosen format", s.otherShape()));
        }
        if (s.invalidValues() > 0) {
            b.append(String.format(
                    ", %s with no address in the chosen field (first: %s)",
                    count(s.invalidValues(), "line"), CellText.terminalSafe(s.firstInvalid())));
        }
        if (s.longLines() + s.invalidUtf8() + s.nulLines() > 0) {
            b.append(String.format(
                    " (%,d over 1 MiB, read in pieces; %,d invalid UTF-8; %,d with NUL bytes)",
                    s.longLines(), s.invalidUtf8(), s.nulLines()));
        }
        double secs = s.elapsed().toNanos() / 1e9;
        b.append(String.format(" in %.2f s (%.1f MB/s)", secs, secs <= 0 ? 0 : s.bytes() / 1e6 / secs));
        return b.toString();
    }
}
