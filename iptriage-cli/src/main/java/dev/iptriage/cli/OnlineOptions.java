package dev.iptriage.cli;

import dev.iptriage.dbupdate.UpdateConfig;
import dev.iptriage.dns.CymruSource;
import dev.iptriage.dns.DnsCacheFile;
import dev.iptriage.dns.DnsClient;
import dev.iptriage.dns.DnsblSource;
import dev.iptriage.dns.DnsblZone;
import dev.iptriage.dns.DnsblZones;
import dev.iptriage.dns.PtrSource;
import dev.iptriage.dns.PublicResolvers;
import dev.iptriage.ip.IpAddress;
import dev.iptriage.ip.IpLiteral;
import dev.iptriage.model.Column;
import dev.iptriage.model.Field;
import dev.iptriage.sources.RemoteSource;
import dev.iptriage.sources.SourceColumn;
import dev.iptriage.text.CellText;
import dev.iptriage.webservice.Tls;
import dev.iptriage.webservice.WebServiceCache;
import dev.iptriage.webservice.WebServiceProduct;
import dev.iptriage.webservice.WebServiceSettings;
import dev.iptriage.webservice.WebServiceSource;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import picocli.CommandLine.Option;

/**
 * The online sources a run may use ({@code enrich}, {@code report}, {@code lookup}), each off until
 * named: {@code --ptr}, {@code --dnsbl}, {@code --cymru}, and how their DNS questions are sent.
 */
final class OnlineOptions {
    /** The zone {@code --dnsbl} asks without a list. */
    static final String DEFAULT_DNSBL = "zen.spamhaus.org";

    /** What a bare {@code --dnsbl} is rewritten to before parsing ({@link #rewrite}). */
    static final String DEFAULT_MARK = "default";

    /** Environment variable holding a Spamhaus DQS key (never on the command line, where ps shows it). */
    static final String DQS_KEY_VARIABLE = "IPTRIAGE_DQS_KEY";

    @Option(
            names = "--ptr",
            negatable = true,
            description = "ONLINE: reverse DNS name of each public address (ptr) and whether it resolves back"
                    + " to the address (fcrdns); --no-ptr: not even when the config file says ptr = true")
    boolean ptr;

    @Option(
            names = "--dnsbl",
            paramLabel = "ZONE,...",
            description = "ONLINE: DNS blocklist listings with the meaning of each return code (dnsbl);"
                    + " bare --dnsbl asks " + DEFAULT_DNSBL + ", --dnsbl=ZONE,... others (see --dnsbl-zones)")
    String dnsbl;

    @Option(
            names = "--dnsbl-zones",
            paramLabel = "FILE",
            description = "more DNS blocklist zones and their return codes (format: examples/dnsbl-zones.txt)")
    Path dnsblZones;

    @Option(
            names = "--no-dnsbl",
            description = "ask no DNS blocklist, not even those the config file names (dnsbl = ...)")
    boolean noDnsbl;

    @Option(
            names = "--cymru",
            negatable = true,
            description = "ONLINE: the AS originating each public address's prefix today, Team Cymru over DNS"
                    + " (origin_asn, origin_prefix, origin_cc, origin_registry, origin_allocated); --no-cymru: not"
                    + " even when the config file says cymru = true")
    boolean cymru;

    @Option(
            names = "--resolver",
            paramLabel = "HOST[:PORT]",
            description = "DNS resolver to ask, an IP address (repeatable; default: those of /etc/resolv.conf)")
    List<String> resolvers = new ArrayList<>();

    @Option(
            names = "--allow-public-resolver",
            description = "ask blocklists that refuse public resolvers (Spamhaus, Barracuda) through one anyway")
    boolean allowPublicResolver;

    @Option(
            names = "--dns-concurrency",
            paramLabel = "N",
            description =
                    "most DNS queries in flight at once (default: " + DnsClient.Settings.DEFAULT_CONCURRENCY + ")")
    Integer concurrency;

    @Option(names = "--dns-qps", paramLabel = "N", description = "most DNS queries sent per second (default: no limit)")
    Double qps;

    @Option(
            names = "--dns-timeout",
            paramLabel = "SECONDS",
            description = "most time one DNS question may take, retries included (default: 5)")
    Double timeout;

    @Option(
            names = "--dns-run-timeout",
            paramLabel = "SECONDS",
            description = "most time the run's DNS questions may take in all; those not sent by then are"
                    + " given status timeout (default: no limit)")
    Double runTimeout;

