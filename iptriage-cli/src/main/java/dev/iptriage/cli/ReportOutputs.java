package dev.iptriage.cli;

import dev.iptriage.sink.html.HtmlReport;
import dev.iptriage.sink.png.PngImages;
import dev.iptriage.sink.report.GeoJsonPoints;
import dev.iptriage.sink.report.ReportData;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The files {@code report} writes, checked before the (possibly long) run and written atomically after it. */
final class ReportOutputs {
    @FunctionalInterface
    private interface Writer {
        void write(OutputStream out) throws IOException;
    }

    private final List<Path> outputs;
    private final Path png;
    private final Path charts;
    private final Optional<String> tiles;
    private final Env env;

    private ReportOutputs(List<Path> outputs, Path png, Path charts, Optional<String> tiles, Env env) {
        this.env = env;
        this.outputs = List.copyOf(outputs);
        this.png = png;
        this.charts = charts;
        this.tiles = tiles;
    }

    /** Checks the output options; warns on stderr about --tiles (data leaves the machine). */
    static ReportOutputs check(List<Path> outputs, Path png, Path charts, String tiles, Env env, boolean quiet) {
        if (outputs.isEmpty() && png == null && charts == null) {
            throw new CliException(
                    ExitCodes.USAGE,
                    "no output: give -o report.html (or -o points.geojson, --png map.png, --charts DIR)");
        }
        for (Path o : outputs) {
            kind(o);
        }
        if (png != null) {
            if (AtomicOutput.mode(png) == AtomicOutput.Mode.ATOMIC) {
                OutputNames.require(png, "png", "--png: the map");
            }
            AtomicOutput.checkTerminal(png, env, true, "--png: the map");
        }
        long toStdout = java.util.stream.Stream.concat(outputs.stream(), java.util.stream.Stream.ofNullable(png))
                .filter(AtomicOutput::isStdout)
                .count();
        if (toStdout > 1) {
            throw new CliException(ExitCodes.USAGE, "only one output can go to standard output (-o -, --png -)");
        }
        if (charts != null) {
            checkChartsFolder(charts);
        }
        if (tiles != null) {
            checkTiles(tiles);
            if (!quiet) {
                env.err()
                        .println("iptriage: warning: --tiles: the report will load map tiles from "
                                + URI.create(tiles.replace("{", "").replace("}", ""))
                                        .getHost()
                                + "; that server learns the reader's address and which areas of the map they view");
            }
        }
        return new ReportOutputs(outputs, png, charts, Optional.ofNullable(tiles), env);
    }

    /**
     * {@code --charts DIR} is created after the run with its missing parents ({@code mkdir -p}); an
     * existing file there, or a file where a parent folder should be, is an output error now, before
     * the run.
     */
    private static void checkChartsFolder(Path charts) {
        Path abs = charts.toAbsolutePath();
        Path existing = abs;
        while (existing.getParent() != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing.equals(abs) && !Files.isDirectory(abs)) {
            throw CliException.output(charts + ": --charts needs a folder, and this is not one");
        }
        if (!Files.isDirectory(existing)) {
            throw CliException.output(charts + ": cannot create the folder: " + existing + " is not a folder");
        }
        if (!existing.equals(abs) && !Files.isWritable(existing)) {
            throw CliException.output(charts + ": cannot create the folder in " + existing + " (permission denied)");
        }
    }

    private static void checkTiles(String tiles) {
        String t = tiles.toLowerCase(Locale.ROOT);
        boolean ok = (t.startsWith("https://") || t.startsWith("http://"))
                && t.contains("{z}")
                && t.contains("{x}")
                && t.contains("{y}")
                && tiles.chars().noneMatch(c -> c == '"' || c == '\'' || c == '<' || c == '>' || c <= ' ');
        try {
            ok = ok && URI.create(tiles.replace("{", "").replace("}", "")).getHost() != null;
        } catch (IllegalArgumentException e) {
            ok = false;
        }
        if (!ok) {
            throw new CliException(
                    ExitCodes.USAGE, "--tiles: expected an http(s) URL template with {z}, {x} and {y}, got: " + tiles);
        }
    }

    /**
     * The format of {@code -o p}, from its extension: .html (or .htm) the page, .geojson the map points;
     * standard output ({@code -o -}) gets the page. Anything else is a usage error naming the choices
     * (.json too: a user asking for it likely expects enrich's JSON rows).
     */
    private static String kind(Path p) {
        if (AtomicOutput.isStdout(p)) {
            return "html";
        }
        String ext = OutputNames.extension(p);
        switch (ext) {
            case "html", "htm" -> {
                return "html";
            }
            case "geojson" -> {
                return "geojson";
            }
            case "json" ->
                throw new CliException(
                        ExitCodes.USAGE,
                        p + ": a report is .html (the page) or .geojson (the map points); for the rows as JSON use"
                                + " enrich -f json");
            case "" ->
                throw new CliException(
                        ExitCodes.USAGE,
                        p + ": the report format comes from the file name: .html (the page) or .geojson (the map"
                                + " points); for a pipe, write the page to standard output with -o - (report -o - |"
                                + " gzip > report.html.gz)");
            default ->
                throw new CliException(
                        ExitCodes.USAGE,
                        p + ": unknown report format '." + ext + "': use a .html or .geojson file name (or -o - for"
                                + " the page on standard output)");
        }
    }

    /** Writes every requested file. */
    void write(ReportData data, int top) {
        write(data, top, Optional.empty());
    }

    /**
     * Writes the outputs; {@code tableOrder} is the address table's order as the command line wrote it, or empty
     * for the default (the most seen first).
     */
    void write(ReportData data, int top, Optional<String> tableOrder) {
        for (Path o : outputs) {
            if (kind(o).equals("html")) {
                HtmlReport.Options opts = new HtmlReport.Options(tiles, top, Optional.empty(), tableOrder);
                atomically(o, out -> HtmlReport.write(data, opts, out));
            } else {
                atomically(o, out -> GeoJsonPoints.write(data, out));
            }
        }
        if (png != null) {
            atomically(png, out -> PngImages.writeMap(data, out));
        }
        if (charts != null) {
            try {
                Files.createDirectories(charts);
            } catch (IOException e) {
                throw CliException.output(charts + ": cannot create the folder: " + e.getMessage());
            }
            atomically(charts.resolve("countries.png"), out -> PngImages.writeCountryChart(data, top, out));
            atomically(charts.resolve("asns.png"), out -> PngImages.writeAsnChart(data, top, out));
            if (data.listings().isPresent()) {
                atomically(charts.resolve("listings.png"), out -> PngImages.writeListingChart(data, top, out));
            }
            if (data.tags().isPresent()) {
                atomically(charts.resolve("tags.png"), out -> PngImages.writeTagChart(data, top, out));
            }
            if (data.scanners().isPresent()) {
                atomically(charts.resolve("scanners.png"), out -> PngImages.writeScannerChart(data, top, out));
            }
        }
    }

    private void atomically(Path target, Writer w) {
        boolean binary = OutputNames.extension(target).equals("png") || target.equals(png);
        try (AtomicOutput o = AtomicOutput.open(target, env, binary)) {
            try {
                w.write(o.stream());
            } catch (IOException e) {
                throw CliException.output(target + ": " + e.getMessage());
            }
            o.commit();
        }
    }
}
