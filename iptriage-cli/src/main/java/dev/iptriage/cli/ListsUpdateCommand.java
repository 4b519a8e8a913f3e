package dev.iptriage.cli;

import dev.iptriage.dbupdate.Http;
import dev.iptriage.dbupdate.UpdateException;
import dev.iptriage.lists.ListFolders;
import dev.iptriage.listupdate.ListCatalogue;
import dev.iptriage.listupdate.ListSource;
import dev.iptriage.listupdate.ListUpdater;
import dev.iptriage.text.CellText;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code iptriage lists update [NAME...]}: download the catalogue's public lists into the lists folder. */
@Command(
        name = "update",
        footerHeading = "%nExamples:%n",
        footer = {
            "  # every list, each within its polling limit",
            "  iptriage lists update",
            "  # only say which lists would be requested",
            "  iptriage lists update --dry-run",
            "  # two lists",
            "  iptriage lists update tor_exit_nodes.txt spamhaus_drop_v4.json",
            "  # into another folder (which a plain run does not read)",
            "  iptriage lists update --dir ~/lists"
        },
        mixinStandardHelpOptions = true,
        description = {
            "Download public IP lists into the lists folder (the first of $IPTRIAGE_LISTS_DIR, else"
                    + " ~/.local/share/iptriage/lists): Feodo Tracker, Spamhaus DROP v4 and v6, Tor exits, FireHOL"
                    + " level1, ET compromised, MISP warninglists (public resolvers, Censys, Shodan), OpenFilters"
                    + " scanner ranges. NAME: a list name or file name (default: all).",
            "Conditional requests; each list's polling limit is kept (Spamhaus DROP: once an hour, even with"
                    + " --force). A download that is not a list replaces nothing; the replaced file is kept as"
                    + " NAME.EXT.previous. Exit 3 when a list failed (the others are still updated)."
        })
final class ListsUpdateCommand implements Callable<Integer> {
    private final Env env;

    @Parameters(paramLabel = "NAME", description = "lists to update (default: all)")
    List<String> names = new ArrayList<>();

    @Option(names = "--dir", paramLabel = "DIR", description = "target folder (default: the lists folder)")
    Path dir;

    @Option(
            names = "--mirror",
            paramLabel = "URL",
            description = "download from this base URL instead of the publishers' hosts (same paths; https://, or"
                    + " http:// to this machine)")
    String mirror;

    @Option(
            names = "--force",
            description = "request even lists asked within their normal interval (never within the publisher's"
                    + " own limit)")
    boolean force;

    @Option(names = "--dry-run", description = "only say which lists would be requested; request nothing")
    boolean dryRun;

    @Option(names = "--backoff-ms", hidden = true, defaultValue = "2000")
    long backoffMs;

    @Option(names = "--lock-wait-s", hidden = true, defaultValue = "600")
    long lockWaitSeconds;

    ListsUpdateCommand(Env env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        List<ListSource> lists = selected();
        Path target = dir != null ? dir : ListFolders.updateDir(env.env());
        if (target == null) {
            throw CliException.input("no lists folder: set IPTRIAGE_LISTS_DIR or HOME, or give --dir");
        }
        URI base = null;
        if (mirror != null) {
            try {
                base = new URI(mirror.strip());
            } catch (java.net.URISyntaxException e) {
                base = null;
            }
            if (base == null || base.getHost() == null || base.getScheme() == null) {
                throw new CliException(ExitCodes.USAGE, "--mirror: expected a URL such as https://mirror.example");
            }
        }
        ListUpdater.Options o = new ListUpdater.Options(
                target,
                base,
                force,
                dryRun,
                new Http.Policy(
                        4, Duration.ofMillis(backoffMs), Duration.ofSeconds(60), Duration.ofMinutes(2), "iptriage"),
                Duration.ofSeconds(lockWaitSeconds),
                256L << 20,
                env.clock(),
                null);
        List<ListUpdater.Outcome> outcomes;
        try {
            outcomes = ListUpdater.update(lists, o, m -> env.err().println("iptriage: " + m));
        } catch (UpdateException e) {
            throw e.kind() == UpdateException.Kind.CONFIG
                            && mirror != null
                            && e.getMessage().startsWith("mirror")
                    ? new CliException(ExitCodes.USAGE, "--mirror: " + e.getMessage())
                    : CliException.input(e.getMessage());
        }
        int failed = 0;
        for (ListUpdater.Outcome r : outcomes) {
            failed += r.status() == ListUpdater.Status.FAILED ? 1 : 0;
            // details quote the server (status lines, list headers): terminal-safe
            env.out()
                    .println(CellText.terminalSafe(
                            r.source().name() + ": " + status(r.status()) + ": " + r.detail() + " (" + r.file() + ")"));
        }
        if (!dryRun && !ListFolders.defaultDirs(env.env()).contains(target)) {
            env.err()
                    .println("iptriage: note: enrich does not read " + target + " by itself: use --list " + target
                            + " or set " + ListFolders.ENV + "=" + target);
        }
        return failed > 0 ? ExitCodes.INPUT : ExitCodes.OK;
    }

    private static String status(ListUpdater.Status s) {
        return switch (s) {
            case NOT_MODIFIED -> "not modified";
            case WOULD_REQUEST -> "would request";
            case FAILED -> "error";
            default -> s.name().toLowerCase(Locale.ROOT);
        };
    }

    /** The named lists in catalogue order, or all; an unknown name is a usage error that lists the names. */
    private List<ListSource> selected() {
        if (names.isEmpty()) {
            return ListCatalogue.all();
        }
        Set<ListSource> chosen = new LinkedHashSet<>();
        for (String n : names) {
            ListSource s = ListCatalogue.find(n).orElse(null);
            if (s == null) {
                throw new CliException(
                        ExitCodes.USAGE,
                        "unknown list '" + CellText.terminalSafe(n) + "'; expected one of: "
                                + ListCatalogue.all().stream()
                                        .map(ListSource::name)
                                        .collect(Collectors.joining(", ")));
            }
            chosen.add(s);
        }
        return ListCatalogue.all().stream().filter(chosen::contains).toList();
    }
}
