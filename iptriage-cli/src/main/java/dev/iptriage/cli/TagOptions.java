package dev.iptriage.cli;

import dev.iptriage.engine.Tags;
import dev.iptriage.lists.CompiledLists;
import dev.iptriage.lists.IpList;
import dev.iptriage.lists.ListFolders;
import dev.iptriage.lists.ListIndex;
import dev.iptriage.lists.ListProblem;
import dev.iptriage.lists.ListReader;
import dev.iptriage.listupdate.ListCatalogue;
import dev.iptriage.listupdate.ListFreshness;
import dev.iptriage.listupdate.ListSource;
import dev.iptriage.scanners.ScannerRules;
import dev.iptriage.sink.report.ListFact;
import dev.iptriage.text.CellText;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Option;

/**
 * The offline tags' options of {@code enrich}, {@code report} and {@code lookup}: the lists ({@code --list FILE|DIR},
 * else the lists folder) and the scanner rules (shipped, plus {@code --scanner-rules FILE}).
 */
final class TagOptions {
    /** Bad lines of one list printed on stderr; the rest are counted. */
    static final int PROBLEMS_SHOWN = 5;

    @Option(
            names = "--list",
            paramLabel = "FILE|DIR",
            description = "tag addresses with a blocklist or watchlist (plain, FireHOL, Feodo, Spamhaus DROP, Tor,"
                    + " MISP warninglist, OpenFilters; detected from the content), or every list in a folder;"
                    + " repeatable (default: the lists folder, $IPTRIAGE_LISTS_DIR or the one lists update fills)")
    List<Path> lists = new ArrayList<>();

    @Option(names = "--no-lists", description = "use no list, not even the lists folder's")
    boolean noLists;

    @Option(
            names = "--scanner-rules",
            paramLabel = "FILE",
            description = "more scanner rules laid over the shipped ones (format: examples/scanner-rules.txt);"
                    + " repeatable")
    List<Path> scannerRules = new ArrayList<>();

    /** What the lists and rules came to, for the summary and the report. */
    record Opened(Tags tags, List<IpList> lists, List<Path> files, String origin) {
        /** No tags at all. */
        static final Opened NONE = new Opened(null, List.of(), List.of(), null);

        /** The names of the tags' columns, in order (none without tags). */
        List<String> columnNames() {
            return tags == null
                    ? List.of()
                    : tags.columns().stream().map(c -> c.name()).toList();
        }
    }

    /**
     * Reads the lists and rules.
     *
     * @param env the environment (lists folder, stderr)
     * @param fields the {@code --fields} value: without lists, the scanner columns are there only when it names
     *     one of them, so a run with no lists keeps its usual columns
     * @param quiet no note of the lists read on stderr (their bad lines are still shown: they are input errors)
     * @throws CliException exit 3 for a list that cannot be read or is not a list at all, or a bad rules file
     */
    Opened open(Env env, String fields, boolean quiet) {
        return open(env, namesScanner(fields), quiet, !namesScanner(fields) && !namesSets(fields));
    }

    /** Whether a {@code --fields} value has {@code default} or {@code all}, which hold the scanner columns. */
    private static boolean namesSets(String fields) {
        return Arrays.stream(fields.split(","))
                .map(s -> s.strip().toLowerCase(Locale.ROOT))
                .anyMatch(s -> s.equals("default") || s.equals("all"));
    }

    /**
     * Whether a {@code --fields} value names a scanner column ({@code all} does not add them without lists: it keeps
     * the columns it had).
     */
    static boolean namesScanner(String fields) {
        return Arrays.stream(fields.split(","))
                .map(s -> s.strip().toLowerCase(Locale.ROOT))
                .anyMatch(s ->
                        Tags.SCANNER_COLUMNS.stream().anyMatch(c -> c.name().equals(s)));
    }

    /**
     * Reads the lists and rules; {@code scanners} says whether the scanner columns are wanted even with no list and
     * no rules file.
     */
    Opened open(Env env, boolean scanners, boolean quiet) {
        return open(env, scanners, quiet, false);
    }