    @Option(
            names = "--cache",
            paramLabel = "FILE",
            description = "keep DNS answers here for their TTL (default: iptriage/dns-cache.sqlite in the"
                    + " user's cache folder)")
    Path cache;

    @Option(names = "--no-cache", description = "neither read nor keep DNS answers or web service answers between runs")
    boolean noCache;

    @Option(
            names = "--webservice",
            completionCandidates = Candidates.WebServices.class,
            paramLabel = "SERVICE",
            description = "ONLINE, PAID: MaxMind's web service answers for each public address: country, city or"
                    + " insights (user_type, ISP, confidences, anonymizer...); the account as 'db update' reads it."
                    + " Answers are kept by network, so none is paid twice")
    String webservice;

    @Option(
            names = "--webservice-host",
            paramLabel = "HOST|URL",
            description = "the web service's host: " + WebServiceSettings.MAXMIND_HOST + " (default), "
                    + WebServiceSettings.GEOLITE_HOST + " (GeoLite: country and city, about 1,000 a day), "
                    + WebServiceSettings.SANDBOX_HOST + ", or https://HOST:PORT")
    String webserviceHost;

    @Option(
            names = "--webservice-for",
            completionCandidates = Candidates.WebServiceFor.class,
            paramLabel = "WHICH",
            defaultValue = "all",
            description = "all (default): ask about every public address; missing: only those the databases"
                    + " leave without a column the service fills (or with a column only it has)")
    String webserviceFor;

    @Option(
            names = "--webservice-max-age",
            paramLabel = "DAYS",
            description = "use kept web service answers up to DAYS old (default: 30)")
    Double webserviceMaxAgeDays;

    @Option(
            names = "--max-queries",
            paramLabel = "N",
            description = "most paid web service answers in this run; the addresses past it are skipped:budget")
    Long maxQueries;

    @Option(
            names = "--min-remaining",
            paramLabel = "N",
            description = "stop asking the web service before the account's queries_remaining would go below N"
                    + " (skipped:budget)")
    Long minRemaining;

    @Option(
            names = "--webservice-concurrency",
            paramLabel = "N",
            description = "most web service queries in flight at once (default: "
                    + WebServiceSettings.DEFAULT_CONCURRENCY + ")")
    Integer webserviceConcurrency;

    @Option(
            names = "--webservice-cache",
            paramLabel = "FILE",
            description = "keep web service answers here, by network (default: iptriage/webservice-cache.jsonl"
                    + " in the user's cache folder; --no-cache: this run's only)")
    Path webserviceCache;

    @Option(
            names = "--webservice-ca",
            paramLabel = "FILE",
            description = "trust only the certificates of this PEM file for the web service (a TLS-inspecting"
                    + " proxy, a local stub)")
    Path webserviceCa;

    @Option(
            names = "--geoip-conf",
            paramLabel = "FILE",
            description = "the GeoIP.conf with AccountID and LicenseKey (default: found as 'db update' finds it)")
    Path geoipConf;

    @Option(names = "--account-id", paramLabel = "ID", description = "MaxMind account id (for --webservice)")
    String accountId;

    /** The first wait before a web service retry (tests make it short). */
    @Option(names = "--webservice-backoff-ms", hidden = true)
    Long webserviceBackoffMs;

    @Option(
            names = "--license-key-file",
            paramLabel = "FILE",
            description = "read the MaxMind license key from FILE (for --webservice; not on the command line, where"
                    + " others can see it)")
    Path licenseKeyFile;

    @Option(
            names = "--dry-run",
            description = "with online sources: print the DNS queries that would be sent (those the cache"
                    + " cannot answer) and send nothing; no rows are written")
    boolean dryRun;

    /**
     * Rewrites a bare {@code --dnsbl} (no {@code =ZONE,...}) to {@code --dnsbl=default} so that the
     * argument after it stays an input file: {@code --dnsbl access.log} reads access.log.
     */
    static String[] rewrite(String[] args) {
        String[] out = args.clone();
        for (int i = 0; i < out.length; i++) {
            if (out[i].equals("--")) {
                break;
            }
            if (out[i].equals("--dnsbl")) {
                out[i] = "--dnsbl=" + DEFAULT_MARK;
            }
        }
        return out;
    }

