package dev.iptriage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iptriage.databases.BuiltinDatabases;
import dev.iptriage.databases.Database;
import dev.iptriage.engine.Enricher;
import dev.iptriage.engine.Enrichment;
import dev.iptriage.ip.Cidr;
import dev.iptriage.ip.IpAddress;
import dev.iptriage.ip.IpLiteral;
import dev.iptriage.mmdb.MmdbReader;
import dev.iptriage.model.Column;
import dev.iptriage.model.Field;
import dev.iptriage.model.Status;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link IpTriage} against the engine it wraps: for thousands of random and edge inputs (IPv4,
 * IPv6, IPv4-mapped, private, reserved, damaged records, custom values of odd types, text that is
 * not an address), every typed part, the status, the network and {@code value(column)} of every
 * column agree with {@link Enricher#lookup} on the same files; a miss's network agrees with single
 * tree walks and holds no record of any database; batches, streams and {@link InetAddress} inputs
 * give the same answers as one text at a time.
 */
class IpTriagePropertyTest {
    @TempDir
    static Path dir;

    static List<Path> files;
    static IpTriage triage;
    static IpTriage german;
    static IpTriage embedded;

    @BeforeAll
    static void open() throws Exception {
        files = LibraryFixtures.all(dir);
        triage = IpTriage.builder().databases(files).columns("all,raw").build();
        german = IpTriage.builder().databases(files).language("de").build();
        embedded = IpTriage.builder().build();
    }

    @AfterAll
    static void close() {
        triage.close();
        german.close();
        embedded.close();
    }

    /** Random inputs around the fixtures' networks and everywhere else, plus fixed edge cases. */
    static List<String> inputs(long seed, int n) {
        SplittableRandom r = new SplittableRandom(seed);
        List<String> out = new ArrayList<>(List.of(
                "8.8.8.8",
                "8.8.4.4",
                "81.2.69.160",
                "2001:4860:4860::8888",
                "::ffff:8.8.8.8",
                "::ffff:10.20.1.1",
                "10.1.2.3",
                "10.20.30.40",
                "45.6.7.8",
                "45.1.2.3",
                "5.5.5.5",
                "9.9.9.9",
                "1.2.3.4",
                "1.2.4.4",
                "1.2.5.5",
                "203.0.113.7",
                "2.2.2.2",
                "1.1.1.1",
                "11.1.1.1",
                "192.168.1.1",
                "100.64.0.1",
                "127.0.0.1",
                "0.0.0.0",
                "255.255.255.255",
                "198.51.100.7",
                "240.0.0.1",
                "224.0.0.1",
                "::",
                "::1",
                "fe80::1%eth0",
                "fc00::1",
                "2001:db8::1",
                "ff02::1",
                "  8.8.8.8\t",
                "8.8.8.8:53",
                "[2001:4860::1]:443",
                "2001:4860:0:0:0:0:0:1",
                "2001:4860::ABCD",
                "",
                " ",
                "1.2.3",
                "256.1.1.1",
                "010.1.1.1",
                "8.8.8.8/24",
                "2001:db8::/32",
                "1.2.3.4.5",
                "::g",
                "hello",
                "8.8.8.8 9.9.9.9",
                "\u0000",
                "\u0661.\u0662.\u0663.\u0664",
                "x".repeat(10_000)));
        String[] v4Nets = {
            "8.8.8.",
            "8.8.",
            "81.2.69.",
            "81.2.",
            "203.0.113.",
            "2.2.",
            "1.1.1.",
            "1.2.3.",
            "1.2.4.",
            "1.2.5.",
            "10.",
            "10.20.",
            "45.",
            "45.1.",
            "5.5.5.",
            "9.9.9.",
            "192.168.",
            "198.51.100."
        };
        while (out.size() < n) {
            String a = switch (r.nextInt(8)) {
                case 0 -> v4(r);
                case 1 -> {
                    String p = v4Nets[r.nextInt(v4Nets.length)];
                    StringBuilder sb = new StringBuilder(p);
                    for (int dots = (int) p.chars().filter(c -> c == '.').count(); dots < 4; dots++) {
                        sb.append(r.nextInt(256)).append(dots < 3 ? "." : "");
                    }
                    yield sb.toString();
                }
                case 2 ->
                    IpAddress.ofV6(0x2001_4860_0000_0000L | r.nextLong(1L << 32), r.nextLong())
                            .toString();
                case 3 -> IpAddress.ofV6(r.nextLong(), r.nextLong()).toString();
                case 4 -> "::ffff:" + v4(r);
                case 5 -> r.nextBoolean() ? v4(r) + ":" + r.nextInt(65536) : "[" + v4(r) + "]";
                case 6 -> garbage(r);
                default -> IpAddress.ofV6(0xfe80_0000_0000_0000L, r.nextLong()) + "%" + r.nextInt(10);
            };
            out.add(a);
        }
        return out;
    }

    private static String v4(SplittableRandom r) {
        return IpAddress.ofV4(r.nextInt()).toString();
    }

    private static String garbage(SplittableRandom r) {
        String alphabet = "0123456789abcdef:.[]/% x";
        StringBuilder sb = new StringBuilder();
        for (int i = r.nextInt(1, 20); i > 0; i--) {
            sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    @Test
    void everyPartAndColumnAgreesWithTheEngine() throws Exception {
        checkFilesAgainstEngine(triage, files, "en", inputs(20261207, 3000));
    }

    @Test
    void placeNamesInAnotherLanguageAgreeWithTheEngine() throws Exception {
        checkFilesAgainstEngine(german, files, "de", inputs(7, 500));
        IpInfo us = german.lookup("8.8.8.8");
        assertThat(us.location().flatMap(IpInfo.Location::country)).contains("Vereinigte Staaten");
        assertThat(german.lookup("9.9.9.9").location().flatMap(IpInfo.Location::country))
                .contains("Schweiz");
    }

    @Test
    void theEmbeddedDataAgreesWithTheEngine() throws Exception {
        List<Database> dbs = BuiltinDatabases.open();
        assertThat(embedded.databases())
                .isEqualTo(dbs.stream().map(Database::origin).toList());
        assertThat(embedded.attributions()).isNotEmpty();
        checkAgainstEngine(embedded, dbs, "en", inputs(11, 1000));
    }

    private static void checkFilesAgainstEngine(IpTriage t, List<Path> paths, String lang, List<String> texts)
            throws Exception {
        List<Database> dbs = new ArrayList<>();
        for (Path p : paths) {
            dbs.add(Database.open(p));
        }
        checkAgainstEngine(t, dbs, lang, texts);
    }

    private static void checkAgainstEngine(IpTriage t, List<Database> dbs, String lang, List<String> texts) {
        Enricher e = Enricher.builder()
                .databases(dbs)
                .columns(t.columns())
                .language(lang)
                .build();
        SoftAssertions soft = new SoftAssertions();
        List<IpInfo> batch = t.lookupAll(texts);
        assertThat(batch).hasSameSizeAs(texts);
        int[] seen = new int[Status.values().length];
        for (int i = 0; i < texts.size(); i++) {
            String text = texts.get(i);
            IpInfo got = t.lookup(text);
            seen[got.status().ordinal()]++;
            String as = "'" + (text.length() > 40 ? text.substring(0, 40) + "..." : text) + "'";
            soft.assertThat(batch.get(i)).as(as + " batch").isEqualTo(got);
            soft.assertThat(got.input()).as(as).isEqualTo(text);
            agree(soft, as, t, e, dbs, text, got);
        }
        soft.assertAll();
        if (t == triage) { // the inputs reach every status
            assertThat(seen).as("statuses seen").doesNotContain(0);
        }
    }

    private static void agree(
            SoftAssertions soft, String as, IpTriage t, Enricher e, List<Database> dbs, String text, IpInfo got) {
        IpLiteral.Parsed p = IpLiteral.parse(text);
        if (!p.ok() || p.isNetwork()) {
            soft.assertThat(got.status()).as(as).isEqualTo(Status.INVALID);
            soft.assertThat(got.reason()).as(as).isPresent();
            soft.assertThat(got.statusText()).as(as).isEqualTo("invalid");
            soft.assertThat(got.address()).as(as).isEmpty();
            soft.assertThat(got.network()).as(as).isEmpty();
            soft.assertThat(got.location()).as(as).isEmpty();
            soft.assertThat(got.autonomousSystem()).as(as).isEmpty();
            soft.assertThat(got.isp()).as(as).isEmpty();
            soft.assertThat(got.anonymity()).as(as).isEmpty();
            for (Column c : t.columns()) {
                Object want = c.field() == Field.IP ? text : c.field() == Field.STATUS ? "invalid" : null;
                soft.assertThat(got.value(c)).as(as + " " + c.name()).isEqualTo(Optional.ofNullable(want));
            }
            return;
        }
        Enrichment r = e.lookup(p.address());
        soft.assertThat(got.address()).as(as).contains(p.address());
        soft.assertThat(got.status()).as(as).isEqualTo(r.status());
        soft.assertThat(got.reason()).as(as).isEqualTo(Optional.ofNullable(r.error()));
        soft.assertThat(got.statusText()).as(as).isEqualTo(r.statusText());
        if (r.network() != null) {
            soft.assertThat(got.network()).as(as).contains(r.network());
        } else if (r.status() == Status.ERROR) {
            soft.assertThat(got.network()).as(as).isEmpty();
        } else {
            missNetwork(soft, as, dbs, p.address().unmap(), got.network());
        }
        List<Column> cols = t.columns();
        for (int i = 0; i < cols.size(); i++) {
            Column c = cols.get(i);
            Object want = c.field() == Field.IP
                    ? p.address().toString()
                    : c.field() == Field.STATUS ? r.statusText() : r.values()[i];
            soft.assertThat(got.value(c)).as(as + " " + c.name()).isEqualTo(Optional.ofNullable(want));
            soft.assertThat(got.value(c.name().toUpperCase(java.util.Locale.ROOT)))
                    .as(as + " " + c.name())
                    .isEqualTo(Optional.ofNullable(want));
            soft.assertThat(got.values().get(c.name())).as(as + " " + c.name()).isEqualTo(want);
        }
        parts(soft, as, got, f -> r.values()[cols.indexOf(Column.of(f))]);
    }

    /** The typed parts against the engine's values, converted here on their own. */
    private static void parts(
            SoftAssertions soft, String as, IpInfo got, java.util.function.Function<Field, Object> v) {
        Optional<IpInfo.Location> loc = Optional.of(new IpInfo.Location(
                        text(v.apply(Field.COUNTRY_ISO)),
                        text(v.apply(Field.COUNTRY)),
                        text(v.apply(Field.CITY)),
                        text(v.apply(Field.SUBDIVISION)),
                        text(v.apply(Field.POSTAL_CODE)),
                        decimal(v.apply(Field.LATITUDE)),
                        decimal(v.apply(Field.LONGITUDE)),
                        whole(v.apply(Field.ACCURACY_RADIUS)),
                        text(v.apply(Field.TIME_ZONE))))
                .filter(l -> !l.equals(new IpInfo.Location(
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        OptionalDouble.empty(),
                        OptionalDouble.empty(),
                        OptionalInt.empty(),
                        Optional.empty())));
        soft.assertThat(got.location()).as(as + " location").isEqualTo(loc);
        Long asn = asNumber(v.apply(Field.ASN));
        soft.assertThat(got.autonomousSystem())
                .as(as + " AS")
                .isEqualTo(Optional.ofNullable(asn)
                        .map(n -> new IpInfo.AutonomousSystem(n, text(v.apply(Field.AS_ORG)))));
        IpInfo.Isp isp = new IpInfo.Isp(
                text(v.apply(Field.ISP)),
                text(v.apply(Field.ORGANIZATION)),
                text(v.apply(Field.CONNECTION_TYPE)),
                text(v.apply(Field.USER_TYPE)),
                text(v.apply(Field.DOMAIN)));
        boolean anyIsp = Stream.of(isp.isp(), isp.organization(), isp.connectionType(), isp.userType(), isp.domain())
                .anyMatch(Optional::isPresent);
        soft.assertThat(got.isp()).as(as + " isp").isEqualTo(anyIsp ? Optional.of(isp) : Optional.empty());
        List<Field> flags = List.of(
                Field.IS_ANONYMOUS,
                Field.IS_ANONYMOUS_VPN,
                Field.IS_HOSTING_PROVIDER,
                Field.IS_PUBLIC_PROXY,
                Field.IS_RESIDENTIAL_PROXY,
                Field.IS_TOR_EXIT_NODE);
        List<Boolean> f = flags.stream().map(x -> flag(v.apply(x))).toList();
        Optional<IpInfo.Anonymity> anon = f.stream().allMatch(x -> x == null)
                ? Optional.empty()
                : Optional.of(new IpInfo.Anonymity(
                        Boolean.TRUE.equals(f.get(0)),
                        Boolean.TRUE.equals(f.get(1)),
                        Boolean.TRUE.equals(f.get(2)),
                        Boolean.TRUE.equals(f.get(3)),
                        Boolean.TRUE.equals(f.get(4)),
                        Boolean.TRUE.equals(f.get(5))));
        soft.assertThat(got.anonymity()).as(as + " anonymity").isEqualTo(anon);
    }

    /**
     * A miss's network: what single tree walks say (the longest empty network of any database
     * around the address); it holds the address, and no database has its first or last address.
     */
    private static void missNetwork(
            SoftAssertions soft, String as, List<Database> dbs, IpAddress a, Optional<Cidr> got) {
        int best = 0;
        for (Database db : dbs) {
            long res = find(db.reader(), a);
            soft.assertThat(MmdbReader.found(res))
                    .as(as + " found in " + db.origin())
                    .isFalse();
            best = Math.max(best, MmdbReader.prefix(res));
        }
        Optional<Cidr> want = best == 0 ? Optional.empty() : Optional.of(Cidr.of(a, best));
        soft.assertThat(got).as(as + " miss network").isEqualTo(want);
        got.ifPresent(n -> {
            soft.assertThat(n.contains(a)).as(as).isTrue();
            for (Database db : dbs) {
                soft.assertThat(MmdbReader.found(find(db.reader(), n.first())))
                        .as(as + " first of " + n)
                        .isFalse();
                soft.assertThat(MmdbReader.found(find(db.reader(), n.last())))
                        .as(as + " last of " + n)
                        .isFalse();
            }
        });
    }

    private static long find(MmdbReader r, IpAddress a) {
        try {
            return r.find(a.hi(), a.lo(), a.isV4());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static Optional<String> text(Object v) {
        return v instanceof String || v instanceof Number || v instanceof Boolean
                ? Optional.of(String.valueOf(v))
                : Optional.empty();
    }

    private static BigDecimal number(Object v) {
        try {
            if (v instanceof Number n) {
                return new BigDecimal(n.toString());
            }
            return v instanceof String s ? new BigDecimal(s.strip()) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static OptionalDouble decimal(Object v) {
        BigDecimal d = number(v);
        return d == null ? OptionalDouble.empty() : OptionalDouble.of(d.doubleValue());
    }

    private static OptionalInt whole(Object v) {
        BigDecimal d = number(v);
        try {
            return d == null ? OptionalInt.empty() : OptionalInt.of(d.intValueExact());
        } catch (ArithmeticException e) {
            return OptionalInt.empty();
        }
    }

    private static Long asNumber(Object v) {
        Object x = v instanceof String s && s.regionMatches(true, 0, "AS", 0, 2) ? s.substring(2) : v;
        BigDecimal d = number(x);
        try {
            BigInteger n = d == null ? null : d.toBigIntegerExact();
            return n != null && n.signum() >= 0 && n.bitLength() <= 32 ? n.longValue() : null;
        } catch (ArithmeticException e) {
            return null;
        }
    }

    private static Boolean flag(Object v) {
        return switch (String.valueOf(v)) {
            case "true", "1" -> true;
            case "false", "0" -> false;
            default -> null;
        };
    }

    @Test
    void inetAddressesGiveTheAnswersOfTheirText() {
        List<InetAddress> addresses = new ArrayList<>();
        for (String s : inputs(3, 600)) {
            IpLiteral.Parsed p = IpLiteral.parse(s);
            if (p.ok() && !p.isNetwork()) {
                addresses.add(p.address().toInetAddress());
            }
        }
        List<IpInfo> batch = triage.lookupAllAddresses(addresses);
        for (int i = 0; i < addresses.size(); i++) {
            InetAddress a = addresses.get(i);
            IpInfo one = triage.lookup(a);
            IpAddress bits = IpAddress.ofBytes(a.getAddress());
            IpInfo byText = triage.lookup(bits.toString());
            assertThat(batch.get(i)).isEqualTo(one);
            assertThat(one).isEqualTo(byText); // the input is the canonical text
            assertThat(one.address()).contains(bits);
        }
    }

    @Test
    void aStreamKeepsTheOrderAndAnswersAsTheBatch() {
        List<String> texts = inputs(5, 5 * IpTriage.BATCH + 17);
        List<IpInfo> streamed;
        try (Stream<IpInfo> s = triage.lookupAll(texts.stream())) {
            streamed = s.toList();
        }
        assertThat(streamed).isEqualTo(triage.lookupAll(texts));
        assertThat(streamed).extracting(IpInfo::input).isEqualTo(texts);
    }
}
