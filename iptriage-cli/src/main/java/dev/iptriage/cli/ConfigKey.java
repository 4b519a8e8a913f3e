package dev.iptriage.cli;

import dev.iptriage.extract.InputMode;
import dev.iptriage.sink.SinkFormat;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One setting the config file and the environment may give: a long option of some commands, named without its
 * {@code --}, with the commands it applies to. The table ({@link #ALL}) is the whole list: a key not in it is an
 * error in the file, and an option not in it has no default but its own.
 *
 * @param name the option's long name without {@code --}
 * @param kind what its value is
 * @param commands the commands it applies to ({@code enrich}, {@code db list}, ...)
 * @param group keys that together choose one thing (the databases: {@code db}, {@code db-dir}): the layer that names
 *     one of them decides them all, so a file's {@code db} never mixes with the environment's {@code db-dir}; null for
 *     a key of its own
 * @param requires the option that must be on the command line for this key to apply (the paid web service's budget
 *     applies only to a run that names {@code --webservice}), or null
 * @param check what the value must be beyond its kind, per command, or null
 */
record ConfigKey(String name, Kind kind, Set<String> commands, String group, String requires, Check check) {
    /** What a value is. */
    enum Kind {
        TEXT("a value"),
        /** A path; relative ones are relative to the config file's folder; {@code ~/} is the home folder. */
        PATH("a file or folder"),
        /** Like {@link #PATH}, repeatable: one per line in the file, separated like PATH in the environment. */
        PATHS("a file or folder"),
        /** Repeatable text: one per line in the file, separated by commas or blanks in the environment. */
        TEXTS("a value"),
        BOOLEAN("true or false (also yes/no, on/off, 1/0)"),
        INT("a whole number"),
        LONG("a whole number"),
        NUMBER("a number");

        final String expected;

        Kind(String expected) {
            this.expected = expected;
        }

        boolean repeatable() {
            return this == PATHS || this == TEXTS;
        }

        boolean path() {
            return this == PATH || this == PATHS;
        }
    }

    /** A check of a value for one command: null when it is fine, else what was expected. */
    interface Check {
        String problem(String command, String value);
    }

    /** The environment variable of this key: {@code IPTRIAGE_} and the name in capitals, '-' as '_'. */
    String variable() {
        return "IPTRIAGE_" + name.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    /** The group this key belongs to: its own name when it has none. */
    String groupName() {
        return group != null ? group : name;
    }

    /**
     * Whether the command reads this key's environment variable itself (IPTRIAGE_DB_DIR is older than the config
     * file): the variable still outranks the file, but the option is left alone so the messages keep its name.
     */
    boolean variableReadByCommand() {
        return name.equals("db-dir");
    }

    /**
     * The environment variable that beats this key's value from the config file (the environment beats the file,
     * as the {@code IPTRIAGE_*} variables do): MaxMind's own {@code MAXMIND_ACCOUNT_ID} and {@code
     * MAXMIND_LICENSE_KEY} for the account keys; null for the others.
     */
    String beatenByVariable() {
        return switch (name) {
            case "account-id" -> "MAXMIND_ACCOUNT_ID";
            case "license-key-file" -> "MAXMIND_LICENSE_KEY";
            default -> null;
        };
    }

    private static final List<String> DB =
            List.of("enrich", "report", "lookup", "serve", "fields", "db list", "db info");
    private static final List<String> LISTS = List.of("enrich", "report", "lookup", "serve", "lists list");
    private static final List<String> ONLINE = List.of("enrich", "report", "lookup", "serve");
    private static final List<String> RUN = List.of("enrich", "report", "serve");
    private static final List<String> INPUT = List.of("enrich", "report", "extract");

    /** Every key, in the order {@code config show} lists them. */
    static final Map<String, ConfigKey> ALL = table();

    /** The commands that take a setting, in the order {@code config show} lists them. */
    static final List<String> COMMANDS = commandsWithKeys();

    /** The key named {@code name} (already lower case, '-' for '_'), if there is one. */
    static Optional<ConfigKey> find(String name) {
        return Optional.ofNullable(ALL.get(name));
    }

    /** The keys that apply to {@code command}, in table order. */
    static List<ConfigKey> of(String command) {
        return ALL.values().stream().filter(k -> k.commands.contains(command)).toList();
    }

    private static Map<String, ConfigKey> table() {
        List<ConfigKey> keys = new ArrayList<>();
        // databases
        keys.add(key("db", Kind.PATHS, DB, "databases"));
        keys.add(key("db-dir", Kind.PATHS, DB, "databases"));
        keys.add(new ConfigKey(
                "max-age",
                Kind.INT,
                set(DB),
                null,
                null,
                (c, v) -> Integer.parseInt(v) < 0 ? DbOptions.MAX_AGE_EXPECTED : null));
        // lists
        keys.add(key("list", Kind.PATHS, LISTS, "lists"));
        keys.add(key("no-lists", Kind.BOOLEAN, LISTS, "lists"));
        keys.add(key("scanner-rules", Kind.PATHS, LISTS, null));
        // online sources and how they are asked
        keys.add(key("ptr", Kind.BOOLEAN, ONLINE, null));
        keys.add(key("dnsbl", Kind.TEXT, ONLINE, "dnsbl"));
        keys.add(key("cymru", Kind.BOOLEAN, ONLINE, null));
        keys.add(key("dnsbl-zones", Kind.PATH, ONLINE, null));
        keys.add(new ConfigKey(
                "resolver",
                Kind.TEXTS,
                set(ONLINE),
                null,
                null,
                (c, v) -> OnlineOptions.server(v).isPresent() ? null : OnlineOptions.RESOLVER_EXPECTED));
        keys.add(key("dns-concurrency", Kind.INT, ONLINE, null));
        keys.add(key("dns-qps", Kind.NUMBER, ONLINE, null));
        keys.add(key("dns-timeout", Kind.NUMBER, ONLINE, null));
        keys.add(key("dns-run-timeout", Kind.NUMBER, ONLINE, null));
        keys.add(key("cache", Kind.PATH, ONLINE, null));
        keys.add(new ConfigKey(
                "webservice-for",
                Kind.TEXT,
                set(ONLINE),
                null,
                null,
                (c, v) -> v.equalsIgnoreCase("all") || v.equalsIgnoreCase("missing") ? null : "all or missing"));
        keys.add(new ConfigKey("webservice-host", Kind.TEXT, set(ONLINE), null, "webservice", null));
        keys.add(key("webservice-max-age", Kind.NUMBER, ONLINE, null));
        keys.add(key("webservice-concurrency", Kind.INT, ONLINE, null));
        keys.add(key("webservice-cache", Kind.PATH, ONLINE, null));
        keys.add(new ConfigKey("webservice-ca", Kind.PATH, set(ONLINE), null, "webservice", null));
        keys.add(new ConfigKey("max-queries", Kind.LONG, set(ONLINE), null, "webservice", null));
        keys.add(new ConfigKey("min-remaining", Kind.LONG, set(ONLINE), null, "webservice", null));
        keys.add(key("geoip-conf", Kind.PATH, ONLINE, null));
        List<String> account = new ArrayList<>(ONLINE);
        account.add("db update");
        keys.add(key("account-id", Kind.TEXT, account, null));
        keys.add(key("license-key-file", Kind.PATH, account, null));
        // the run
        List<String> lang = new ArrayList<>(RUN);
        lang.add("lookup");
        keys.add(key("lang", Kind.TEXT, lang, null));
        keys.add(key("max-errors", Kind.LONG, RUN, null));
        List<String> extractToo = new ArrayList<>(RUN);
        extractToo.add("extract");
        keys.add(key("threads", Kind.INT, extractToo, null));
        keys.add(key("max-distinct", Kind.INT, extractToo, null));
        keys.add(key("quiet", Kind.BOOLEAN, extractToo, null));
        keys.add(new ConfigKey("from", Kind.TEXT, set(INPUT), null, null, (c, v) -> {
            try {
                InputMode.parse(v);
                return null;
            } catch (IllegalArgumentException e) {
                return e.getMessage();
            }
        }));
        // the output
        keys.add(key("fields", Kind.TEXT, List.of("enrich", "serve"), null));
        keys.add(new ConfigKey("format", Kind.TEXT, set(List.of("enrich", "extract")), null, null, ConfigKey::format));
        keys.add(key("top", Kind.INT, List.of("report"), null));
        keys.add(key("max-points", Kind.INT, List.of("report"), null));
        keys.add(key("max-rows", Kind.INT, List.of("report"), null));
        Map<String, ConfigKey> out = new LinkedHashMap<>();
        keys.forEach(k -> out.put(k.name, k));
        return java.util.Collections.unmodifiableMap(out);
    }

    private static List<String> commandsWithKeys() {
        Set<String> out = new LinkedHashSet<>();
        for (String c : List.of(
                "enrich",
                "extract",
                "lookup",
                "report",
                "serve",
                "fields",
                "db list",
                "db info",
                "db update",
                "lists list")) {
            if (ALL.values().stream().anyMatch(k -> k.commands.contains(c))) {
                out.add(c);
            }
        }
        return List.copyOf(out);
    }

    /**
     * The IPTRIAGE_* variables read besides the keys' own: the config file's place, the launcher's Java and its
     * flags, the terminal flags the launcher passes, the DQS key, the lists folder, the internal-error details.
     */
    static final Set<String> OTHER_VARIABLES = Set.of(
            Config.VARIABLE,
            "IPTRIAGE_JAVA_HOME",
            "IPTRIAGE_JAVA_OPTS",
            "IPTRIAGE_TTY_IN",
            "IPTRIAGE_TTY_OUT",
            "IPTRIAGE_TTY_ERR",
            OnlineOptions.DQS_KEY_VARIABLE,
            "IPTRIAGE_LISTS_DIR",
            "IPTRIAGE_DEBUG");

    /**
     * The environment's IPTRIAGE_* variables that iptriage does not read, sorted, each with the known variable it
     * is most likely a typo of (at most two letters off), or null: a misspelt setting would otherwise go unnoticed.
     */
    static Map<String, String> unknownVariables(Map<String, String> env) {
        Set<String> known = new java.util.TreeSet<>(OTHER_VARIABLES);
        ALL.values().forEach(k -> known.add(k.variable()));
        Map<String, String> out = new java.util.TreeMap<>();
        for (String v : env.keySet()) {
            if (v.startsWith("IPTRIAGE_") && !known.contains(v)) {
                out.put(v, Config.nearest(v, known));
            }
        }
        return out;
    }

    /** {@code -f}: each command has its own formats. */
    private static String format(String command, String value) {
        boolean ok = switch (command) {
            case "enrich" -> SinkFormat.byName(value).isPresent();
            case "extract" -> ExtractCommand.format(value).isPresent();
            default -> true;
        };
        return ok ? null : command.equals("enrich") ? "csv, jsonl, json or table" : "text, csv or jsonl";
    }

    private static ConfigKey key(String name, Kind kind, List<String> commands, String group) {
        return new ConfigKey(name, kind, set(commands), group, null, null);
    }

    private static Set<String> set(List<String> commands) {
        return java.util.Collections.unmodifiableSet(new LinkedHashSet<>(commands));
    }
}
