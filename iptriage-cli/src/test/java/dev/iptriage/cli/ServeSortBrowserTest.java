package dev.iptriage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Download;
import com.microsoft.playwright.Page;
import dev.iptriage.mmdb.MmdbWriter;
import dev.iptriage.testing.Fixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code iptriage serve}'s click-to-sort gives the rows {@code enrich --sort KEY [-r]} gives, for every key in both
 * directions, on an input made to catch the differences: ties, IPv4 and IPv6, networks, zone ids, missing ASNs and
 * countries, accented and lower-case country names, lines that are no address, logs with times. Two ways, one
 * answer: the page's export of its sorted view against the CLI's CSV, byte for byte.
 */
class ServeSortBrowserTest {
    @TempDir
    static Path dir;

    static ServePages pages;

    static final String[] COUNTRIES = {
        "Oman",
        "\u00d6sterreich",
        "Zimbabwe",
        "C\u00f4te d'Ivoire",
        "Cura\u00e7ao",
        "Chile",
        "\u00c5land",
        "oman",
        "Aland"
    };
    static final long[] ASNS = {174, 14618, 9, 3356, 64512, 9};

    @BeforeAll
    static void start() throws Exception {
        MmdbWriter city = MmdbWriter.builder()
                .databaseType("GeoLite2-City")
                .languages(List.of("en"))
                .buildEpoch(Fixtures.BUILT.getEpochSecond())
                .build();
        MmdbWriter asn = MmdbWriter.builder()
                .databaseType("GeoLite2-ASN")
                .languages(List.of("en"))
                .buildEpoch(Fixtures.BUILT.getEpochSecond())
                .build();
        // 1.N.0.0/16 and 2001:db8:N::/48: a country for most N, an ASN for most N (some share one: ties)
        for (int n = 0; n < 12; n++) {
            if (n % 5 != 4) {
                Map<String, Object> rec = country(COUNTRIES[n % COUNTRIES.length]);
                Fixtures.insert(city, "1." + n + ".0.0", 16, rec);
                Fixtures.insert(city, "2001:db8:" + n + "::", 48, rec);
            }
            if (n % 4 != 3) {
                Map<String, Object> as = new LinkedHashMap<>();
                as.put("autonomous_system_number", new MmdbWriter.Uint32(ASNS[n % ASNS.length]));
                as.put("autonomous_system_organization", "AS " + n);
                Fixtures.insert(asn, "1." + n + ".0.0", 16, as);
                Fixtures.insert(asn, "2001:db8:" + n + "::", 48, as);
            }
        }
        pages = new ServePages(
                Fixtures.write(city, dir.resolve("city.mmdb")),
                Fixtures.write(asn, dir.resolve("asn.mmdb")),
                256L << 20);
    }

    private static Map<String, Object> country(String name) {
        Map<String, Object> names = new LinkedHashMap<>();
        names.put("en", name);
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("iso_code", "ZZ");
        c.put("names", names);
        Map<String, Object> rec = new LinkedHashMap<>();
        rec.put("country", c);
        return rec;
    }

    @AfterAll
    static void stop() {
        if (pages != null) {
            pages.close();
        }
    }

    /** Addresses of every kind, some seen more than once, and lines that are none; shuffled. */
    private static List<String> addresses(SplittableRandom rnd) {
        List<String> out = new ArrayList<>(List.of(
                "1.0.0.0",
                "1.0.0.0/16",
                "1.0.0.0/24",
                "fe80::1",
                "fe80::1%eth0",
                "fe80::1%eth1",
                "2001:db8:1::/48",
                "2001:db8:1::",
                "1.2.0.1",
                "1.10.0.1",
                "::ffff:1.2.0.1",
                "::1"));
        while (out.size() < 140) {
            int n = rnd.nextInt(13);
            out.add(
                    rnd.nextInt(3) == 0
                            ? String.format(Locale.ROOT, "2001:db8:%x::%x", n, rnd.nextInt(70000))
                            : "1." + n + "." + rnd.nextInt(3) + "." + rnd.nextInt(256));
        }
        List<String> lines = new ArrayList<>();
        for (String a : out) {
            int times = 1 + (rnd.nextInt(3) == 0 ? rnd.nextInt(4) : 0);
            for (int k = 0; k < times; k++) {
                lines.add(a);
            }
        }
        lines.addAll(List.of("not an address", "999.1.1.1", "zzz", "Zzz", "1.2.3", "not an address"));
        Collections.shuffle(lines, new java.util.Random(rnd.nextLong()));
        return lines;
    }

