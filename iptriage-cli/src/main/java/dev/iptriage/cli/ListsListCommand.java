package dev.iptriage.cli;

import dev.iptriage.lists.IpList;
import dev.iptriage.lists.ListFolders;
import dev.iptriage.listupdate.ListFreshness;
import dev.iptriage.scanners.Actor;
import dev.iptriage.scanners.ScannerRules;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code iptriage lists list}: the lists and scanner rules a run would use, and what each file says about itself. */
@Command(
        name = "list",
        footerHeading = "%nExamples:%n",
        footer = {
            "  # the lists a run would use, and the scanner rules",
            "  iptriage lists list",
            "  # given lists: a file and every list in a folder",
            "  iptriage lists list --list firehol_level1.netset --list ~/watch/",
            "  # with scanner rules of your own",
            "  iptriage lists list --scanner-rules my-scanners.txt"
        },
        mixinStandardHelpOptions = true,
        description = "List the lists a run would use (same --list/--no-lists as enrich; else the lists folder): name,"
                + " format, entries, date, source, licence, bad lines; and the scanner rules.")
final class ListsListCommand implements Callable<Integer> {
    private final Env env;
    /** Standard output for a person: {@link TerminalText}, as names and values come from files. */
    private final PrintStream out;

    @Mixin
    TagOptions tags;

    ListsListCommand(Env env) {
        this.env = env;
        this.out = TerminalText.wrap(env.out());
    }

    @Override
    public Integer call() {
        TagOptions.Opened o = tags.open(env, true, true);
        if (o.files().isEmpty()) {
            List<Path> dirs = ListFolders.defaultDirs(env.env());
            out.println("no lists"
                    + (tags.noLists
                            ? " (--no-lists)"
                            : dirs.isEmpty()
                                    ? ""
                                    : " in "
                                            + String.join(
                                                    ", ",
                                                    dirs.stream()
                                                            .map(Path::toString)
                                                            .toList())
                                            + " ('iptriage lists update' fills it; --list FILE|DIR names others)"));
        } else {
            out.println("found via: " + o.origin());
        }
        for (int i = 0; i < o.lists().size(); i++) {
            describe(o.lists().get(i), o.files().get(i));
        }
        ScannerRules rules = o.tags().rules();
        List<Actor> actors = rules.actors();
        out.println("scanner rules: " + actors.size() + " actors (shipped"
                + (tags.scannerRules.isEmpty()
                        ? ""
                        : " + "
                                + String.join(
                                        ", ",
                                        tags.scannerRules.stream()
                                                .map(Path::toString)
                                                .toList()))
                + "): " + String.join(", ", actors.stream().map(Actor::id).toList()));
        return ExitCodes.OK;
    }

    /** A fact as one line of at most 200 characters (MISP descriptions run long). */
    private static String shorten(String v) {
        String one = v.replaceAll("\\s+", " ").strip();
        return one.length() <= 200 ? one : one.substring(0, 199) + "\u2026";
    }

    private void describe(IpList l, Path file) {
        List<String> head = new ArrayList<>();
        head.add(l.name());
        head.add(l.format().id());
        head.add(String.format(
                Locale.ROOT, "%,d %s", l.entries().size(), l.entries().size() == 1 ? "entry" : "entries"));
        if (l.date() != null) {
            head.add("dated " + l.date());
        }
        out.println(String.join("  ", head));
        out.println("    file " + file);
        if (l.title() != null && !l.title().equals(l.name())) {
            out.println("    title " + l.title());
        }
        for (Map.Entry<String, String> e : List.of(
                Map.entry("source", String.valueOf(TagOptions.source(l))),
                Map.entry("maintainer", String.valueOf(l.maintainer())),
                Map.entry("licence", String.valueOf(TagOptions.licence(l))))) {
            if (!e.getValue().equals("null")) {
                out.println("    " + e.getKey() + " " + e.getValue());
            }
        }
        l.facts().entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> out.println("    " + e.getKey() + " " + shorten(e.getValue())));
        for (ListFreshness.Stale st : ListFreshness.check(file.toAbsolutePath().getParent(), env.clock())) {
            if (st.file().getFileName().equals(file.getFileName())) {
                out.println("    stale: " + st.message());
            }
        }
        if (l.problemCount() > 0) {
            out.println(String.format(
                    Locale.ROOT, "    %,d bad line%s skipped", l.problemCount(), l.problemCount() == 1 ? "" : "s"));
        }
    }
}