    /**
     * Every online source's own columns, by source name, in the order the options add them (the web service's of
     * Insights, which has them all).
     */
    static final Map<String, List<SourceColumn>> COLUMNS = Map.of(
            "ptr",
            PtrSource.COLUMNS,
            "dnsbl",
            DnsblSource.COLUMNS,
            "cymru",
            CymruSource.COLUMNS,
            WebServiceSource.NAME,
            WebServiceProduct.INSIGHTS.columns());

    /** The sources' names in the order their options add them. */
    static final List<String> ORDER = List.of("ptr", "dnsbl", "cymru", WebServiceSource.NAME);

    /** The names of these sources' columns for {@code --fields}: each source's own, then NAME_status. */
    static List<String> columnNames(List<RemoteSource> sources) {
        List<String> names = new ArrayList<>();
        for (RemoteSource s : sources) {
            s.columns().forEach(c -> names.add(c.name()));
            names.add(s.name() + "_status");
        }
        return names;
    }

    /** Whether any online source is named. */
    boolean any() {
        return dns() || webservice != null;
    }

    /** Whether a DNS source is named. */
    private boolean dns() {
        return ptr || dnsbl != null || cymru;
    }

    /**
     * The {@code --fields} of a run: {@code default} alone is, with {@code --webservice} asking about every address,
     * the default columns and every other built-in column the service fills (a run that pays for Insights shows its
     * user type, ISP and anonymizer flags); with {@code --webservice-for missing} the default columns (which then
     * decide where the databases come up short); anything else as given.
     */
    String fields(String requested) {
        WebServiceProduct p = webservice == null ? null : product();
        if (p == null
                || !requested.strip().equalsIgnoreCase("default")
                || webserviceFor.strip().equalsIgnoreCase("missing")) {
            return requested;
        }
        // the default fields named, then the service's others, then "default" again for the sources' own columns
        StringBuilder b = new StringBuilder();
        Field.defaults().forEach(f -> b.append(f.column()).append(','));
        for (Field f : Field.values()) {
            if (p.fills().contains(f) && !Field.defaults().contains(f)) {
                b.append(f.column()).append(',');
            }
        }
        b.append("default");
        return b.toString();
    }

    private WebServiceProduct product() {
        return WebServiceProduct.byName(webservice.strip())
                .orElseThrow(() -> new CliException(
                        ExitCodes.USAGE,
                        "--webservice " + CellText.terminalSafe(webservice) + ": expected country, city or insights"));
    }

    /**
     * Starts the named sources (none: an empty {@link Online}): checks every option first, then opens
     * the cache and the DNS client; nothing is sent yet ({@link Online#probe} checks the blocklist
     * zones when the command has checked its own options). A dry run prints each query that would be
     * sent to standard output.
     */
    Online open(Env env, boolean quiet) {
        return open(env, quiet, "en");
    }

    /** {@link #open(Env, boolean)}, the web service's names in {@code lang} (the run's {@code --lang}). */
    Online open(Env env, boolean quiet, String lang) {
        if (noDnsbl && dnsbl != null) {
            throw new CliException(ExitCodes.USAGE, "--dnsbl and --no-dnsbl cannot be used together");
        }
        if (!any()) {
            if (dryRun) {
                throw new CliException(
                        ExitCodes.USAGE, "--dry-run needs an online source (--ptr, --dnsbl, --cymru, --webservice)");
            }
            if (webserviceHost != null || maxQueries != null || minRemaining != null || webserviceCa != null) {
                throw new CliException(ExitCodes.USAGE, "the web service's options need --webservice SERVICE");
            }
            return new Online(List.of(), null, null, List.of(), null);
        }
        WebServiceSource web = webservice == null ? null : webService(env, lang);
        if (!dns()) {
            List<String> notes = dryRun
                    ? List.of("dry run: nothing is sent; the addresses in a network already kept are not listed")
                    : List.of();
            return new Online(List.of(web), null, null, notes, web);
        }
        List<InetSocketAddress> servers = servers();
        List<DnsblZone> zones = dnsbl == null ? List.of() : zones(servers);
        DnsClient.Settings settings = settings(servers);
        String key = dnsbl == null ? null : dqsKey(env);
        DnsCacheFile file = openCache(env);
        DnsClient client;
        if (dryRun) {
            Consumer<String> print = line -> {
                synchronized (env.out()) {
                    env.out().println(CellText.terminalSafe(line));
                }
            };
            client = DnsClient.dryRun(settings, file, env.clock(), print);
        } else {
            client = DnsClient.start(settings, file, env.clock());
        }
        List<RemoteSource> sources = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        if (ptr) {
            sources.add(new PtrSource(client));
        }
        if (dnsbl != null) {
            sources.add(new DnsblSource(client, zones, key));
        }
        if (cymru) {
            sources.add(new CymruSource(client));
        }
        if (web != null) {
            sources.add(web);
        }
        if (dryRun) {
            notes.add("dry run: nothing is sent; with --ptr, the PTR names found would also be looked up forward,"
                    + " and each blocklist zone gets 2 or 3 health-check queries first");
        }
        return new Online(sources, client, file, notes, web);
    }

