package dev.iptriage.cli;

import dev.iptriage.input.InputEncoding;
import dev.iptriage.input.UnreadableInputException;
import dev.iptriage.text.CellText;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * The settings of the config file and the environment, the defaults of the options they name (README, "Config
 * file"). Three layers, each overriding the one before: the file ({@code $XDG_CONFIG_HOME/iptriage/config}, else
 * {@code ~/.config/iptriage/config}; {@code --config FILE}; {@code IPTRIAGE_CONFIG}), whose {@code [COMMAND]}
 * sections override its top for that command; the environment ({@code IPTRIAGE_<KEY>}); the command line. They are
 * laid onto a command's options after picocli has parsed its command line, and only onto the options the command
 * line left alone ({@link #apply}).
 *
 * <p>Why not picocli's default value provider alone: picocli takes a provider's value of a repeatable option as one
 * element (a file's two {@code list} lines could not be two lists), and a negatable option whose default is true
 * turns {@code --no-ptr} into true. Setting the values after parsing has neither problem, and the command line wins
 * by construction.
 */
final class Config {
    /** The variable naming the config file, like {@code --config}. */
    static final String VARIABLE = "IPTRIAGE_CONFIG";

    /** The largest config file read: a config file is a few lines. */
    static final long MAX_BYTES = 1 << 20;

    /**
     * A setting: its values (one unless the key is repeatable) and where they came from.
     *
     * @param source where it was set: the file and its lines ({@code /home/a/.config/iptriage/config:3}) or the
     *     environment variable ({@code IPTRIAGE_LANG})
     * @param fromEnvironment whether it came from the environment
     */
    record Setting(ConfigKey key, List<String> values, String source, boolean fromEnvironment) {
        /** The values as {@code config show} prints them. */
        String text() {
            return String.join(", ", values);
        }
    }

    /** Which file is read and why: the reason is {@code --config}, {@code IPTRIAGE_CONFIG}, default or --no-config. */
    record Location(Path file, String reason, boolean explicit) {
        static final Location NONE = new Location(null, "--no-config", false);
    }

    /** {@code --config FILE} and {@code --no-config} as found on a command line before picocli parses it. */
    record Flags(String config, boolean noConfig) {}

    private record Line(String section, ConfigKey key, String value, int line) {}

    /** The config of one run, chosen from its arguments and environment, read the first time it is needed. */
    static final class Lazy implements java.util.function.Supplier<Config> {
        private final Env env;
        private final Flags flags;
        private Config config;

        Lazy(Env env, String[] args) {
            this.env = env;
            this.flags = scan(args);
        }

        /** Which file would be read (nothing is read). */
        Location location() {
            return locate(env.env(), flags);
        }

        @Override
        public Config get() {
            if (config == null) {
                config = load(location(), env.env(), env.err());
            }
            return config;
        }
    }

    /** One line of {@code config show}: a key, its value for the command, and where that value came from. */
    record Shown(String key, String value, String source) {}

    /**
     * Every key of {@code command} with the value a run with the command line {@code parsed} would use, and where it
     * came from: the command line, the file and its lines, an environment variable, or the default.
     */
    List<Shown> show(String command, CommandSpec spec, ParseResult parsed) {
        Map<String, Setting> settings = settings(command);
        Map<String, String> given = new LinkedHashMap<>(); // group -> the option of the command line naming it
        for (ConfigKey k : ConfigKey.of(command)) {
            OptionSpec o = spec.findOption("--" + k.name());
            if (o != null && matched(parsed, o)) {
                given.putIfAbsent(k.groupName(), "--" + k.name());
            }
        }
        if (parsed != null) {
            alsoGiven(spec, parsed).forEach(g -> given.putIfAbsent(g, "--no-" + g));
        }
        List<Shown> out = new ArrayList<>();
        for (ConfigKey k : ConfigKey.of(command)) {
            OptionSpec o = spec.findOption("--" + k.name());
            Setting s = settings.get(k.name());
            String byCommandLine = given.get(k.groupName());
            if (o != null && matched(parsed, o)) {
                out.add(new Shown(k.name(), text(o.getValue()), "command line"));
            } else if (byCommandLine != null) {
                out.add(new Shown(
                        k.name(),
                        text(o == null ? null : o.getValue()),
                        "default"
                                + (s == null
                                        ? ""
                                        : " (" + s.source() + " not used: the command line gives " + byCommandLine
                                                + ")")));
            } else if (s != null
                    && !s.fromEnvironment()
                    && k.beatenByVariable() != null
                    && env.get(k.beatenByVariable()) != null) {
                // MAXMIND_ACCOUNT_ID beats the file's account-id (its value not shown: the key's variable is a secret)
                out.add(new Shown(
                        k.name(),
                        "",
                        k.beatenByVariable() + " (environment; " + s.source() + " not used: the environment beats the"
                                + " file)"));
            } else if (s != null) {
                out.add(new Shown(
                        k.name(),
                        s.text(),
                        s.source()
                                + (required(k, spec, parsed) ? "" : " (not used: only with --" + k.requires() + ")")));
            } else {
                out.add(new Shown(k.name(), defaultText(o, parsed), "default"));
            }
        }
        return out;
    }

    private static boolean matched(ParseResult parsed, OptionSpec o) {
        return parsed != null && parsed.hasMatchedOption(o);
    }

    /** An option's default: its value after parsing, else (no command line) its default or first value. */
    private static String defaultText(OptionSpec o, ParseResult parsed) {
        if (o == null) {
            return "";
        }
        if (parsed != null) {
            return text(o.getValue());
        }
        return o.defaultValue() != null ? o.defaultValue() : text(o.initialValue());
    }

    private static String text(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof java.util.Collection<?> c) {
            return String.join(", ", c.stream().map(String::valueOf).toList());
        }
        return String.valueOf(v);
    }

    private final Location location;
    private final boolean read;
    private final List<Line> lines;
    private final Map<String, String> env;

    private Config(Location location, boolean read, List<Line> lines, Map<String, String> env) {
        this.location = location;
        this.read = read;
        this.lines = lines;
        this.env = env;
    }

    /** The file chosen, or null. */
    Path file() {
        return location.file();
    }

    Location location() {
        return location;
    }

    /** Whether a file was read (it exists, or was named). */
    boolean fileRead() {
        return read;
    }

    /**
     * {@code --config} and {@code --no-config} of {@code args}, up to {@code --}. On {@code db update}, {@code
     * --config} after the command names its GeoIP.conf, as it always has (give the config file before the command
     * there: {@code iptriage --config FILE db update}); so in {@code config show db update --config FILE}.
     */
    static Flags scan(String[] args) {
        String config = null;
        boolean none = false;
        List<String> words = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--")) {
                break;
            }
            // db update, or config show db update
            boolean dbUpdate = java.util.Collections.indexOfSubList(words, List.of("db", "update")) >= 0;
            if (a.equals("--no-config")) {
                none = true;
            } else if (a.equals("--config") || a.startsWith("--config=")) {
                String value = a.startsWith("--config=") ? a.substring("--config=".length()) : null;
                if (value == null) {
                    if (i + 1 >= args.length) {
                        continue; // picocli says the value is missing
                    }
                    value = args[++i];
                }
                if (!dbUpdate) {
                    config = value;
                }
            } else if (!a.startsWith("-") && words.size() < 4) {
                words.add(a);
            }
        }
        return new Flags(config, none);
    }

    /** Which file {@code flags} and the environment choose (nothing is read). */
    static Location locate(Map<String, String> env, Flags flags) {
        if (flags.noConfig()) {
            if (flags.config() != null) {
                throw new CliException(ExitCodes.USAGE, "--config and --no-config cannot be used together");
            }
            return Location.NONE;
        }
        if (flags.config() != null) {
            return new Location(path(flags.config(), "--config"), "--config", true);
        }
        String named = env.get(VARIABLE);
        if (named != null && !named.isBlank()) {
            return new Location(path(named, VARIABLE), VARIABLE, true);
        }
        Path base = null;
        String xdg = env.get("XDG_CONFIG_HOME");
        String home = env.get("HOME");
        if (xdg != null && !xdg.isBlank() && absolute(xdg)) {
            base = Path.of(xdg);
        } else if (home != null && !home.isBlank() && absolute(home)) {
            base = Path.of(home, ".config");
        }
        return new Location(base == null ? null : base.resolve("iptriage").resolve("config"), "default", false);
    }

    private static boolean absolute(String p) {
        try {
            return Path.of(p).isAbsolute();
        } catch (InvalidPathException e) {
            return false; // as if unset
        }
    }

    private static Path path(String p, String from) {
        try {
            return Path.of(p);
        } catch (InvalidPathException e) {
            throw new CliException(ExitCodes.USAGE, from + " " + CellText.terminalSafe(p) + ": not a file name");
        }
    }

    /**
     * Reads the file {@code location} names (when it is there or was named), checking every line, and keeps {@code
     * env} for the environment's layer.
     *
     * @throws CliException {@link ExitCodes#USAGE} for a named file that is missing, a file writable by every user,
     *     a line that is not a setting, an unknown key, a secret, a bad value
     */
    static Config load(Location location, Map<String, String> env, java.io.PrintStream err) {
        Path f = location.file();
        if (f == null) {
            return new Config(location, false, List.of(), env);
        }
        if (!Files.exists(f)) {
            if (location.explicit()) {
                throw new CliException(
                        ExitCodes.USAGE, safe(f) + ": config file not found (named by " + location.reason() + ")");
            }
            return new Config(location, false, List.of(), env);
        }
        if (!Files.isRegularFile(f)) {
            throw new CliException(ExitCodes.USAGE, safe(f) + ": the config file is not a regular file");
        }
        checkOwner(f, err);
        String text;
        try {
            if (Files.size(f) > MAX_BYTES) {
                throw new CliException(
                        ExitCodes.USAGE, safe(f) + ": over " + MAX_BYTES + " bytes, too large for a config file");
            }
            text = strictUtf8(f);
        } catch (UnreadableInputException e) {
            throw new CliException(ExitCodes.USAGE, safe(f) + ": not a config file: " + e.getMessage());
        } catch (NoSuchFileException e) {
            throw new CliException(ExitCodes.USAGE, safe(f) + ": config file not found");
        } catch (IOException e) {
            throw new CliException(
                    ExitCodes.USAGE,
                    safe(f) + ": cannot read the config file: "
                            + CellText.terminalSafe(String.valueOf(e.getMessage())));
        }
        return new Config(location, true, parse(f, text, env), env);
    }

    /**
     * The file's text (UTF-8, or UTF-16 with a byte order mark); a byte sequence that is not UTF-8 is refused naming
     * its line, as a bad value is (it would otherwise be read as U+FFFD, a value nobody wrote).
     */
    private static String strictUtf8(Path f) throws IOException {
        byte[] b;
        try (java.io.InputStream in = InputEncoding.utf8(Files.newInputStream(f))) {
            b = in.readAllBytes();
        }
        java.nio.charset.CharsetDecoder d = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT);
        int line = 1;
        int start = 0;
        for (int i = 0; i <= b.length; i++) {
            if (i == b.length || b[i] == '\n') {
                try {
                    d.reset().decode(java.nio.ByteBuffer.wrap(b, start, i - start));
                } catch (java.nio.charset.CharacterCodingException e) {
                    throw problem(f, line, "not UTF-8 text; expected a UTF-8 text file (save it as UTF-8)");
                }
                line++;
                start = i + 1;
            }
        }
        return new String(b, StandardCharsets.UTF_8);
    }

    /**
     * A file others can write would let them choose where the addresses go (a resolver, an online source): refused.
     * One owned by another user (not root) is read, with a warning.
     */
    private static void checkOwner(Path f, java.io.PrintStream err) {
        if (!f.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return;
        }
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(f);
            if (perms.contains(PosixFilePermission.OTHERS_WRITE)) {
                throw new CliException(
                        ExitCodes.USAGE,
                        safe(f) + ": the config file is writable by every user, who could change which resolver and"
                                + " sources your addresses are sent to: chmod o-w it");
            }
            String owner = Files.getOwner(f).getName();
            String me = System.getProperty("user.name");
            if (me != null && !owner.equals(me) && !owner.equals("root")) {
                err.println("iptriage: warning: " + safe(f) + " belongs to " + CellText.terminalSafe(owner)
                        + ", not to you (" + CellText.terminalSafe(me) + "): its settings are used all the same");
            }
        } catch (IOException | UnsupportedOperationException e) {
            // no owner or permissions to check: read it as it is
        }
    }

    private static List<Line> parse(Path file, String text, Map<String, String> env) {
        List<Line> out = new ArrayList<>();
        Map<String, Integer> seen = new LinkedHashMap<>(); // section + key of a single-value key -> its line
        Set<String> sections = new LinkedHashSet<>();
        String section = "";
        String[] rows = text.split("\r\n|\r|\n", -1);
        for (int i = 0; i < rows.length; i++) {
            int n = i + 1;
            String row = rows[i].strip();
            if (row.isEmpty() || row.startsWith("#")) {
                continue;
            }
            if (row.startsWith("[")) {
                if (!row.endsWith("]")) {
                    throw problem(file, n, CellText.terminalSafe(row) + ": expected [COMMAND]");
                }
                String name = String.join(
                        " ",
                        row.substring(1, row.length() - 1)
                                .strip()
                                .toLowerCase(Locale.ROOT)
                                .split("\\s+"));
                if (!ConfigKey.COMMANDS.contains(name)) {
                    throw problem(
                            file,
                            n,
                            "[" + CellText.terminalSafe(name) + "]: no such command with settings; sections are "
                                    + String.join(
                                            ", ",
                                            ConfigKey.COMMANDS.stream()
                                                    .map(c -> "[" + c + "]")
                                                    .toList()));
                }
                if (!sections.add(name)) {
                    throw problem(file, n, "[" + name + "] again: give each section once");
                }
                section = name;
                continue;
            }
            int eq = row.indexOf('=');
            if (eq < 0) {
                throw problem(
                        file, n, CellText.terminalSafe(row) + ": expected KEY = VALUE, a [COMMAND] or a # comment");
            }
            String given = row.substring(0, eq).strip();
            String name = given.toLowerCase(Locale.ROOT).replace('_', '-');
            String value = value(file, n, row.substring(eq + 1).strip());
            String secret = secret(name);
            if (secret != null) {
                throw problem(file, n, CellText.terminalSafe(given) + ": " + secret);
            }
            ConfigKey key = ConfigKey.find(name)
                    .orElseThrow(() -> problem(
                            file,
                            n,
                            CellText.terminalSafe(given) + ": unknown key" + suggestion(name) + "; the keys are "
                                    + String.join(", ", ConfigKey.ALL.keySet()) + " (README, \"Config file\")"));
            if (!section.isEmpty() && !key.commands().contains(section)) {
                throw problem(
                        file,
                        n,
                        name + ": not a setting of " + section + " (it is one of " + String.join(", ", key.commands())
                                + ")");
            }
            if (!key.kind().repeatable()) {
                Integer before = seen.put(section + "\0" + name, n);
                if (before != null) {
                    throw problem(
                            file,
                            n,
                            name + " is set again (line " + before + "): set it once"
                                    + (section.isEmpty() ? "" : " in [" + section + "]"));
                }
            }
            String where = name + " = " + CellText.terminalSafe(value);
            java.util.Optional<String> wrong =
                    value(key, value, section.isEmpty() ? List.copyOf(key.commands()) : List.of(section));
            if (wrong.isPresent()) {
                throw problem(file, n, where + ": expected " + wrong.get());
            }
            String normal = value;
            if (key.kind().path()) {
                normal = resolve(file, n, where, key, normal, env);
            }
            out.add(new Line(section, key, key.kind() == ConfigKey.Kind.BOOLEAN ? bool(normal) : normal, n));
        }
        return List.copyOf(out);
    }

    /**
     * The value of a line after its '=': up to a '#' after a blank (a comment), or in double quotes (which keep
     * blanks at its ends and a " #" in it).
     */
    private static String value(Path file, int n, String raw) {
        if (raw.startsWith("\"")) {
            int close = raw.indexOf('"', 1);
            String rest = close < 0 ? "" : raw.substring(close + 1).strip();
            if (close < 0 || !rest.isEmpty() && !rest.startsWith("#")) {
                throw problem(
                        file,
                        n,
                        CellText.terminalSafe(raw) + ": expected a value in double quotes, then at most a # comment");
            }
            return raw.substring(1, close);
        }
        if (raw.startsWith("#")) {
            return ""; // "key = # ..." : the blank before the # was stripped
        }
        java.util.regex.Matcher comment = COMMENT.matcher(raw);
        return comment.find() ? raw.substring(0, comment.start()).strip() : raw;
    }

    private static final java.util.regex.Pattern COMMENT = java.util.regex.Pattern.compile("\\s#");

    /** " (did you mean KEY?)" for the key nearest {@code name} when it is a typo away (two edits at most), else "". */
    static String suggestion(String name) {
        String best = nearest(name, ConfigKey.ALL.keySet());
        return best == null ? "" : " (did you mean " + best + "?)";
    }

    /** The first of {@code candidates} nearest {@code name} when it is a typo away (two edits at most), else null. */
    static String nearest(String name, Iterable<String> candidates) {
        String best = null;
        int bestDistance = 3;
        for (String k : candidates) {
            int d = distance(name, k);
            if (d < bestDistance) {
                best = k;
                bestDistance = d;
            }
        }
        return best;
    }

    /** The edit distance of {@code a} and {@code b} (insertions, deletions, substitutions, swaps of neighbours). */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            for (int j = 0; j <= b.length(); j++) {
                if (i == 0 || j == 0) {
                    d[i][j] = i + j;
                    continue;
                }
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }

    /** Why a key holds a secret, or null: keys and passwords stay out of a file read on every run and often shared. */
    static String secret(String name) {
        String n = name.replace("-", "").replace("_", "");
        if (n.endsWith("file")) {
            return null; // license-key-file names the file that holds the key
        }
        if (n.contains("license") || n.contains("licence") || n.contains("account") && n.endsWith("key")) {
            return "secrets stay out of the config file: put the MaxMind license key in GeoIP.conf (LicenseKey) or"
                    + " in a key file named by license-key-file (or MAXMIND_LICENSE_KEY)";
        }
        if (n.contains("dqs")) {
            return "secrets stay out of the config file: give the Spamhaus DQS key in "
                    + OnlineOptions.DQS_KEY_VARIABLE;
        }
        if (n.endsWith("key") || n.contains("password") || n.contains("secret") || n.contains("token")) {
            return "secrets stay out of the config file (a key file, GeoIP.conf or the environment hold them)";
        }
        return null;
    }

    /**
     * What is wrong with {@code value} for {@code key} on {@code commands}, if anything; empty when it is fine.
     */
    private static java.util.Optional<String> value(ConfigKey key, String value, List<String> commands) {
        String expected = key.kind().expected;
        if (value.isEmpty()) {
            return java.util.Optional.of(expected);
        }
        if (value.codePoints().anyMatch(CellText::isUnsafe)) {
            return java.util.Optional.of(expected + " without control or direction characters");
        }
        try {
            switch (key.kind()) {
                case BOOLEAN -> {
                    if (bool(value) == null) {
                        return java.util.Optional.of(expected);
                    }
                }
                case INT -> Integer.parseInt(value);
                case LONG -> Long.parseLong(value);
                case NUMBER -> {
                    if (!Double.isFinite(Double.parseDouble(value))) {
                        return java.util.Optional.of(expected);
                    }
                }
                default -> {
                    // checked below
                }
            }
        } catch (NumberFormatException e) {
            return java.util.Optional.of(expected);
        }
        if (key.check() != null) {
            for (String c : commands) {
                String p = key.check().problem(c, value);
                if (p != null) {
                    return java.util.Optional.of(
                            commands.size() > 1
                                    ? p + " for " + c + " (a value for one command goes in its [" + c + "] section)"
                                    : p);
                }
            }
        }
        return java.util.Optional.empty();
    }

    /** "true" or "false" for the ways of saying yes and no, else null. */
    private static String bool(String v) {
        return switch (v.strip().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1" -> "true";
            case "false", "no", "off", "0" -> "false";
            default -> null;
        };
    }

    /** A path of the file: {@code ~/} is the home folder; a relative one is relative to the file's folder. */
    private static String resolve(
            Path file, int n, String where, ConfigKey key, String value, Map<String, String> env) {
        if (key.name().equals("db") && value.equals("builtin")) {
            return value;
        }
        String v = value;
        if (v.equals("~") || v.startsWith("~/")) {
            String home = env.get("HOME");
            if (home == null || home.isBlank()) {
                throw problem(file, n, where + ": ~ needs HOME");
            }
            v = home + v.substring(1);
        }
        try {
            Path base = file.toAbsolutePath().getParent();
            return base.resolve(v).normalize().toString();
        } catch (InvalidPathException e) {
            throw problem(file, n, where + ": expected " + key.kind().expected);
        }
    }

    private static CliException problem(Path file, int line, String message) {
        return new CliException(ExitCodes.USAGE, safe(file) + ":" + line + ": " + message);
    }

    private static String safe(Path p) {
        return CellText.terminalSafe(p.toString());
    }

    /**
     * The settings of the file and the environment for {@code command}, by key, in table order: per group of keys,
     * those of the highest layer that names one of them (the file's top, its {@code [command]} section, the
     * environment).
     *
     * @throws CliException {@link ExitCodes#USAGE} for an environment variable with a bad value for this command
     */
    Map<String, Setting> settings(String command) {
        List<ConfigKey> keys = ConfigKey.of(command);
        List<Map<String, Setting>> layers =
                List.of(fileLayer("", keys), fileLayer(command, keys), envLayer(command, keys));
        Map<String, Integer> groupLayer = new LinkedHashMap<>();
        for (int i = 0; i < layers.size(); i++) {
            for (Setting s : layers.get(i).values()) {
                groupLayer.put(s.key().groupName(), i); // the later layer wins
            }
        }
        Map<String, Setting> out = new LinkedHashMap<>();
        for (ConfigKey k : keys) {
            Integer layer = groupLayer.get(k.groupName());
            Setting s = layer == null ? null : layers.get(layer).get(k.name());
            if (s != null) {
                out.put(k.name(), s);
            }
        }
        return out;
    }

    private Map<String, Setting> fileLayer(String section, List<ConfigKey> keys) {
        Map<String, List<Line>> by = new LinkedHashMap<>();
        for (Line l : lines) {
            if (l.section().equals(section) && keys.contains(l.key())) {
                by.computeIfAbsent(l.key().name(), x -> new ArrayList<>()).add(l);
            }
        }
        Map<String, Setting> out = new LinkedHashMap<>();
        by.forEach((name, ls) -> {
            StringBuilder where = new StringBuilder(location.file().toString()).append(':');
            for (int i = 0; i < ls.size(); i++) {
                where.append(i == 0 ? "" : ",").append(ls.get(i).line());
            }
            out.put(
                    name,
                    new Setting(ls.get(0).key(), ls.stream().map(Line::value).toList(), where.toString(), false));
        });
        return out;
    }

    private Map<String, Setting> envLayer(String command, List<ConfigKey> keys) {
        Map<String, Setting> out = new LinkedHashMap<>();
        for (ConfigKey k : keys) {
            String raw = env.get(k.variable());
            if (raw == null || raw.isBlank()) {
                continue; // an empty variable is as good as unset
            }
            List<String> values = new ArrayList<>();
            if (k.kind() == ConfigKey.Kind.PATHS) {
                for (String p : raw.split(java.util.regex.Pattern.quote(File.pathSeparator))) {
                    if (!p.isBlank()) {
                        values.add(p.strip());
                    }
                }
            } else if (k.kind() == ConfigKey.Kind.TEXTS) {
                for (String p : raw.split("[,\\s]+")) {
                    if (!p.isBlank()) {
                        values.add(p);
                    }
                }
            } else {
                values.add(raw.strip());
            }
            List<String> normal = new ArrayList<>();
            for (String v : values) {
                java.util.Optional<String> p = value(k, v, List.of(command));
                if (p.isPresent()) {
                    throw new CliException(
                            ExitCodes.USAGE,
                            k.variable() + "=" + CellText.terminalSafe(raw) + ": expected " + p.get()
                                    + (k.commands().size() > 1 ? " (for " + command + ")" : ""));
                }
                normal.add(k.kind() == ConfigKey.Kind.BOOLEAN ? bool(v) : v);
            }
            out.put(k.name(), new Setting(k, List.copyOf(normal), k.variable(), true));
        }
        return out;
    }

    /**
     * Lays the settings for {@code command} onto its parsed options: each key whose group the command line left
     * alone (no option of the group given) gets its value, unless it needs an option the command line does not give.
     *
     * @return the settings applied
     */
    List<Setting> apply(String command, ParseResult parsed) {
        CommandSpec spec = parsed.commandSpec();
        Map<String, Setting> settings = settings(command);
        Set<String> given = new LinkedHashSet<>();
        for (ConfigKey k : ConfigKey.of(command)) {
            OptionSpec o = spec.findOption("--" + k.name());
            if (o != null && parsed.hasMatchedOption(o)) {
                given.add(k.groupName());
            }
        }
        given.addAll(alsoGiven(spec, parsed));
        List<Setting> applied = new ArrayList<>();
        for (Setting s : settings.values()) {
            ConfigKey k = s.key();
            if (given.contains(k.groupName()) || !required(k, spec, parsed)) {
                continue;
            }
            if (s.fromEnvironment() && k.variableReadByCommand()) {
                continue;
            }
            String variable = k.beatenByVariable();
            if (!s.fromEnvironment() && variable != null && env.get(variable) != null) {
                continue; // MAXMIND_ACCOUNT_ID beats the file's account-id
            }
            OptionSpec o = spec.findOption("--" + k.name());
            if (o == null) {
                throw new IllegalStateException(command + " has no option --" + k.name());
            }
            o.setValue(convert(o, s.values()));
            applied.add(s);
        }
        return applied;
    }

    /**
     * The groups the command line decides through options that are no key: {@code --no-dnsbl} the
     * DNSBLs; an {@code -o} file name with an extension the format (as it does without a config: only
     * {@code -f} beats the extension, so a file's {@code format = jsonl} never writes JSON into {@code
     * x.csv}).
     */
    private static Set<String> alsoGiven(CommandSpec spec, ParseResult parsed) {
        Set<String> out = new LinkedHashSet<>();
        OptionSpec o = spec.findOption("--no-dnsbl");
        if (o != null && parsed.hasMatchedOption(o)) {
            out.add("dnsbl");
        }
        OptionSpec output = spec.findOption("--output");
        if (output != null && parsed.hasMatchedOption(output)) {
            Object v = output.getValue();
            try {
                if (v != null
                        && !OutputNames.extension(java.nio.file.Path.of(v.toString()))
                                .isEmpty()) {
                    out.add("format");
                }
            } catch (java.nio.file.InvalidPathException e) {
                // the command says what is wrong with the name
            }
        }
        return out;
    }

    /** Whether the option {@code k} needs is on the command line (true when it needs none). */
    static boolean required(ConfigKey k, CommandSpec spec, ParseResult parsed) {
        if (k.requires() == null) {
            return true;
        }
        OptionSpec o = spec.findOption("--" + k.requires());
        return o != null && parsed.hasMatchedOption(o);
    }

    /** The option's value of {@code values}, already checked for their kind. */
    private static Object convert(OptionSpec o, List<String> values) {
        if (o.isMultiValue()) {
            Class<?> element = o.auxiliaryTypes()[0];
            List<Object> out = new ArrayList<>();
            values.forEach(v -> out.add(scalar(element, v)));
            return out;
        }
        return scalar(o.type(), values.get(values.size() - 1));
    }

    private static Object scalar(Class<?> type, String v) {
        if (type == boolean.class || type == Boolean.class) {
            return Boolean.parseBoolean(v);
        }
        if (type == int.class || type == Integer.class) {
            return Integer.valueOf(v);
        }
        if (type == long.class || type == Long.class) {
            return Long.valueOf(v);
        }
        if (type == double.class || type == Double.class) {
            return Double.valueOf(v);
        }
        if (type == Path.class) {
            return Path.of(v);
        }
        if (type == String.class) {
            return v;
        }
        throw new IllegalStateException("no config conversion to " + type);
    }
}