    /**
     * {@link #open(Env, boolean, boolean)}; {@code noScannerColumns}: the run shows none of the scanner columns (its
     * {@code --fields} names columns and none of them), so the rules are not read unless a rules file is named.
     */
    private Opened open(Env env, boolean scanners, boolean quiet, boolean noScannerColumns) {
        if (noLists && !lists.isEmpty()) {
            throw new CliException(ExitCodes.USAGE, "--no-lists and --list cannot be used together");
        }
        List<Path> files = new ArrayList<>();
        String origin = null;
        try {
            if (!lists.isEmpty()) {
                for (Path p : lists) {
                    files.addAll(Files.isDirectory(p) ? ListFolders.files(p) : List.of(p));
                }
                origin = "--list";
            } else if (!noLists) {
                for (Path d : ListFolders.defaultDirs(env.env())) {
                    if (Files.isDirectory(d)) {
                        files.addAll(ListFolders.files(d));
                        origin = d.toString();
                    }
                }
            }
        } catch (IOException e) {
            throw CliException.input(
                    "cannot read the lists folder: " + CellText.terminalSafe(String.valueOf(e.getMessage())));
        }
        List<IpList> read = new ArrayList<>();
        ListIndex index = null;
        if (!files.isEmpty()) {
            CompiledLists.Compiled compiled = compile(env, files);
            read.addAll(compiled.lists());
            index = compiled.index();
            Map<String, Path> byName = new HashMap<>();
            for (int i = 0; i < read.size(); i++) {
                Path other = byName.putIfAbsent(read.get(i).name(), files.get(i));
                if (other != null) {
                    throw new CliException(
                            ExitCodes.USAGE,
                            "two lists are named "
                                    + CellText.terminalSafe(read.get(i).name()) + " ("
                                    + CellText.terminalSafe(other.toString()) + " and "
                                    + CellText.terminalSafe(files.get(i).toString())
                                    + "): the tags column could not tell them apart; rename one");
                }
            }
        }
        if (files.isEmpty() && scannerRules.isEmpty() && !scanners) {
            return Opened.NONE; // no tags: the rules are not even read
        }
        // the shipped rules are parsed in some 20 ms: not for a run that shows no scanner column
        ScannerRules rules = noScannerColumns && scannerRules.isEmpty() && !files.isEmpty() ? null : scannerRules();
        if (!quiet && !read.isEmpty()) {
            long entries = read.stream().mapToLong(l -> l.entries().size()).sum();
            env.err()
                    .println("iptriage: lists: " + read.size() + (read.size() == 1 ? " list, " : " lists, ")
                            + String.format(Locale.ROOT, "%,d", entries) + " entries ("
                            + CellText.terminalSafe(String.join(
                                    ", ", read.stream().map(IpList::name).toList()))
                            + ")");
        }
        // even with --quiet, as the database age warning: a stale blocklist misleads as much as a stale database
        warnStale(env, files);
        Set<String> publicNames = new HashSet<>();
        Set<String> benign = new HashSet<>();
        for (ListSource s : ListCatalogue.all()) {
            publicNames.add(s.name());
            if (s.benign()) {
                benign.add(s.name());
            }
        }
        return new Opened(new Tags(index, rules, publicNames, benign), List.copyOf(read), List.copyOf(files), origin);
    }

    /** Warns of the catalogue lists among {@code files} that were not updated for over twice their cadence. */
    private static void warnStale(Env env, List<Path> files) {
        Set<Path> read = new HashSet<>();
        files.forEach(f -> read.add(f.toAbsolutePath().normalize()));
        Set<Path> dirs = new LinkedHashSet<>();
        read.forEach(f -> dirs.add(f.getParent()));
        for (Path d : dirs) {
            for (ListFreshness.Stale s : ListFreshness.check(d, env.clock())) {
                if (read.contains(s.file().toAbsolutePath().normalize())) {
                    env.err().println("iptriage: warning: list " + CellText.terminalSafe(s.message()));
                }
            }
        }
    }