    @Test
    void everyColumnOfSortInBothDirectionsGivesTheRowsOfSortOnAnAddressList() throws IOException {
        SplittableRandom rnd = new SplittableRandom(20261207);
        Path input = Files.writeString(dir.resolve("list.txt"), String.join("\n", addresses(rnd)) + "\n");
        // the input has what it is made to have: networks, zone ids, lines that are no address, accents, no ASN
        assertThat(pages.enrich(input, "list", "csv"))
                .contains(
                        "\n1.0.0.0/16,",
                        "\nfe80::1%eth0,",
                        "\nnot an address,",
                        "\nZzz,",
                        "\u00d6sterreich",
                        "\u00c5land")
                .containsPattern("\n1\\.3\\.[0-9.]+,ok,,,"); // 1.3.0.0/16 has no ASN
        compare(input, "list", List.of("count", "ip", "asn", "country"));
    }

    @Test
    void timesSortByTimeAsSortDoesOnALog() throws IOException {
        SplittableRandom rnd = new SplittableRandom(7);
        DateTimeFormatter apache = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT);
        Instant t0 = Instant.parse("2026-10-10T00:00:00Z");
        StringBuilder log = new StringBuilder();
        List<String> ips = addresses(rnd).stream()
                .filter(a -> !a.contains("/") && !a.contains("%") && !a.contains(" ") && !a.startsWith("z"))
                .toList();
        for (String ip : ips) {
            // ties: many lines in the same second; offsets other than UTC too
            Instant t = t0.plusSeconds(rnd.nextInt(40) * 60L);
            ZoneOffset z = ZoneOffset.ofHours(rnd.nextInt(-3, 4));
            log.append(ip)
                    .append(" - - [")
                    .append(apache.format(t.atOffset(z)))
                    .append("] \"GET / HTTP/1.1\" 200 12 \"-\" \"x\"\n");
        }
        Path input = Files.writeString(dir.resolve("access.log"), log);
        compare(input, "nginx", List.of("first_seen", "last_seen", "count", "ip"));
    }

    private static void compare(Path input, String from, List<String> keys) {
        Browser.Watch w = new Browser.Watch();
        Page page = pages.open(w);
        page.fill("#text", readString(input));
        page.selectOption("#from", from);
        page.click("#run");
        ServePages.waitDone(page);
        SoftAssertions soft = new SoftAssertions(); // every key and direction that differs, not the first only
        for (String key : keys) {
            for (boolean reversed : List.of(false, true)) {
                String cli = reversed
                        ? pages.enrich(input, from, "csv", "--sort", key, "-r")
                        : pages.enrich(input, from, "csv", "--sort", key);
                ServePages.sort(page, key, !reversed);
                String shown = read(page.waitForDownload(() -> page.click("#export-csv")));
                soft.assertThat(firstCells(shown))
                        .as("--sort %s%s", key, reversed ? " -r" : "")
                        .isEqualTo(firstCells(cli));
                soft.assertThat(shown)
                        .as("--sort %s%s", key, reversed ? " -r" : "")
                        .isEqualTo(cli);
            }
        }
        soft.assertAll();
        pages.assertClean(w);
        page.close();
    }

    /** The ip of each row (the inputs have no quotes or commas). */
    private static List<String> firstCells(String csv) {
        return csv.lines().skip(1).map(l -> l.split(",", -1)[0]).toList();
    }

    private static String readString(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Download d) {
        return readString(d.path());
    }
}
