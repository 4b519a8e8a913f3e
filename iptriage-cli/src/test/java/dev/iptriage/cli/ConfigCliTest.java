package dev.iptriage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iptriage.testing.Fixtures;
import dev.iptriage.testing.dns.DnsTestWorld;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The config file and the environment's settings: file &lt; environment &lt; command line for a single value, a
 * repeatable one, a boolean and an online source; {@code config show} naming each value's source; the errors; {@code
 * --no-config}. Every run names its config folder ({@code XDG_CONFIG_HOME}) in the environment it is given: no test
 * reads the real user's file.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ConfigCliTest {
    @TempDir
    static Path dir;

    static Path city;
    static Path asn;

    @BeforeAll
    static void setUp() {
        city = Fixtures.city(dir);
        asn = Fixtures.asn(dir);
    }

    /** A config folder of its own holding {@code iptriage/config} with {@code text}. */
    static Path home(Path parent, String text) throws IOException {
        Path home = Files.createTempDirectory(parent, "xdg");
        Files.createDirectories(home.resolve("iptriage"));
        Files.writeString(home.resolve("iptriage").resolve("config"), text);
        return home;
    }

    static Cli.Result run(Path home, Map<String, String> env, String stdin, String... args) {
        Map<String, String> e = new HashMap<>(env);
        e.put("XDG_CONFIG_HOME", home.toString());
        return Cli.run(stdin, e, args);
    }

    static Cli.Result ok(Path home, Map<String, String> env, String stdin, String... args) {
        Cli.Result r = run(home, env, stdin, args);
        assertThat(r.code()).as("%s: %s", List.of(args), r.err()).isZero();
        return r;
    }

    @Test
    void theOutputFilesExtensionBeatsTheFilesFormatAndOnlyFDoesNot(@TempDir Path tmp) throws IOException {
        Path home = home(
                tmp,
                "db = " + city + "\ndb = " + asn
                        + "\nfields = ip,asn\n[enrich]\nformat = jsonl\n[extract]\nformat = csv\n");
        Path csv = tmp.resolve("ips.csv");
        ok(home, Map.of(), "8.8.8.8\n", "enrich", "-q", "-o", csv.toString());
        assertThat(Files.readString(csv)).isEqualTo("ip,asn\n8.8.8.8,15169\n");
        Path txt = tmp.resolve("ips.txt");
        ok(home, Map.of(), "x 8.8.8.8 y\n", "extract", "-q", "-u", "-o", txt.toString());
        assertThat(Files.readString(txt)).isEqualTo("8.8.8.8\n");
        // no extension: the file's format; -f: that, whatever the extension
        Path none = tmp.resolve("ips");
        ok(home, Map.of(), "8.8.8.8\n", "enrich", "-q", "-o", none.toString());
        assertThat(Files.readString(none)).isEqualTo("{\"ip\":\"8.8.8.8\",\"asn\":15169}\n");
        ok(home, Map.of(), "8.8.8.8\n", "enrich", "-q", "-f", "jsonl", "-o", csv.toString());
        assertThat(Files.readString(csv)).startsWith("{");
        // and the environment's format counts as the file's
        ok(home, Map.of("IPTRIAGE_FORMAT", "jsonl"), "8.8.8.8\n", "enrich", "-q", "-o", csv.toString());
        assertThat(Files.readString(csv)).isEqualTo("ip,asn\n8.8.8.8,15169\n");
    }

    @Test
    void aSingleValueComesFromTheFileThenTheEnvironmentThenTheCommandLine(@TempDir Path tmp) throws IOException {
        Path home = home(tmp, "db = " + city + "\nfields = ip,country\n");
        assertThat(ok(home, Map.of(), "8.8.8.8\n", "enrich", "-q").out())
                .isEqualTo("ip,country\n8.8.8.8,United States\n");
        Path de = home(tmp, "db = " + city + "\nfields = ip,country\nlang = de\n");
        assertThat(ok(de, Map.of(), "8.8.8.8\n", "enrich", "-q").out())
                .isEqualTo("ip,country\n8.8.8.8,Vereinigte Staaten\n");
        // the environment beats the file, the command line both
        assertThat(ok(de, Map.of("IPTRIAGE_LANG", "en"), "8.8.8.8\n", "enrich", "-q")
                        .out())
                .isEqualTo("ip,country\n8.8.8.8,United States\n");
        assertThat(ok(de, Map.of("IPTRIAGE_FIELDS", "ip,country_iso"), "8.8.8.8\n", "enrich", "-q")
                        .out())
                .isEqualTo("ip,country_iso\n8.8.8.8,US\n");
        assertThat(ok(
                                de,
                                Map.of("IPTRIAGE_LANG", "en"),
                                "8.8.8.8\n",
                                "enrich",
                                "-q",
                                "--lang",
                                "de",
                                "--fields",
                                "ip,city")
                        .out())
                .isEqualTo("ip,city\n8.8.8.8,Mountain View\n");
        // an empty variable is as good as unset
        assertThat(ok(de, Map.of("IPTRIAGE_LANG", ""), "8.8.8.8\n", "enrich", "-q")
                        .out())
                .contains("Vereinigte Staaten");
        // a [COMMAND] section overrides the top for that command only
        Path section =
                home(tmp, "db = " + city + "\nformat = csv\n[enrich]\nformat = jsonl\n[extract]\nformat = text\n");
        assertThat(ok(section, Map.of(), "8.8.8.8\n", "enrich", "-q", "--fields", "ip")
                        .out())
                .isEqualTo("{\"ip\":\"8.8.8.8\"}\n");
        assertThat(ok(section, Map.of(), "x 8.8.8.8 y\n", "extract", "-q").out())
                .isEqualTo("8.8.8.8\n");
    }

    @Test
    void repeatableValuesComeFromOneLayerWhole(@TempDir Path tmp) throws IOException {
        // two db lines are two databases; relative paths are relative to the file's folder
        Path home = home(tmp, "");
        Files.copy(city, home.resolve("iptriage").resolve("city.mmdb"));
        Files.copy(asn, home.resolve("iptriage").resolve("asn.mmdb"));
        Files.writeString(
                home.resolve("iptriage").resolve("config"),
                "db = city.mmdb\ndb = asn.mmdb\nfields = ip,country_iso,asn\n");
        assertThat(ok(home, Map.of(), "8.8.8.8\n", "enrich", "-q").out())
                .isEqualTo("ip,country_iso,asn\n8.8.8.8,US,15169\n");
        // the environment's list replaces the file's (separated like PATH), the command line's both
        assertThat(ok(home, Map.of("IPTRIAGE_DB", asn.toString()), "8.8.8.8\n", "enrich", "-q")
                        .out())
                .isEqualTo("ip,country_iso,asn\n8.8.8.8,,15169\n");
        assertThat(ok(home, Map.of("IPTRIAGE_DB", asn.toString()), "8.8.8.8\n", "enrich", "-q", "--db", city.toString())
                        .out())
                .isEqualTo("ip,country_iso,asn\n8.8.8.8,US,\n");
        String both = city + java.io.File.pathSeparator + asn;
        assertThat(ok(home, Map.of("IPTRIAGE_DB", both), "8.8.8.8\n", "enrich", "-q")
                        .out())
                .isEqualTo("ip,country_iso,asn\n8.8.8.8,US,15169\n");
        // --db and --db-dir choose the databases together: a layer naming either replaces both of the file's
        Path dbDir = Files.createDirectories(tmp.resolve("only-asn"));
        Files.copy(asn, dbDir.resolve("GeoLite2-ASN.mmdb"));
        assertThat(ok(home, Map.of("IPTRIAGE_DB_DIR", dbDir.toString()), "8.8.8.8\n", "enrich", "-q")
                        .out())
                .isEqualTo("ip,country_iso,asn\n8.8.8.8,,15169\n");
        assertThat(ok(home, Map.of(), "8.8.8.8\n", "enrich", "-q", "--db-dir", dbDir.toString())
                        .out())
                .isEqualTo("ip,country_iso,asn\n8.8.8.8,,15169\n");
    }

    @Test
    void aBooleanComesFromTheFileThenTheEnvironmentThenTheCommandLine(@TempDir Path tmp) throws IOException {
        Path quiet = home(tmp, "db = " + city + "\nquiet = yes\n");
        assertThat(ok(quiet, Map.of(), "8.8.8.8\n", "enrich").err()).isEmpty();
        Cli.Result loud = ok(quiet, Map.of("IPTRIAGE_QUIET", "false"), "8.8.8.8\n", "enrich");
        assertThat(loud.err()).contains("iptriage: database");
        assertThat(ok(quiet, Map.of(), "8.8.8.8\n", "enrich", "--no-quiet").err())
                .contains("iptriage: database");
        assertThat(ok(quiet, Map.of("IPTRIAGE_QUIET", "0"), "8.8.8.8\n", "enrich", "-q")
                        .err())
                .isEmpty();
        // the same output either way: quiet is about stderr
        assertThat(loud.out())
                .isEqualTo(ok(quiet, Map.of(), "8.8.8.8\n", "enrich").out());
    }

    @Test
    void anOnlineSourceComesFromTheFileThenTheEnvironmentThenTheCommandLine(@TempDir Path tmp) throws IOException {
        try (DnsTestWorld world = DnsTestWorld.start()) {
            onlineSource(tmp, world);
        }
    }

    private static void onlineSource(Path tmp, DnsTestWorld world) throws IOException {
        Path home = home(
                tmp,
                "db = " + city + "\nquiet = true\nptr = true\nresolver = " + world.resolver() + "\ncache = "
                        + tmp.resolve("dns.sqlite") + "\n");
        String ip = DnsTestWorld.PTR_CONFIRMED;
        Cli.Result r = ok(home, Map.of(), ip + "\n", "enrich", "--fields", "ip,ptr,fcrdns");
        // ptr_status comes with the PTR columns: an empty ptr alone would not say whether the lookup failed
        assertThat(r.out())
                .startsWith("ip,ptr,fcrdns,ptr_status\n")
                .containsPattern("(?m)^1\\.2\\.3\\.1,[^,]+,true,ok$");
        // off by the environment, on again by the command line; --no-ptr beats the file
        assertThat(ok(home, Map.of("IPTRIAGE_PTR", "false"), ip + "\n", "enrich")
                        .out())
                .doesNotContain("ptr");
        assertThat(ok(home, Map.of("IPTRIAGE_PTR", "false"), ip + "\n", "enrich", "--ptr", "--fields", "ip,ptr,fcrdns")
                        .out())
                .isEqualTo(r.out());
        assertThat(ok(home, Map.of(), ip + "\n", "enrich", "--no-ptr").out()).doesNotContain("ptr");
        // a blocklist named in the file; --no-dnsbl leaves it out
        Path zones =
                Files.writeString(tmp.resolve("zones.txt"), "[" + DnsTestWorld.BL_V4ONLY + "]\n127.0.0.2 = Listed\n");
        Path bl = home(
                tmp,
                "db = " + city + "\nquiet = true\ndnsbl = " + DnsTestWorld.BL_V4ONLY + "\ndnsbl-zones = " + zones
                        + "\nresolver = " + world.resolver() + "\ncache = " + tmp.resolve("dns2.sqlite") + "\n");
        assertThat(ok(bl, Map.of(), ip + "\n", "enrich").out()).contains("dnsbl_status");
        assertThat(ok(bl, Map.of(), ip + "\n", "enrich", "--no-dnsbl").out()).doesNotContain("dnsbl");
        assertThat(run(bl, Map.of(), ip + "\n", "enrich", "--dnsbl", "--no-dnsbl")
                        .code())
                .isEqualTo(2);
    }

    @Test
    void configShowNamesTheSourceOfEachValue(@TempDir Path tmp) throws IOException {
        Path home =
                home(tmp, "# mine\nlang = de # German\n\nfields = \"ip,city\"  # quoted\n[enrich]\nformat = jsonl\n");
        Path file = home.resolve("iptriage").resolve("config");
        Cli.Result r = ok(home, Map.of("IPTRIAGE_FIELDS", "ip,asn"), "", "config", "show", "enrich", "--max-age", "7");
        assertThat(r.out())
                .startsWith("# config file: " + file + "\n")
                .containsPattern("(?m)^lang = de +# " + java.util.regex.Pattern.quote(file + ":2") + "$")
                .containsPattern("(?m)^format = jsonl +# " + java.util.regex.Pattern.quote(file + ":6") + "$")
                .containsPattern("(?m)^fields = ip,asn +# IPTRIAGE_FIELDS$")
                .containsPattern("(?m)^max-age = 7 +# command line$")
                .containsPattern("(?m)^max-errors = 0 +# default$")
                .containsPattern("(?m)^ptr = false +# default$");
        assertThat(ok(home, Map.of(), "", "config", "show", "serve").out())
                .containsPattern("(?m)^fields = ip,city +# " + java.util.regex.Pattern.quote(file + ":4") + "$");
        // every key of enrich, once
        List<String> keys = r.out()
                .lines()
                .filter(l -> l.contains(" = ") || l.matches("[a-z-]+ =.*"))
                .map(l -> l.substring(0, l.indexOf(' ')))
                .toList();
        assertThat(keys)
                .containsExactlyElementsOf(
                        ConfigKey.of("enrich").stream().map(ConfigKey::name).toList());
        // no command: a block per command that takes settings
        Cli.Result all = ok(home, Map.of(), "", "config", "show");
        for (String c : ConfigKey.COMMANDS) {
            assertThat(all.out()).contains("\n[" + c + "]\n");
        }
        assertThat(all.out()).containsPattern("(?m)^format = jsonl +# .*config:6$"); // enrich's
        // a repeatable value names all its lines; a group given on the command line says what it replaced
        Path lists = home(tmp, "list = a.txt\nlist = b.txt\n");
        Cli.Result l = ok(lists, Map.of(), "", "config", "show", "lookup", "--no-lists");
        assertThat(l.out())
                .contains("no-lists = true")
                .containsPattern(
                        "(?m)^list = +# default \\(.*config:1,2 not used: the command line gives --no-lists\\)$");
        assertThat(ok(lists, Map.of(), "", "config", "show", "lists", "list").out())
                .contains("list = " + lists.resolve("iptriage").resolve("a.txt") + ", "
                        + lists.resolve("iptriage").resolve("b.txt"));
        // the file is named by config path, whether there or not
        assertThat(ok(home, Map.of(), "", "config", "path").out()).isEqualTo(file + "\n");
        Cli.Result none = ok(tmp.resolve("nowhere"), Map.of(), "", "config", "path");
        assertThat(none.out())
                .isEqualTo(tmp.resolve("nowhere").resolve("iptriage").resolve("config") + "\n");
        assertThat(none.err()).contains("no file there");
    }

    @Test
    void configShowIsSafeForATerminal(@TempDir Path tmp) throws IOException {
        Path home = home(tmp, "fields = ip\n");
        Cli.Result r =
                ok(home, Map.of(), "", "config", "show", "lookup", "1.2.3.4", "--lang", "de\u001b]0;x\u0007\u009b");
        assertThat(r.out()).doesNotContain("\u001b", "\u009b").contains("lang = de\uFFFD]0;x\uFFFD\uFFFD");
        // such a value is refused in the file and the environment, the error message safe as well
        assertError(
                tmp,
                "lang = de\u202eed\n",
                ":1: lang = de\uFFFDed: expected a value without control or direction characters");
        Cli.Result env = run(home, Map.of("IPTRIAGE_LANG", "\u001b[2J"), "8.8.8.8\n", "enrich");
        assertThat(env.code()).isEqualTo(2);
        assertThat(env.err()).doesNotContain("\u001b").contains("IPTRIAGE_LANG=\uFFFD[2J: expected a value without");
    }

    @Test
    void mistakesNameTheFileTheLineTheValueAndWhatWasExpected(@TempDir Path tmp) throws IOException {
        assertError(tmp, "lang = de\nlangauge = fr\n", ":2: langauge: unknown key; the keys are db, db-dir");
        assertError(tmp, "fileds = ip\n", ":1: fileds: unknown key (did you mean fields?); the keys are db, db-dir");
        assertError(tmp, "db_dirs = x\n", ":1: db_dirs: unknown key (did you mean db-dir?); the keys are");
        assertError(
                tmp,
                "db = x.mmdb\nlicense_key = abc123\n",
                ":2: license_key: secrets stay out of the config file: put the MaxMind license key in GeoIP.conf");
        assertError(tmp, "LicenseKey = abc\n", ":1: LicenseKey: secrets stay out");
        assertError(
                tmp,
                "dqs-key = abc\n",
                ":1: dqs-key: secrets stay out of the config file: give the Spamhaus DQS key in IPTRIAGE_DQS_KEY");
        assertError(tmp, "\nmax-age = soon\n", ":2: max-age = soon: expected a whole number");
        assertError(tmp, "ptr = maybe\n", ":1: ptr = maybe: expected true or false");
        assertError(
                tmp,
                "format = table\n",
                ":1: format = table: expected text, csv or jsonl for extract (a value for one command goes in its [extract] section)");
        assertError(tmp, "[extract]\nformat = table\n", ":2: format = table: expected text, csv or jsonl");
        assertError(tmp, "resolver = dns.example\n", ":1: resolver = dns.example: expected an IP address");
        assertError(tmp, "from = xml\n", ":1: from = xml: expected ");
        assertError(tmp, "[enrich]\ntop = 5\n", ":2: top: not a setting of enrich (it is one of report)");
        assertError(tmp, "[nope]\n", ":1: [nope]: no such command with settings");
        assertError(tmp, "lang de\n", ":1: lang de: expected KEY = VALUE, a [COMMAND] or a # comment");
        assertError(tmp, "lang = de\nlang = fr\n", ":2: lang is set again (line 1): set it once");
        assertError(tmp, "fields =\n", ":1: fields = : expected a value");
        assertError(tmp, "fields = #x\n", ":1: fields = : expected a value");
        assertError(tmp, "fields = \"ip\n", ":1: \"ip: expected a value in double quotes, then at most a # comment");
        // the environment's bad values name the variable
        Cli.Result env = run(home(tmp, ""), Map.of("IPTRIAGE_MAX_AGE", "old"), "8.8.8.8\n", "enrich");
        assertThat(env.code()).isEqualTo(2);
        assertThat(env.err()).contains("iptriage: IPTRIAGE_MAX_AGE=old: expected a whole number");
        Cli.Result fmt = run(home(tmp, ""), Map.of("IPTRIAGE_FORMAT", "json"), "x 8.8.8.8\n", "extract");
        assertThat(fmt.err()).contains("IPTRIAGE_FORMAT=json: expected text, csv or jsonl");
        // a --config file that is not there
        Cli.Result missing = Cli.run(
                "8.8.8.8\n", "enrich", "--config", tmp.resolve("none.conf").toString());
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("none.conf: config file not found (named by --config)");
        Cli.Result named = Cli.run(
                "8.8.8.8\n", Map.of("IPTRIAGE_CONFIG", tmp.resolve("gone").toString()), "enrich");
        assertThat(named.err()).contains("gone: config file not found (named by IPTRIAGE_CONFIG)");
        assertThat(Cli.run("", "enrich", "--config", "x", "--no-config").err())
                .contains("--config and --no-config cannot be used together");
        // a value from the file that the command refuses says where the settings came from
        Cli.Result used = run(home(tmp, "db = " + city + "\nfields = ip,nonsense\n"), Map.of(), "8.8.8.8\n", "enrich");
        assertThat(used.code()).isEqualTo(2);
        assertThat(used.err()).contains("unknown field 'nonsense'", "note: this run had settings from the config file");
    }

    @Test
    void aNegativeMaxAgeIsAUsageErrorWhereverItComesFrom(@TempDir Path tmp) throws IOException {
        assertError(
                tmp,
                "max-age = -5\n",
                ":1: max-age = -5: expected a whole number of days, 0 or more (0 turns the warning off)");
        Cli.Result env = run(home(tmp, ""), Map.of("IPTRIAGE_MAX_AGE", "-1"), "8.8.8.8\n", "enrich");
        assertThat(env.code()).isEqualTo(2);
        assertThat(env.err()).contains("IPTRIAGE_MAX_AGE=-1: expected a whole number of days, 0 or more");
        Cli.Result option =
                run(home(tmp, ""), Map.of(), "8.8.8.8\n", "enrich", "--db", city.toString(), "--max-age", "-5");
        assertThat(option.code()).isEqualTo(2);
        assertThat(option.err()).contains("--max-age", "'-5': expected a whole number of days, 0 or more");
        assertThat(option.out()).isEmpty();
        assertThat(ok(home(tmp, ""), Map.of(), "8.8.8.8\n", "enrich", "--db", city.toString(), "--max-age", "0")
                        .out())
                .contains("8.8.8.8");
    }

    @Test
    void aByteThatIsNotUtf8IsRefusedNamingItsLine(@TempDir Path tmp) throws IOException {
        Path home = home(tmp, "");
        Path file = home.resolve("iptriage").resolve("config");
        Files.write(file, new byte[] {
            'l',
            'a',
            'n',
            'g',
            ' ',
            '=',
            ' ',
            'd',
            'e',
            '\n',
            'f',
            'i',
            'e',
            'l',
            'd',
            's',
            ' ',
            '=',
            ' ',
            'i',
            'p',
            (byte) 0xff,
            '\n'
        });
        Cli.Result r = run(home, Map.of(), "8.8.8.8\n", "enrich", "--db", city.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("iptriage: " + file + ":2: not UTF-8 text; expected a UTF-8 text file");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void aFileEveryUserMayWriteIsRefused(@TempDir Path tmp) throws IOException {
        Path home = home(tmp, "lang = de\n");
        Path file = home.resolve("iptriage").resolve("config");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));
        Cli.Result r = run(home, Map.of(), "8.8.8.8\n", "enrich");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err())
                .contains(file + ": the config file is writable by every user")
                .contains("chmod o-w");
        assertThat(r.out()).isEmpty();
        // --help reads no config file
        assertThat(run(home, Map.of(), "", "enrich", "--help").code()).isZero();
    }

    @Test
    void aFileOfAnotherUserIsReadWithAWarning(@TempDir Path tmp) throws IOException {
        Path home = home(tmp, "db = " + city + "\nfields = ip,country_iso\n");
        Path file = home.resolve("iptriage").resolve("config");
        var users = file.getFileSystem().getUserPrincipalLookupService();
        String me = System.getProperty("user.name");
        String other = me.equals("nobody") ? "root" : "nobody";
        try {
            Files.setOwner(file, users.lookupPrincipalByName(other));
        } catch (IOException | UnsupportedOperationException e) {
            org.junit.jupiter.api.Assumptions.abort("cannot give a file to " + other + ": " + e);
        }
        org.junit.jupiter.api.Assumptions.assumeFalse(other.equals("root"), "root's files are trusted");
        Cli.Result r = ok(home, Map.of(), "8.8.8.8\n", "enrich");
        assertThat(r.err()).contains("iptriage: warning: " + file + " belongs to nobody, not to you (" + me + ")");
        assertThat(r.out()).isEqualTo("ip,country_iso\n8.8.8.8,US\n");
    }

    private static void assertError(Path tmp, String text, String expected) throws IOException {
        Path home = home(tmp, text);
        Cli.Result r = run(home, Map.of(), "8.8.8.8\n", "enrich", "--db", city.toString());
        assertThat(r.code()).as(text).isEqualTo(2);
        assertThat(r.err())
                .as(text)
                .contains("iptriage: " + home.resolve("iptriage").resolve("config") + expected);
        assertThat(r.out()).isEmpty();
        // config show says the same
        assertThat(run(home, Map.of(), "", "config", "show").err()).contains(expected);
    }

    @Test
    void configShowListsTheVariablesItDoesNotRead(@TempDir Path tmp) throws IOException {
        Path home = home(tmp, "lang = de\n");
        Map<String, String> env = Map.of(
                "IPTRIAGE_PRT", "true",
                "IPTRIAGE_TOTALLY_UNKNOWN", "x",
                "IPTRIAGE_JAVA_OPTS", "-Xmx1g",
                "IPTRIAGE_LANG", "fr",
                "IPTRIAGE_DEBUG", "1",
                "IPTRIAGE_Z\u001b]0;x\u0007\nlang = de", "x");
        String out = ok(home, env, "", "config", "show").out();
        assertThat(out.lines().filter(l -> l.startsWith("# ignored: ")))
                .hasSize(3)
                .startsWith(
                        "# ignored: IPTRIAGE_PRT is no iptriage setting (did you mean IPTRIAGE_PTR?)",
                        "# ignored: IPTRIAGE_TOTALLY_UNKNOWN is no iptriage setting");
        // a name cannot drive the terminal or forge a line
        assertThat(out).doesNotContain("\u001b").doesNotContain("\u0007").doesNotContain("\nlang = de");
        assertThat(out).contains("lang = fr");
        // and a run goes on as before: the variable is ignored, not an error
        assertThat(ok(home, env, "8.8.8.8\n", "enrich", "-q", "--db", city.toString())
                        .out())
                .startsWith("ip,status,");
    }

    @Test
    void noConfigLeavesTheFileOut(@TempDir Path tmp) throws IOException {
        Path home = home(tmp, "db = " + city + "\nfields = ip,country\nlang = de\n");
        assertThat(ok(home, Map.of(), "8.8.8.8\n", "enrich", "-q", "--no-config", "--db", city.toString())
                        .out())
                .startsWith("ip,status,asn,");
        assertThat(ok(home, Map.of(), "8.8.8.8\n", "--no-config", "enrich", "-q", "--db", city.toString())
                        .out())
                .startsWith("ip,status,asn,");
        // the environment still applies
        assertThat(ok(
                                home,
                                Map.of("IPTRIAGE_FIELDS", "ip,country"),
                                "8.8.8.8\n",
                                "enrich",
                                "-q",
                                "--no-config",
                                "--db",
                                city.toString())
                        .out())
                .isEqualTo("ip,country\n8.8.8.8,United States\n");
        assertThat(ok(home, Map.of(), "", "config", "show", "--no-config").out())
                .startsWith("# config file: none (--no-config)");
        // a broken file is no problem with --no-config, nor for commands without settings
        Path broken = home(tmp, "bogus = 1\n");
        assertThat(ok(broken, Map.of(), "", "enrich", "--no-config", "--db", city.toString(), "-q")
                        .code())
                .isZero();
        assertThat(ok(broken, Map.of(), "", "db", "verify", city.toString()).code())
                .isZero();
        // --config FILE names another file; before the command too
        Path other = Files.writeString(tmp.resolve("other.conf"), "fields = ip,country_iso\n");
        assertThat(ok(
                                home,
                                Map.of(),
                                "8.8.8.8\n",
                                "enrich",
                                "-q",
                                "--db",
                                city.toString(),
                                "--config",
                                other.toString())
                        .out())
                .isEqualTo("ip,country_iso\n8.8.8.8,US\n");
        assertThat(ok(home, Map.of(), "8.8.8.8\n", "--config=" + other, "enrich", "-q", "--db", city.toString())
                        .out())
                .isEqualTo("ip,country_iso\n8.8.8.8,US\n");
    }

    @Test
    void theArgumentsNameTheFileBeforePicocliParsesThem() {
        assertThat(Config.scan(new String[] {"enrich", "--config", "a"})).isEqualTo(new Config.Flags("a", false));
        assertThat(Config.scan(new String[] {"--config=b", "enrich"})).isEqualTo(new Config.Flags("b", false));
        assertThat(Config.scan(new String[] {"enrich", "--no-config"})).isEqualTo(new Config.Flags(null, true));
        assertThat(Config.scan(new String[] {"enrich", "--", "--config", "a"}))
                .isEqualTo(new Config.Flags(null, false));
        // db update's --config is its GeoIP.conf; the config file goes before the command there
        assertThat(Config.scan(new String[] {"db", "update", "--config", "GeoIP.conf"}))
                .isEqualTo(new Config.Flags(null, false));
        assertThat(Config.scan(new String[] {"--config", "c", "db", "update", "--config", "GeoIP.conf"}))
                .isEqualTo(new Config.Flags("c", false));
        assertThat(Config.scan(new String[] {"config", "show", "db", "update", "--config", "GeoIP.conf"}))
                .isEqualTo(new Config.Flags(null, false));
        assertThat(Config.scan(new String[] {"--config", "c", "config", "show", "db", "update", "--config", "G"}))
                .isEqualTo(new Config.Flags("c", false));
    }

    @Test
    void testsNeverReadTheUsersFile() {
        // Cli.run gives each run HOME=/nonexistent-home unless the test names one: the file is looked for there
        Cli.Result r = Cli.run("", "config", "path");
        assertThat(r.out()).isEqualTo(Path.of("/nonexistent-home", ".config", "iptriage", "config") + "\n");
        assertThat(OnlineCli.runBytes("", "config", "path").outText()).isEqualTo(r.out());
    }

    @Test
    void theUsersRealFileIsFoundOnlyThroughTheEnvironmentGiven() {
        Config.Location l = Config.locate(Map.of("HOME", "/h"), new Config.Flags(null, false));
        assertThat(l.file()).isEqualTo(Path.of("/h/.config/iptriage/config"));
        assertThat(Config.locate(Map.of("HOME", "/h", "XDG_CONFIG_HOME", "/x"), new Config.Flags(null, false))
                        .file())
                .isEqualTo(Path.of("/x/iptriage/config"));
        // a relative XDG_CONFIG_HOME is ignored, as the XDG base directory specification says
        assertThat(Config.locate(Map.of("HOME", "/h", "XDG_CONFIG_HOME", "rel"), new Config.Flags(null, false))
                        .file())
                .isEqualTo(Path.of("/h/.config/iptriage/config"));
        assertThat(Config.locate(Map.of(), new Config.Flags(null, false)).file())
                .isNull();
    }
}