    /** Where a list comes from: what its file says, else the update catalogue's URL for its name; or null. */
    static String source(IpList l) {
        return l.source() != null
                ? l.source()
                : ListCatalogue.find(l.name()).map(s -> s.url().toString()).orElse(null);
    }

    /** What the report says of a list: its file's facts, with the catalogue's source and terms where it has none. */
    static ListFact fact(IpList l) {
        return new ListFact(
                l.name(),
                l.format().id(),
                source(l),
                l.date(),
                licence(l),
                l.entries().size(),
                l.problemCount());
    }

    /** A list's licence or terms: what its file says, else the update catalogue's; or null. */
    static String licence(IpList l) {
        return l.licence() != null
                ? l.licence()
                : ListCatalogue.find(l.name()).map(ListSource::terms).orElse(null);
    }

    private ScannerRules scannerRules() {
        ScannerRules rules = ScannerRules.shipped();
        for (Path p : scannerRules) {
            try {
                rules = rules.merge(ScannerRules.read(p));
            } catch (IOException e) {
                throw CliException.input(CellText.terminalSafe(String.valueOf(e.getMessage())));
            }
        }
        return rules;
    }

    /**
     * The lists of {@code files} and their index: from the compiled-lists cache when it holds these files' content,
     * else read (the first bad lines of each printed as it is read) and compiled; the bad lines of lists from the cache
     * are printed the same. The cache is {@code $XDG_CACHE_HOME/iptriage/lists}; one that cannot be used is skipped.
     */
    private static CompiledLists.Compiled compile(Env env, List<Path> files) {
        String home = env.env().getOrDefault("HOME", System.getProperty("user.home"));
        Path dir;
        try {
            dir = CompiledLists.defaultDir(env.env(), home);
        } catch (RuntimeException e) {
            dir = null; // no usable home: compile without a cache
        }
        CompiledLists.Compiled c;
        try {
            c = CompiledLists.load(files, dir, Version.get(), env.clock(), f -> readList(env, f));
        } catch (IOException e) {
            throw new AssertionError("readList throws no IOException", e);
        }
        if (c.cached()) {
            for (int i = 0; i < files.size(); i++) {
                printProblems(env, files.get(i), c.lists().get(i));
            }
        }
        return c;
    }

    /** Reads one list, printing its first bad lines; a file that is not a list, or cannot be read, is exit 3. */
    private static IpList readList(Env env, Path f) {
        IpList l;
        try {
            l = ListReader.read(f);
        } catch (ListReader.NotAListException e) {
            throw CliException.input(CellText.terminalSafe(e.getMessage()));
        } catch (NoSuchFileException e) {
            throw CliException.input("no such list file: " + CellText.terminalSafe(f.toString()));
        } catch (IOException e) {
            throw CliException.input("cannot read list " + CellText.terminalSafe(f.toString()) + ": "
                    + CellText.terminalSafe(String.valueOf(e.getMessage())));
        }
        printProblems(env, f, l);
        return l;
    }

    /** Prints a list's first bad lines and, past them, how many there were. */
    private static void printProblems(Env env, Path f, IpList l) {
        if (l.problemCount() > 0) {
            int shown = 0;
            for (ListProblem p : l.problems()) {
                if (shown++ == PROBLEMS_SHOWN) {
                    break;
                }
                env.err().println("iptriage: " + CellText.terminalSafe(p.format(f.toString())) + " (line skipped)");
            }
            if (l.problemCount() > PROBLEMS_SHOWN) {
                env.err()
                        .println("iptriage: " + CellText.terminalSafe(f.toString()) + ": "
                                + String.format(Locale.ROOT, "%,d", l.problemCount()) + " bad line"
                                + (l.problemCount() == 1 ? "" : "s") + " skipped in all");
            }
        }
    }
}
