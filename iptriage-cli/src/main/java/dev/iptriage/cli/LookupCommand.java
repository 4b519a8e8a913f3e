package dev.iptriage.cli;

import dev.iptriage.databases.Database;
import dev.iptriage.databases.DatabaseLocator;
import dev.iptriage.extract.Found;
import dev.iptriage.ip.IpAddress;
import dev.iptriage.ip.IpClass;
import dev.iptriage.ip.IpLiteral;
import dev.iptriage.mmdb.MmdbFormatException;
import dev.iptriage.mmdb.MmdbReader;
import dev.iptriage.text.CellText;
import dev.iptriage.text.Flattener;
import java.io.PrintStream;
import java.util.ArrayList;
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
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Show everything the databases know about a few addresses (offline).")
final class LookupCommand implements Callable<Integer> {
    private static final String NOT_AN_ADDRESS = "not an IP address";

    private final Env env;
    /** Standard output for a person: {@link TerminalText}, as names and values come from files. */
    private final PrintStream out;

    @Parameters(paramLabel = "IP", arity = "1..*", description = "addresses (ip, ip:port, [v6]:port, CIDR)")
    List<String> addresses = new ArrayList<>();

    @Option(names = "--lang", paramLabel = "LANG", description = "show names only in this language (default: all)")
    String lang;

    @Mixin
    DbOptions db;

    LookupCommand(Env env) {
        this.env = env;
        this.out = TerminalText.wrap(env.out());
    }

    @Override
    public Integer call() {
        DatabaseLocator.Selection sel = db.open(env, false);
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
            out.println(f.text() + "  (" + c.label() + (c.isGlobal() ? "" : ", " + c.status()) + ")");
            for (Database d : sel.databases()) {
                show(a, d);
            }
            out.println();
            Stdout.check(env.out()); // a reader that went away stops the loop
        }
        return code;
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
            Map<String, Object> flat = Flattener.flatten(d.record(MmdbReader.offset(r)), lang);
            int w = flat.keySet().stream().mapToInt(String::length).max().orElse(0);
            flat.forEach((k, v) -> out.printf(
                    "    %-" + w + "s  %s%n", CellText.terminalSafe(k), CellText.terminalSafe(CellText.text(v))));
        } catch (MmdbFormatException e) {
            out.println(head + ": error: " + e.getMessage());
        }
    }
}