    /** The web service source: the account, the host, the cache; checks every option, sends nothing. */
    private WebServiceSource webService(Env env, String lang) {
        WebServiceProduct product = product();
        String mode = webserviceFor.strip().toLowerCase(Locale.ROOT);
        if (!mode.equals("all") && !mode.equals("missing")) {
            throw new CliException(ExitCodes.USAGE, "--webservice-for: expected all or missing");
        }
        if (maxQueries != null && maxQueries < 0 || minRemaining != null && minRemaining < 0) {
            throw new CliException(ExitCodes.USAGE, "--max-queries and --min-remaining are 0 or more");
        }
        int concurrency =
                webserviceConcurrency != null ? webserviceConcurrency : WebServiceSettings.DEFAULT_CONCURRENCY;
        if (concurrency < 1 || concurrency > 256) {
            throw new CliException(ExitCodes.USAGE, "--webservice-concurrency must be between 1 and 256");
        }
        double days = webserviceMaxAgeDays != null ? webserviceMaxAgeDays : 30;
        if (!(days >= 0) || days > 36_500) {
            throw new CliException(ExitCodes.USAGE, "--webservice-max-age must be between 0 and 36500 days");
        }
        UpdateConfig account = MaxMindAccount.read(env, geoipConf, accountId, licenseKeyFile, true);
        MaxMindAccount.Secret secret = new MaxMindAccount.Secret(account.licenseKey());
        WebServiceSettings settings;
        try {
            WebServiceSettings d = WebServiceSettings.of(product, account.accountId(), account.licenseKey());
            settings = new WebServiceSettings(
                    product,
                    webserviceHost == null ? d.base() : WebServiceSettings.baseOf(webserviceHost),
                    d.accountId(),
                    d.licenseKey(),
                    lang,
                    concurrency,
                    maxQueries == null ? -1 : maxQueries,
                    minRemaining == null ? -1 : minRemaining,
                    d.requestTimeout(),
                    d.retries(),
                    webserviceBackoffMs != null ? Duration.ofMillis(webserviceBackoffMs) : d.backoff(),
                    d.maxBackoff(),
                    webserviceCa == null ? null : Tls.trustOnly(webserviceCa),
                    env.clock());
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCodes.USAGE, "--webservice: " + secret.hide(e.getMessage()));
        } catch (IOException e) {
            throw CliException.input("--webservice-ca " + webserviceCa + ": " + e.getMessage());
        }
        Duration maxAge = Duration.ofMillis((long) (days * 86_400_000));
        WebServiceCache cache = WebServiceCache.memory(env.clock(), maxAge);
        if (!noCache) {
            String home = env.env().getOrDefault("HOME", System.getProperty("user.home"));
            Path file = webserviceCache != null ? webserviceCache : WebServiceCache.defaultPath(env.env(), home);
            try {
                cache = WebServiceCache.open(file, env.clock(), maxAge);
            } catch (IOException | RuntimeException e) {
                env.err()
                        .println("iptriage: warning: web service cache not used ("
                                + CellText.terminalSafe(String.valueOf(e.getMessage()))
                                + "); answers are kept for this run only, and a rerun pays again (--webservice-cache"
                                + " FILE chooses another file)");
            }
        }
        Consumer<String> print = null;
        if (dryRun) {
            print = line -> {
                synchronized (env.out()) {
                    env.out().println(CellText.terminalSafe(line));
                }
            };
        }
        return new WebServiceSource(settings, cache, mode.equals("missing"), "iptriage/" + Version.get(), print);
    }

    /** The resolvers: --resolver, or the system's. */
    private List<InetSocketAddress> servers() {
        List<InetSocketAddress> out = new ArrayList<>();
        for (String r : resolvers) {
            out.add(server(r)
                    .orElseThrow(() -> new CliException(
                            ExitCodes.USAGE,
                            "--resolver " + CellText.terminalSafe(r) + ": expected " + RESOLVER_EXPECTED)));
        }
        if (out.isEmpty()) {
            out.addAll(DnsClient.systemResolvers());
            if (out.isEmpty()) {
                throw new CliException(
                        ExitCodes.USAGE, "no DNS resolver in /etc/resolv.conf: name one with --resolver HOST[:PORT]");
            }
        }
        return out;
    }

    /** What a {@code --resolver} must be. */
    static final String RESOLVER_EXPECTED =
            "an IP address with an optional port 1 to 65535 (192.0.2.53, 192.0.2.53:5353, [2001:db8::53]:53)";

    /** The resolver {@code r} names, or empty when it is no IP address with an optional port 1 to 65535. */
    static Optional<InetSocketAddress> server(String r) {
        IpLiteral.Parsed p = IpLiteral.parseStrict(r.trim());
        IpLiteral.Parsed withPort = p.ok() ? p : IpLiteral.parse(r.trim());
        // port 0 is no server's port: refused, not taken for the default
        if (!withPort.ok() || withPort.prefixLength() >= 0 || withPort.zone() != null || withPort.port() == 0) {
            return Optional.empty();
        }
        int port = withPort.port() > 0 ? withPort.port() : 53;
        return Optional.of(new InetSocketAddress(withPort.address().toInetAddress(), port));
    }

    /** The blocklist zones asked, checked against the resolvers. */
    private List<DnsblZone> zones(List<InetSocketAddress> servers) {
        Map<String, DnsblZone> known = new LinkedHashMap<>();
        DnsblZones.builtIn().forEach(z -> known.put(z.zone(), z));
        List<DnsblZone> fromFile = List.of();
        if (dnsblZones != null) {
            try {
                fromFile = DnsblZones.read(dnsblZones);
            } catch (IOException | IllegalArgumentException e) {
                throw CliException.input(e.getMessage());
            }
            fromFile.forEach(z -> known.put(z.zone(), z));
        }
        List<String> names = new ArrayList<>();
        if (dnsbl.equals(DEFAULT_MARK)) {
            if (fromFile.isEmpty()) {
                names.add(DEFAULT_DNSBL);
            } else {
                fromFile.forEach(z -> names.add(z.zone()));
            }
        } else {
            for (String z : dnsbl.split(",", -1)) {
                names.add(z.trim().toLowerCase(Locale.ROOT).replaceAll("\\.$", ""));
            }
        }
        List<DnsblZone> out = new ArrayList<>();
        for (String n : names) {
            DnsblZone z = known.get(n);
            if (z == null) {
                String list = String.join(", ", known.keySet());
                throw new CliException(
                        ExitCodes.USAGE,
                        "--dnsbl: unknown zone '" + CellText.terminalSafe(n) + "': known zones are " + list
                                + "; add others with --dnsbl-zones FILE");
            }
            if (!out.contains(z)) {
                out.add(z);
            }
        }
        if (!allowPublicResolver) {
            for (DnsblZone z : out) {
                if (!z.refusesPublicResolvers()) {
                    continue;
                }
                for (InetSocketAddress s : servers) {
                    Optional<String> pub = PublicResolvers.name(s.getAddress());
                    if (pub.isPresent()) {
                        throw new CliException(
                                ExitCodes.USAGE,
                                z.zone() + " refuses queries that come through public resolvers ("
                                        + IpAddress.ofBytes(s.getAddress().getAddress()) + " is " + pub.get()
                                        + "): its answers would be errors, not listings. Use your own resolver"
                                        + " (--resolver), or --allow-public-resolver to ask anyway");
                    }
                }
            }
        }
        return out;
    }

    private DnsClient.Settings settings(List<InetSocketAddress> servers) {
        int c = concurrency != null ? concurrency : DnsClient.Settings.DEFAULT_CONCURRENCY;
        if (c < 1) {
            throw new CliException(ExitCodes.USAGE, "--dns-concurrency must be at least 1");
        }
        double q = qps != null ? qps : 0;
        if (!(q >= 0) || Double.isInfinite(q)) {
            throw new CliException(
                    ExitCodes.USAGE, "--dns-qps must be a number of queries per second, 0 or more (0: no limit)");
        }
        return new DnsClient.Settings(
                servers,
                c,
                q,
                DnsClient.Settings.DEFAULT_RETRIES,
                timeout != null ? seconds("--dns-timeout", timeout) : DnsClient.Settings.DEFAULT_QUERY_TIMEOUT,
                runTimeout != null ? seconds("--dns-run-timeout", runTimeout) : null);
    }

    private static Duration seconds(String option, double s) {
        if (!(s > 0) || s > 86_400) {
            throw new CliException(ExitCodes.USAGE, option + " must be between 0 and 86400 seconds");
        }
        return Duration.ofNanos((long) (s * 1e9));
    }

    /** The cache, or null (--no-cache, or a file that cannot be used: said, and the run goes on). */
    private DnsCacheFile openCache(Env env) {
        if (noCache) {
            return null;
        }
        String home = env.env().getOrDefault("HOME", System.getProperty("user.home"));
        Path file = cache != null ? cache : DnsCacheFile.defaultPath(env.env(), home);
        try {
            return DnsCacheFile.open(file, env.clock());
        } catch (IOException | RuntimeException e) {
            env.err()
                    .println("iptriage: warning: DNS cache not used ("
                            + CellText.terminalSafe(String.valueOf(e.getMessage()))
                            + "); every answer is asked anew (--cache FILE chooses another file, --no-cache"
                            + " silences this)");
            return null;
        }
    }

    private static String dqsKey(Env env) {
        String k = env.env().get(DQS_KEY_VARIABLE);
        if (k == null || k.isBlank()) {
            return null;
        }
        k = k.trim();
        if (!k.matches("[A-Za-z0-9]{1,63}")) {
            throw new CliException(
                    ExitCodes.USAGE,
                    DQS_KEY_VARIABLE + " is not a Spamhaus DQS key (letters and digits, 26 of them for a real key)");
        }
        return k;
    }

    /** The started sources of a run; closing stops the DNS client and writes the cache. */
    record Online(
            List<RemoteSource> sources,
            DnsClient client,
            DnsCacheFile cache,
            List<String> notes,
            WebServiceSource webService)
            implements AutoCloseable {
        @Override
        public void close() throws IOException {
            if (client != null) {
                client.close();
            }
            if (cache != null) {
                cache.close();
            }
            if (webService != null) {
                webService.close();
            }
        }

        /**
         * After the run: says once why the web service stopped being asked (out of queries, the account refused)
         * and what could not be kept; returns the exit code, {@link ExitCodes#INPUT} when the account or its
         * permissions stopped it (the output is complete all the same).
         */
        int finish(Env env, int code) {
            if (webService == null) {
                return code;
            }
            webService.stopped().ifPresent(r -> env.err().println("iptriage: webservice: " + CellText.terminalSafe(r)));
            webService.note().ifPresent(n -> env.err().println("iptriage: webservice: note: " + n));
            webService
                    .cacheProblem()
                    .ifPresent(p -> env.err()
                            .println("iptriage: warning: web service answers not written to the cache ("
                                    + CellText.terminalSafe(p) + "): a rerun pays for them again"));
            return webService.stoppedByAccount() && code == ExitCodes.OK ? ExitCodes.INPUT : code;
        }

        /**
         * Checks the blocklist zones (RFC 5782 test entries: the first queries sent), saying on
         * stderr which are off for the run. Call it once the command's own options are checked.
         */
        void probe(Env env) {
            probe(env, null);
        }

        /**
         * {@link #probe(Env)}, only when {@code chosen} (the run's columns; null: all) holds a
         * blocklist column: a run whose {@code --fields} leaves them out asks no blocklist anything.
         */
        void probe(Env env, List<Column> chosen) {
            for (RemoteSource s : sources) {
                if (s instanceof DnsblSource d
                        && (chosen == null
                                || chosen.stream().anyMatch(c -> s.name().equals(c.source())))) {
                    for (String line : d.probe()) {
                        env.err().println("iptriage: " + CellText.terminalSafe(line));
                    }
                }
            }
        }

        /** The online progress for the progress bar ("DNS 1,234 of 5,678 answered"), or null. */
        Supplier<String> progress() {
            if (client == null || client.isDryRun()) {
                return null;
            }
            return () -> {
                long[] p = client.progress();
                return String.format("DNS %,d of %,d answered", p[0], p[1]);
            };
        }

        boolean dryRun() {
            return client != null && client.isDryRun() || webService != null && webService.isDryRun();
        }
    }
}
