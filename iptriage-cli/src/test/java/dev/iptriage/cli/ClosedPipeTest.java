package dev.iptriage.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.iptriage.mmdb.MmdbWriter;
import dev.iptriage.testing.Fixtures;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code iptriage ... | head -2}: a real process whose stdout is read for two lines and then closed
 * must stop promptly, quietly, with exit 0, for every command that writes to stdout; the commands that
 * read stdin get an endless one (or, where nothing can be written before the input ends, as with
 * {@code --unique}, a large one). A failing stdout that is a file or device is an output error (exit 4).
 */
class ClosedPipeTest {
    @TempDir
    static Path dir;

    static String city;
    static String big;

    /** 200,000 distinct addresses (2.8 MB): with --unique, megabytes of output after the whole input. */
    static byte[] distinct;

    @BeforeAll
    static void setUp() throws Exception {
        city = Fixtures.city(dir).toString();
        MmdbWriter w = MmdbWriter.builder()
                .databaseType("Big-Test")
                .buildEpoch(Fixtures.BUILT.getEpochSecond())
                .build();
        for (int i = 0; i < 20_000; i++) { // 20,000 networks: an export of about 900 KB
            Fixtures.insert(w, "11." + (i >> 8) + "." + (i & 255) + ".0", 24, Map.of("site", "site-" + i));
        }
        big = Fixtures.write(w, dir.resolve("big.mmdb")).toString();
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 200_000; i++) {
            b.append(i % 2 == 0 ? "8." : "81.")
                    .append((i >> 16) & 255)
                    .append('.')
                    .append((i >> 8) & 255)
                    .append('.')
                    .append(i & 255)
                    .append('\n');
        }
        distinct = b.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static final LongFunction<byte[]> ENDLESS_LIST =
            i -> "8.8.8.8\n".repeat(8192).getBytes();
    private static final LongFunction<byte[]> ENDLESS_CSV =
            i -> (i == 0 ? "ip,note\n" : "").concat("8.8.8.8,x\n".repeat(8192)).getBytes();
    private static final LongFunction<byte[]> DISTINCT = i -> i == 0 ? distinct : null;
    private static final LongFunction<byte[]> NOTHING = i -> null;

    static Stream<Arguments> commands() {
        return Stream.of(
                Arguments.of("enrich -", ENDLESS_LIST),
                Arguments.of("enrich -f jsonl -", ENDLESS_LIST),
                Arguments.of("enrich -f json -", ENDLESS_LIST),
                Arguments.of("enrich -f table -", ENDLESS_LIST),
                Arguments.of("enrich --from text -", ENDLESS_LIST),
                Arguments.of("enrich --from csv:ip -", ENDLESS_CSV),
                Arguments.of("enrich --from csv:ip --keep-columns -", ENDLESS_CSV),
                Arguments.of("enrich --from csv:ip --keep-columns -f jsonl -", ENDLESS_CSV),
                Arguments.of("enrich --unique -", DISTINCT),
                Arguments.of("enrich --unique --from text -", DISTINCT),
                Arguments.of("extract -", ENDLESS_LIST),
                Arguments.of("extract -f csv -", ENDLESS_LIST),
                Arguments.of("extract -f jsonl --threads 0 -", ENDLESS_LIST),
                Arguments.of("extract --unique -", DISTINCT),
                Arguments.of("extract --count -f jsonl -", DISTINCT),
                Arguments.of("lookup 3000-ADDRESSES", NOTHING),
                Arguments.of("db export BIG", NOTHING),
                Arguments.of("db export -f jsonl BIG", NOTHING),
                Arguments.of("fields", NOTHING),
                Arguments.of("--help", NOTHING));
    }

    /**
     * The arguments, with the fixture databases (BIG: the big one) and no messages but errors where the
     * command has an option for it.
     */
    private static String[] args(String command) {
        List<String> a = new ArrayList<>(Arrays.asList(command.split(" ")));
        a.replaceAll(s -> s.equals("BIG") ? big : s);
        if (a.remove("3000-ADDRESSES")) {
            for (int i = 0; i < 3000; i++) {
                a.add("8.8." + (i >> 8) + "." + (i & 255));
            }
        }
        if (a.get(0).equals("enrich") || a.get(0).equals("lookup")) {
            a.addAll(1, List.of("--db", city, "--max-age", "0"));
        }
        if (a.get(0).equals("enrich") || a.get(0).equals("extract")) {
            a.add(1, "-q");
        }
        return a.toArray(String[]::new);
    }

    @ParameterizedTest(name = "iptriage {0} | head -2")
    @MethodSource("commands")
    void aReaderThatStopsEndsTheRunAtOnceQuietlyWithExit0(
            String command, LongFunction<byte[]> stdin, @TempDir Path home) throws Exception {
        String shown = command.length() > 60 ? command.substring(0, 60) + "..." : command;
        Process p = RealProcess.builder(home, args(command)).start();
        RealProcess.feed(p, stdin);
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        assertThat(out.readLine()).as(shown).isNotNull();
        assertThat(out.readLine()).as(shown).isNotNull();
        out.close(); // as head -2 does

        Integer code = RealProcess.waitFor(p);
        assertThat(code)
                .as("%s: still running %d s after its reader went away", shown, RealProcess.TIMEOUT_SECONDS)
                .isNotNull();
        String err = RealProcess.stderr(home);
        assertThat(code).as("%s: exit code; stderr: %s", shown, err).isZero();
        // lookup has no --quiet: it names its databases first, as in any run; nothing else
        assertThat(err.lines().filter(l -> !l.startsWith("iptriage: database ")))
                .as(shown)
                .isEmpty();
    }

    static Stream<Arguments> fullDevice() {
        return Stream.of(
                Arguments.of("enrich -", DISTINCT),
                Arguments.of("enrich --from text -", DISTINCT),
                Arguments.of("extract -", DISTINCT),
                Arguments.of("db export BIG", NOTHING),
                Arguments.of("fields", NOTHING));
    }

    @ParameterizedTest(name = "iptriage {0} > /dev/full")
    @MethodSource("fullDevice")
    void aFullDeviceIsAnOutputErrorWithExit4(String command, LongFunction<byte[]> stdin, @TempDir Path home)
            throws Exception {
        assumeTrue(RealProcess.devFull().exists(), "no /dev/full here");
        Process p = RealProcess.builder(home, args(command))
                .redirectOutput(RealProcess.devFull())
                .start();
        RealProcess.feed(p, stdin);
        Integer code = RealProcess.waitFor(p);
        String err = RealProcess.stderr(home);
        assertThat(code).as("%s: exit code; stderr: %s", command, err).isEqualTo(ExitCodes.OUTPUT);
        assertThat(err).contains("iptriage: standard output: ", "the output is incomplete");
    }
}
