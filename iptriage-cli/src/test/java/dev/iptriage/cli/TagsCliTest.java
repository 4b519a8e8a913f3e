package dev.iptriage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.iptriage.testing.Fixtures;
import dev.iptriage.testing.SharedData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --list}, the lists folder and the scanner rules as a user runs them: lists from files and folders, bad lines
 * said as {@code FILE:LINE} and skipped, a file that is not a list is exit 3, and the corpus web logs' scanners named
 * as an independent count in this test names them.
 */
class TagsCliTest {
    @TempDir
    Path dir;

    private Path city;
    private Path asn;
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeEach
    void setUp() throws IOException {
        city = Fixtures.city(dir);
        asn = Fixtures.asn(dir);
    }

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text, StandardCharsets.UTF_8);
        return p;
    }

    private Cli.Result enrich(Map<String, String> env, String stdin, String... args) {
        List<String> a = new ArrayList<>(List.of("enrich", "--db", city.toString(), "--db", asn.toString()));
        a.addAll(List.of(args));
        return Cli.run(stdin, env, a.toArray(String[]::new));
    }

    private static List<JsonNode> rows(String jsonl) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String line : jsonl.split("\n")) {
            if (!line.isBlank()) {
                out.add(JSON.readTree(line));
            }
        }
        return out;
    }

    @Test
    void tagsWithNoListsSaysTheyNeedAListNotThatTheFieldIsUnknown() {
        Cli.Result r = enrich(Map.of(), "8.8.8.8\n", "--no-lists", "--fields", "ip,tags");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("field 'tags' needs a list", "--no-lists").doesNotContain("unknown field");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void aListTagsTheAddressesItCoversAndItsBadLinesAreSaidAndSkipped() throws IOException {
        Path watch = write("watch.txt", "# our watchlist\n81.2.69.0/24\nnot an address\n10.0.0.0/8 ; lab\n");
        Cli.Result r = enrich(Map.of(), "81.2.69.160\n10.9.9.9\n8.8.8.8\n", "--list", watch.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out().lines().findFirst().orElseThrow())
                .endsWith(",tags,tag_details,scanner,scanner_category,scanner_evidence");
        assertThat(r.out()).contains("81.2.69.160,").contains("\"[\"\"watch\"\"]\"");
        assertThat(r.err()).contains(watch + ":3: 'not an address'").contains("(line skipped)");
        assertThat(r.err()).contains("lists: 1 list, 2 entries (watch)");

        List<JsonNode> rows = rows(enrich(
                        Map.of(),
                        "81.2.69.160\n10.9.9.9\n8.8.8.8\n",
                        "--list",
                        watch.toString(),
                        "-f",
                        "jsonl",
                        "--fields",
                        "ip,status,tags,tag_details")
                .out());
        assertThat(rows.get(0).get("tag_details").get(0).get("network").asText())
                .isEqualTo("81.2.69.0/24");
        assertThat(rows.get(1).get("status").asText()).isEqualTo("private");
        assertThat(rows.get(1).get("tags").toString())
                .as("private addresses are matched too")
                .isEqualTo("[\"watch\"]");
        assertThat(rows.get(2).get("tags").isNull()).isTrue();
    }

    @Test
    void aFolderGivesEveryListInItButTheUpdatersStateAndKeptCopies() throws IOException {
        write("lists/a.txt", "81.2.69.160\n");
        write("lists/b.netset", "#\n# firehol_level1\n#\n81.2.69.0/24\n");
        write("lists/.state.json", "{\"not\": \"a list\"}\n");
        write("lists/a.txt.previous", "8.8.8.8\n");
        Cli.Result r = enrich(
                Map.of(),
                "81.2.69.160\n8.8.8.8\n",
                "--list",
                dir.resolve("lists").toString(),
                "--fields",
                "ip,tags");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("ip,tags\n81.2.69.160,\"[\"\"a\"\",\"\"b\"\"]\"\n8.8.8.8,\n");
    }

    @Test
    void theListsFolderIsUsedWithoutFlagsAndNoListsTurnsItOff() throws IOException {
        write("xdg/iptriage/lists/mine.txt", "8.8.8.0/24\n");
        Map<String, String> env = Map.of("XDG_DATA_HOME", dir.resolve("xdg").toString());
        Cli.Result r = enrich(env, "8.8.8.8\n", "--fields", "ip,tags");
        assertThat(r.out()).isEqualTo("ip,tags\n8.8.8.8,\"[\"\"mine\"\"]\"\n");

        write("elsewhere/theirs.txt", "8.8.8.8\n");
        Map<String, String> both = new HashMap<>(env);
        both.put("IPTRIAGE_LISTS_DIR", dir.resolve("elsewhere").toString());
        assertThat(enrich(both, "8.8.8.8\n", "--fields", "ip,tags").out())
                .as("IPTRIAGE_LISTS_DIR comes first")
                .isEqualTo("ip,tags\n8.8.8.8,\"[\"\"theirs\"\"]\"\n");

        Cli.Result off = enrich(env, "8.8.8.8\n", "--no-lists");
        assertThat(off.out().lines().findFirst().orElseThrow()).doesNotContain("tags");
        assertThat(enrich(env, "8.8.8.8\n", "--no-lists", "--list", "x.txt").code())
                .isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void aCatalogueListNotCheckedForTwiceItsCadenceIsWarnedOfAndTheUsersOwnNever() throws IOException {
        Path feodo = write("lists/feodo_ipblocklist.csv", "# Feodo\n81.2.69.160\n");
        Path mine = write("lists/mine.txt", "8.8.8.8\n");
        FileTime longAgo = FileTime.from(Cli.NOW.minus(Duration.ofHours(3)));
        Files.setLastModifiedTime(feodo, longAgo);
        Files.setLastModifiedTime(mine, longAgo);
        Cli.Result r =
                enrich(Map.of(), "81.2.69.160\n", "--list", dir.resolve("lists").toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err())
                .contains("warning: list feodo_ipblocklist: last checked 3h")
                .doesNotContain("list mine");
        assertThat(enrich(
                                Map.of(),
                                "81.2.69.160\n",
                                "-q",
                                "--list",
                                dir.resolve("lists").toString())
                        .err())
                .as("even with -q, as a database past --max-age is")
                .isEqualTo("iptriage: warning: list "
                        + r.err()
                                .lines()
                                .filter(l -> l.contains("warning: list feodo_ipblocklist"))
                                .findFirst()
                                .orElseThrow()
                                .substring("iptriage: warning: list ".length())
                        + "\n");
        Files.setLastModifiedTime(feodo, FileTime.from(Cli.NOW.minus(Duration.ofMinutes(20))));
        assertThat(enrich(
                                Map.of(),
                                "81.2.69.160\n",
                                "--list",
                                dir.resolve("lists").toString())
                        .err())
                .doesNotContain("warning: list");
    }

    @Test
    void aSecondRunFromTheCompiledListsCacheIsTheSameAndAChangedListChangesTheAnswer() throws IOException {
        Path cache = dir.resolve("xdg-cache");
        Map<String, String> env = Map.of("XDG_CACHE_HOME", cache.toString());
        Path drop = write("drop.txt", "; Spamhaus DROP\n81.2.69.0/24 ; SBL123\nnot an address\n2001:db8::/32 ; SBL7\n");
        Path watch = write("watch.txt", "10.0.0.0/8\n81.2.69.160\n");
        String stdin = "81.2.69.160\n10.9.9.9\n2001:db8::1\n8.8.8.8\n";
        String[] args = {"--list", drop.toString(), "--list", watch.toString(), "-f", "jsonl"};
        Cli.Result first = enrich(env, stdin, args);
        assertThat(first.code()).as(first.err()).isZero();
        Path lists = cache.resolve("iptriage").resolve("lists");
        try (var files = Files.list(lists)) {
            assertThat(files.map(p -> p.getFileName().toString()).toList())
                    .singleElement()
                    .asString()
                    .endsWith(".bin");
        }
        Cli.Result second = enrich(env, stdin, args);
        assertThat(second.code()).isZero();
        assertThat(second.out()).isEqualTo(first.out());
        // the same messages (the bad line said again), but the summary's rate
        assertThat(withoutRate(second.err())).isEqualTo(withoutRate(first.err()));
        assertThat(second.err()).contains(drop + ":3: 'not an address'");
        assertThat(rows(second.out()).get(0).get("tag_details").toString()).contains("SBL123");

        // the same name and size, another content: another key, another answer
        Files.writeString(drop, "; Spamhaus DROP\n81.2.70.0/24 ; SBL123\nnot an address\n2001:db8::/32 ; SBL7\n");
        Cli.Result changed = enrich(env, stdin, args);
        assertThat(changed.code()).as(changed.err()).isZero();
        assertThat(rows(changed.out()).get(0).get("tags").toString()).isEqualTo("[\"watch\"]");
        assertThat(rows(first.out()).get(0).get("tags").toString()).isEqualTo("[\"drop\",\"watch\"]");

        // a gzip-compressed list is read as the list it holds
        Path gz = dir.resolve("gz").resolve("drop.txt.gz");
        Files.createDirectories(gz.getParent());
        try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(Files.readAllBytes(drop));
        }
        Cli.Result zipped = enrich(env, stdin, "--list", gz.toString(), "--list", watch.toString(), "-f", "jsonl");
        assertThat(zipped.out()).isEqualTo(changed.out());
    }

    private static String withoutRate(String err) {
        return err.replaceAll("in [0-9.]+ s \\([0-9,]+ lines/s\\)", "");
    }

    @Test
    void twoListsOfOneNameAreRefusedNotMixed() throws IOException {
        Path a = write("a/watch.txt", "8.8.8.8\n");
        Path b = write("b/watch.txt", "8.8.4.4\n");
        Cli.Result r = enrich(Map.of(), "8.8.8.8\n", "--list", a.toString(), "--list", b.toString());
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("two lists are named watch (" + a + " and " + b + ")");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void aFileThatIsNotAListOrIsMissingIsExit3BeforeAnyRow() throws IOException {
        Path png = dir.resolve("image.png");
        Files.write(png, new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13});
        Cli.Result r = enrich(Map.of(), "8.8.8.8\n", "--list", png.toString());
        assertThat(r.code()).isEqualTo(ExitCodes.INPUT);
        assertThat(r.err()).contains(png.toString()).contains("expected a text list");
        assertThat(r.out()).isEmpty();

        Cli.Result missing =
                enrich(Map.of(), "8.8.8.8\n", "--list", dir.resolve("nope.txt").toString());
        assertThat(missing.code()).isEqualTo(ExitCodes.INPUT);
        assertThat(missing.err()).contains("no such list file");
    }

    @Test
    void withoutListsTheScannerColumnsAreThereWhenNamed() {
        Cli.Result r = enrich(Map.of(), "162.142.125.9\n8.8.8.8\n", "--fields", "ip,scanner,scanner_evidence");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out())
                .isEqualTo("ip,scanner,scanner_evidence\n162.142.125.9,Censys,\"[\"\"cidr\"\"]\"\n8.8.8.8,,\n");
        assertThat(enrich(Map.of(), "8.8.8.8\n").out()).doesNotContain("scanner");
    }

    @Test
    void lookupShowsTheTags() throws IOException {
        Path watch = write("watch.txt", "162.142.125.0/24\n");
        Cli.Result r = Cli.run("", "lookup", "--db", city.toString(), "--list", watch.toString(), "162.142.125.9");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out())
                .contains("  tags\n")
                .contains("tags              [\"watch\"]")
                .contains("Censys");
    }

    /** A combined-format line: client address, then the request, status, size, referrer and User-Agent. */
    private static final Pattern COMBINED =
            Pattern.compile("^(\\S+) \\S+ \\S+ \\[[^\\]]+\\] \"[^\"]*\" \\d{3} \\S+ \"[^\"]*\" \"([^\"]*)\"");

    @Test
    void theCorpusWebLogsScannersAreNamedAsAnIndependentCountNamesThem() throws IOException {
        Path apache = SharedData.require("corpus/elastic-examples/apache_logs");
        Path nginx = SharedData.require("corpus/elastic-beats/nginx-access/access.log");
        Path feodo = SharedData.require("corpus/blocklists/feodo/ipblocklist-2021-12-20.csv");
        Path rules = write(
                "rules.txt",
                String.join(
                        "\n",
                        "[googlebot-ua]",
                        "name = Googlebot (by User-Agent)",
                        "category = search_crawler",
                        "source = this test",
                        "licence = test",
                        "retrieved = 2026-12-01",
                        "ua_substring = Googlebot",
                        "",
                        "[bing-ua]",
                        "name = Bing (by User-Agent)",
                        "category = search_crawler",
                        "source = this test",
                        "licence = test",
                        "retrieved = 2026-12-01",
                        "ua_substring = bingbot",
                        "ua_substring = msnbot",
                        ""));
        // a watchlist of a few of the log's busiest clients, so tags are checked too
        Path watch = write("watch.txt", "66.249.73.135\n46.105.14.53\n130.237.218.86\n");

        // the independent count: every client address and the User-Agents of its lines
        Map<String, Set<String>> agents = new TreeMap<>();
        for (Path log : List.of(apache, nginx)) {
            for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
                Matcher m = COMBINED.matcher(line);
                if (m.find()) {
                    agents.computeIfAbsent(m.group(1), k -> new HashSet<>()).add(m.group(2));
                }
            }
        }
        Map<String, String> want = new TreeMap<>();
        agents.forEach((ip, uas) -> {
            // the rules file's order decides between two actors: Googlebot's marker comes first
            if (uas.stream().anyMatch(u -> u.contains("Googlebot"))) {
                want.put(ip, "Googlebot (by User-Agent)");
            } else if (uas.stream().anyMatch(u -> u.toLowerCase().contains("bingbot") || u.contains("msnbot"))) {
                want.put(ip, "Bing (by User-Agent)");
            }
        });
        assertThat(want).as("the corpus has crawlers").hasSizeGreaterThan(40);

        Cli.Result r = enrich(
                Map.of(),
                "",
                "--from",
                "nginx",
                "--unique",
                "-f",
                "jsonl",
                "--list",
                feodo.toString(),
                "--list",
                watch.toString(),
                "--scanner-rules",
                rules.toString(),
                "--fields",
                "ip,count,tags,scanner,scanner_evidence",
                apache.toString(),
                nginx.toString());
        assertThat(r.code()).as(r.err()).isZero();
        Map<String, String> got = new TreeMap<>();
        Set<String> tagged = new TreeSet<>();
        for (JsonNode row : rows(r.out())) {
            String ip = row.get("ip").asText();
            if (!row.get("scanner").isNull()) {
                got.put(ip, row.get("scanner").asText());
                assertThat(row.get("scanner_evidence").toString()).isEqualTo("[\"user_agent\"]");
            }
            if (!row.get("tags").isNull()) {
                tagged.add(ip + " " + row.get("tags"));
            }
        }
        assertThat(got).isEqualTo(want);
        Set<String> wantTagged = new TreeSet<>();
        for (String ip : List.of("66.249.73.135", "46.105.14.53", "130.237.218.86")) {
            if (agents.containsKey(ip)) {
                wantTagged.add(ip + " [\"watch\"]");
            }
        }
        assertThat(tagged).as("no corpus client is on the 2021 Feodo list").isEqualTo(wantTagged);
    }
}
