package dev.iptriage.extract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Table-driven checks of refanging and the false-positive rules, independent of ../shared. */
class TextExtractorTest {
    private static final TextExtractor DEFAULT = TextExtractor.of(ExtractOptions.DEFAULTS);

    private static String found(TextExtractor x, String text) {
        return String.join(" ", x.extract(text).stream().map(Found::text).toList());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            1.1.1[.]1                                   | 1.1.1.1
            hxxp://5[.]6[.]7[.]8/x                      | 5.6.7.8
            hXXps[://]9(.)9{.}9<.>9:443                 | 9.9.9.9
            8[dot]8(DOT)4{dot}4                         | 8.8.4.4
            10\\.0\\.0\\.1                              | 10.0.0.1
            2.2.2 . 2                                   | 2.2.2.2
            5[,]6[,]7(,)8                               | 5.6.7.8
            2001[:]db8[::]1                             | 2001:db8::1
            10[[[[.]]]]10[[[.]]10[.10                   | 10.10.10.10
            (192.0.2.1) and [192.0.2.2]                 | 192.0.2.1 192.0.2.2
            mail from jsmith@[IPv6:2001:DB8::1]         | 2001:db8::1
            client [2001:db8::1]:8080 and 192.0.2.3:22  | 2001:db8::1 192.0.2.3
            haproxy 2001:db8::1234:58430                | 2001:db8::1234
            from ::ffff:198.51.100.7 port 22            | 198.51.100.7
            link fe80::1%eth0 up                        | fe80::1%eth0
            net 10.0.0.0/8, host ::1.                   | 10.0.0.0 ::1
            end of sentence 203.0.113.9.                | 203.0.113.9
            wcp.dll version 0.0.0.6 called              | ``
            Stack v6.1.7601.2 and ~~6.1.1.0             | ``
            oid=1.3.6.1.4.1 and 2.5.4.3.1               | ``
            1.1.1.1.1 and .1.2.3.4 and 1.2.3            | ``
            rhost=5.36.59.76.dynamic-dsl.example.om     | ``
            bssid 5c:50:15:4c:18:13 at 11:04:10         | ``
            std::string a; Foo::Bar; ::                 | ``
            256.1.1.1 010.1.1.1 1.2.3.4444              | ``
            0f:e9:73:75:20:22:a6:06:ad:f2:a3:6e:34:5d   | ``
            UA: Mozilla/5.0 (X11) Chrome/120.0.0.0 Safari/537.36 | ``
            Edg/120.0.2210.91 "chrome/1.2.3.4" (Opera;OPR/106.0.0.0)   | ``
            Mozilla/5.0 (KHTML) Version/17.1.2.0 EdgiOS/120.0.2210.1 YaBrowser/23.11.0.2 | ``
            alice/203.0.113.5:51234 MULTI: Learn: 10.8.0.6 -> alice/203.0.113.5:51234 | 203.0.113.5 10.8.0.6 203.0.113.5
            UNDEF/198.51.100.7:1194 TLS: Initial packet from [AF_INET]198.51.100.7:1194 | 198.51.100.7 198.51.100.7
            1701937200.123 45 10.0.0.9 TCP_MISS/200 512 GET http://example.com/ - HIER_DIRECT/93.184.216.34 text/html | 10.0.0.9 93.184.216.34
            ORIGINAL_DST/192.0.2.10 FIRSTUP_PARENT/192.0.2.11 "agent/1.2.3.4" proxy/Chrome/5.6.7.8 | 192.0.2.10 192.0.2.11 5.6.7.8
            Skype/8.110.0.211 WhatsApp/2.23.20.0 A iTunes/12.12.9.4 (Windows) LinkedInApp/9.29.4.2 | ``
            bob/203.0.113.9:1194 peer-info, HIER_NONE/198.51.100.9 | 203.0.113.9 198.51.100.9
            http://1.2.3.4/x GET /5.6.7.8 /a/b/9.9.9.9            | 1.2.3.4 5.6.7.8 9.9.9.9
            src=10.0.0.0/1.2.3.4 example.com/8.8.8.8 x:/7.7.7.7   | 10.0.0.0 1.2.3.4 8.8.8.8 7.7.7.7
            src=1.2.3.4/32 and 2001:db8::1/64                     | 1.2.3.4 2001:db8::1
            """)
    void extractsAndRejects(String text, String expected) {
        assertThat(found(DEFAULT, text)).isEqualTo(expected);
    }

    /**
     * Defanged IPv6: the defang brackets of {@code .} around {@code :} as well, also beside a plain or
     * another defanged colon ({@code ::}), at the start or the end of the address, with an embedded
     * IPv4 part, a port, brackets around the address and a zone id; and text that must stay text.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            2001:db8[:]:1                               | 2001:db8::1
            2001[:]4860[:]4860[:][:]8888                | 2001:4860:4860::8888
            C2 at 2001[:]db8[:][:]7                     | 2001:db8::7
            2001:db8:[:]2 and 2001[:]db8[:]:3           | 2001:db8::2 2001:db8::3
            2001[:]db8[::]1 and 2001[[:]]db8[[::]]2     | 2001:db8::1 2001:db8::2
            [:][:]1 and beacon [::]2 and at :[:]3       | ::1 ::2 ::3
            fe80[:][:]1 and net 2001[:]db8[:][:] here   | fe80::1 2001:db8::
            2001(:)db8{:}{:}1 2001<:>db8(::)2           | 2001:db8::1 2001:db8::2
            2001\\:db8\\:\\:1 and 2001[:)db8(::]3         | 2001:db8::1 2001:db8::3
            ::ffff[:]1[.]2[.]3[.]4                      | 1.2.3.4
            [:][:]ffff[:]198(.)51(.)100(.)7             | 198.51.100.7
            64[:]ff9b[:][:]192[dot]0[.]2[.]33           | 64:ff9b::c000:221
            [2001[:]db8[:][:]1]:443 [2001[:]db8[:][:]]:80 | 2001:db8::1 2001:db8::
            (2001[:]db8[:][:]1) <[:][:]2> {fe80[:][:]}  | 2001:db8::1 ::2 fe80::
            hxxp[:]//[2001[:]db8[:][:]1]:8080/x         | 2001:db8::1
            link fe80[:][:]1%eth0 up, [fe80[:][:]2%en0]:22 | fe80::1%eth0 fe80::2%en0
            jsmith@[IPv6[:]2001[:]db8[:][:]1]           | 2001:db8::1
            haproxy 2001[:]db8[:][:]1[:]58430           | 2001:db8::1
            a[:]b x[:] y[::] z[1:] w[:-1] v[(:)]        | ``
            std[::]vector and Foo[::]Bar                | ``
            at 10[:]30[:]00 and 23[:]59[:]59[.]123      | ``
            listen [::]:80; [::] ( :: ) [:] [:][:] (:)  | ``
            """)
    void defangedIpv6(String text, String expected) {
        assertThat(found(DEFAULT, text)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            refang off | 1.1.1[.]1 9.9.9.9 | 9.9.9.9
            leading zeros | 010.001.1.1 0001.1.1.1 | 10.1.1.1
            dotted port | 1.2.3.4.50550 0.0.0.0.1080 | 1.2.3.4 0.0.0.0
            keep mapped | ::ffff:1.2.3.4 | ::ffff:1.2.3.4
            """)
    void optionsChangeThePolicy(String option, String text, String expected) {
        ExtractOptions o = switch (option) {
            case "refang off" -> new ExtractOptions(false, false, false, false);
            case "leading zeros" -> new ExtractOptions(true, true, false, false);
            case "dotted port" -> new ExtractOptions(true, false, true, false);
            default -> new ExtractOptions(true, false, false, true);
        };
        assertThat(found(TextExtractor.of(o), text)).isEqualTo(expected);
        assertThat(found(DEFAULT, text)).isNotEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "'[', 200000",
        "'[:', 200000",
        "'a[:]', 200000",
        "'.1', 200000",
        "'1:', 200000",
        "'1[.', 200000",
        "' . 1', 100000"
    })
    void hostileRepetitionStaysLinear(String unit, int times) {
        // a quadratic scan would take minutes on these; a linear one finishes at once
        List<Found> f = DEFAULT.extract(unit.repeat(times));
        assertThat(f).hasSizeLessThan(times);
    }
}
