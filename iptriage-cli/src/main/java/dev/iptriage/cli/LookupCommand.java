package dev.iptriage.cli;

import dev.iptriage.databases.Database;
import dev.iptriage.databases.DatabaseLocator;
import dev.iptriage.engine.Engine;
import dev.iptriage.engine.Enrichment;
import dev.iptriage.engine.Tags;
import dev.iptriage.extract.Found;
import dev.iptriage.ip.IpAddress;
import dev.iptriage.ip.IpClass;
import dev.iptriage.ip.IpLiteral;
import dev.iptriage.mmdb.MmdbFormatException;
import dev.iptriage.mmdb.MmdbReader;
import dev.iptriage.model.Column;
import dev.iptriage.model.Field;
import dev.iptriage.sources.RemoteSource;
import dev.iptriage.sources.SourceStats;
import dev.iptriage.text.CellText;
import dev.iptriage.text.Flattener;
import dev.iptriage.webservice.WebServiceSource;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code iptriage lookup IP...}: every field of every database for a few addresses, for a human. */
@Command(
        name = "lookup",
        footerHeading = "%nExamples:%n",
        footer = {
            "  # everything every database says",
            "  iptriage lookup 8.8.8.8 2001:db8::1",
            "  # with the tags of the lists in a folder",
            "  iptriage lookup --list lists/ 162.142.125.9",
            "  # online: reverse DNS, DNS blocklists, Team Cymru's origin AS",
            "  iptriage lookup --ptr --dnsbl --cymru 203.0.113.7",
            "  # place names in one language only",
            "  iptriage lookup --lang ja 81.2.69.160"
        },
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Show everything the databases know about a few addresses (offline unless an online"
                + " source is named: --ptr, --dnsbl, --cymru).")
final class LookupCommand implements Callable<Integer> {
    private static final String NOT_AN_ADDRESS = "not an IP address";

    private final Env env;
    /** Standard output for a person: {@link TerminalText}, as names and values come from files. */
    private final PrintStream out;

    @Parameters(paramLabel = "IP", arity = "1..*", description = "addresses (ip, ip:port, [v6]:port, CIDR)")
    List<String> addresses = new ArrayList<>();

    @Option(
            names = "--lang",
            completionCandidates = Candidates.Languages.class,
            paramLabel = "LANG",
            description = "show names only in this language (default: all)")
    String lang;

    @Mixin
    DbOptions db;

    @Mixin
    OnlineOptions online;

    @Mixin
    TagOptions tags;

    LookupCommand(Env env) {
        this.env = env;
        this.out = TerminalText.wrap(env.out());
    }

    @Override
    public Integer call() throws IOException {
        DatabaseLocator.Selection sel = db.open(env, false);
        try (OnlineOptions.Online sources = online.open(env, false)) {
            sources.probe(env);
            Asked asked = ask(sel, tags.open(env, true, true), sources);
            int code = show(sel, asked);
            sources.notes().forEach(n -> env.err().println("iptriage: " + n));
            asked.sent().forEach(st -> env.err().println("iptriage: " + Summaries.sent(st, sources.dryRun())));
            return sources.finish(env, code);
        }
    }

    /** The online sources' answers for the addresses (asked together, each once), with what was sent. */
    private Asked ask(DatabaseLocator.Selection sel, TagOptions.Opened tagged, OnlineOptions.Online sources)
            throws IOException {
        if (sources.sources().isEmpty() && tagged.tags() == null) {
            return new Asked(List.of(), Map.of(), List.of());
        }
        // one lookup per argument form: 8.8.8.0/24 (a network, never sent) is not 8.8.8.0
        Map<String, Found> all = new LinkedHashMap<>();
        for (String text : addresses) {
            IpLiteral.Parsed p = IpLiteral.parse(text);
            if (p.ok()) {
                Found f = Found.of(p, false);
                all.putIfAbsent(key(f), f);
            }
        }
        Engine.Builder b = Engine.builder().databases(sel.databases()).tags(tagged.tags());
        sources.sources().forEach(b::source);
        List<String> names = new ArrayList<>(tagged.columnNames());
        for (RemoteSource s : sources.sources()) {
            for (Field f : Field.values()) {
                if (s.fills().contains(f)) {
                    names.add(f.column()); // a web service's answer to the databases' columns
                }
            }
            names.addAll(OnlineOptions.columnNames(List.of(s)));
        }
        try (Engine engine = b.build()) {
            List<Column> columns = engine.columns(String.join(",", names));
            Engine.Lookups lookups = engine.lookups(columns);
            List<Found> list = List.copyOf(all.values());
            boolean[] networks = new boolean[list.size()];
            for (int i = 0; i < networks.length; i++) {
                networks[i] = list.get(i).prefixLength() >= 0;
            }
            List<Enrichment> found = lookups.lookupAll(
                    list.stream().map(f -> f.address().unmap()).toList(), networks);
            Map<String, Enrichment> out = new HashMap<>();
            for (int i = 0; i < list.size(); i++) {
                out.put(key(list.get(i)), found.get(i));
            }
            return new Asked(columns, out, lookups.sources());
        }
    }

    /** The online answers of a lookup. */
    private record Asked(List<Column> columns, Map<String, Enrichment> answers, List<SourceStats> sent) {}

    /** An argument's address and, for a network, its prefix length. */
    private static String key(Found f) {
        return f.address().unmap() + "/" + f.prefixLength();
    }

    private int show(DatabaseLocator.Selection sel, Asked asked) {
        int code = ExitCodes.OK;
        for (String text : addresses) {
            IpLiteral.Parsed p = IpLiteral.parse(text);
            if (!p.ok()) {
                // said, and the next argument answered: one bad argument does not hide the others
                String why = p.error().equals(NOT_AN_ADDRESS) ? "" : " (" + p.error() + ")";
                env.err().println("iptriage: " + CellText.terminalSafe(text) + ": " + NOT_AN_ADDRESS + why);
                code = ExitCodes.INPUT;
                continue;
            }
            // as enrich writes and looks it up: a CIDR at its network address, a zone id kept
            Found f = Found.of(p, false);
            IpAddress a = f.address().unmap();
            IpClass c = IpClass.of(a);
            String status = IpClass.statusOf(a); // a 6to4 address of a private host is private
            out.println(f.text() + "  (" + c.label() + (status.equals("public") ? "" : ", " + status) + ")");
            for (Database d : sel.databases()) {
                show(a, d);
            }
            Enrichment e = asked.answers().get(key(f));
            if (e != null) {
                showOnline(asked.columns(), e);
            }
            out.println();
            Stdout.check(env.out()); // a reader that went away stops the loop
        }
        return code;
    }

    /** The online sources' columns of one address. */
    private void showOnline(List<Column> columns, Enrichment e) {
        int w = columns.stream().mapToInt(c -> c.name().length()).max().orElse(0);
        String heading = null;
        for (int i = 0; i < columns.size(); i++) {
            String source = columns.get(i).source();
            String h = Tags.LISTS.equals(source) || Tags.SCANNERS.equals(source)
                    ? "tags"
                    : source == null || source.equals(WebServiceSource.NAME) ? "webservice" : "online";
            if (!h.equals(heading)) {
                out.println("  " + h);
                heading = h;
            }
            String v = CellText.terminalSafe(CellText.text(e.values()[i]));
            out.println(
                    v.isEmpty()
                            ? "    " + columns.get(i).name()
                            : String.format(
                                    "    %-" + w + "s  %s", columns.get(i).name(), v));
        }
    }

    private void show(IpAddress a, Database d) {
        String head = "  " + d.type() + " [" + d.origin() + "]";
        try {
            long r = d.reader().find(a.hi(), a.lo(), a.isV4());
            String net = dev.iptriage.ip.Cidr.of(a, MmdbReader.prefix(r)).toString();
            if (!MmdbReader.found(r)) {
                out.println(head + ": not found (in " + net + ")");
                return;
            }
            out.println(head + ": " + net);
            Map<String, Object> flat = Flattener.flatten(
                    d.record(MmdbReader.offset(r)),
                    lang == null ? null : dev.iptriage.text.LanguageTags.canonical(lang));
            int w = flat.keySet().stream().mapToInt(String::length).max().orElse(0);
            flat.forEach((k, v) -> out.printf(
                    "    %-" + w + "s  %s%n", CellText.terminalSafe(k), CellText.terminalSafe(CellText.text(v))));
        } catch (MmdbFormatException e) {
            out.println(head + ": error: " + e.getMessage());
        }
    }
}
