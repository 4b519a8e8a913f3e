package dev.iptriage.testing;

import dev.iptriage.mmdb.MmdbWriter;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Text that tries to drive a terminal (window title rewrite, screen clear, reset, NUL, bell, C1 CSI,
 * DEL, a right-to-left override), databases whose strings carry it, and the check that output
 * carries none of it raw.
 */
public final class HostileText {
    /** Each payload alone: OSC title, clear screen, reset, NUL, BEL, C1 CSI (U+009B), DEL, RLO. */
    public static final List<String> PAYLOADS =
            List.of("\u001b]0;pwned\u0007", "\u001b[2J", "\u001bc", "\u0000", "\u0007", "\u009b2J", "\u007f", "\u202e");

    /** All payloads in one string, between letters (so a cell is not only control characters). */
    public static final String ALL = "a" + String.join("b", PAYLOADS) + "z";

    /** Characters for random text: the payloads' characters, the ones output keeps, and plain text. */
    public static final String ALPHABET = "aZ9 .,;:/\"'#=+-@()éß日\t\r\n\u001b\u0000\u0007\u009b\u007f\u202e"
            + "\u0085\u0080\u009f\u061c\u200e\u200f\u202a\u2066\u2069\u2028\u2029\u200d\u00ad\ufeff\u0001\u001f";

    private HostileText() {}

    /** Random text of up to {@code max} characters of {@link #ALPHABET}, and sometimes an emoji. */
    public static String random(Random r, int max) {
        StringBuilder b = new StringBuilder();
        for (int n = r.nextInt(max + 1); n > 0; n--) {
            if (r.nextInt(20) == 0) {
                b.append("\uD83D\uDE00");
            } else {
                b.append(ALPHABET.charAt(r.nextInt(ALPHABET.length())));
            }
        }
        return b.toString();
    }

    /**
     * A GeoLite2-City-like database (type {@code GeoLite2-City}) whose names are hostile: the city of
     * 198.51.100.0/24 is {@link #ALL}, its country is the payloads joined by spaces, and each
     * 198.51.10x.0/24 (x = 1..8) has the one payload {@code PAYLOADS[x-1]} as city name.
     */
    public static Path city(Path dir) {
        MmdbWriter w = MmdbWriter.builder()
                .databaseType("GeoLite2-City")
                .languages(List.of("en"))
                .description("en", "hostile " + ALL)
                .buildEpoch(Fixtures.BUILT.getEpochSecond())
                .build();
        Fixtures.insert(w, "198.51.100.0", 24, cityRecord(ALL, String.join(" ", PAYLOADS)));
        for (int i = 0; i < PAYLOADS.size(); i++) {
            Fixtures.insert(w, "198.51.10" + (i + 1) + ".0", 24, cityRecord(PAYLOADS.get(i), "Country"));
        }
        return Fixtures.write(w, dir.resolve("hostile-city.mmdb"));
    }

    /** A GeoLite2-ASN-like database: 198.51.100.0/22 is AS 64500 named {@link #ALL}. */
    public static Path asn(Path dir) {
        MmdbWriter w = MmdbWriter.builder()
                .databaseType("GeoLite2-ASN")
                .languages(List.of("en"))
                .buildEpoch(Fixtures.BUILT.getEpochSecond())
                .build();
        Fixtures.insert(w, "198.51.100.0", 22, Fixtures.asn(64500, ALL));
        return Fixtures.write(w, dir.resolve("hostile-asn.mmdb"));
    }

    /**
     * A custom database (its type and description hostile too) with columns {@code note} = {@link
     * #ALL} and {@code tags} = the payloads as a list, for 198.51.100.0/22.
     */
    public static Path custom(Path dir) {
        MmdbWriter w = MmdbWriter.builder()
                .databaseType("Evil\u001b[31m-Type\u202e")
                .description("en", "\u001b]0;desc\u0007")
                .buildEpoch(Fixtures.BUILT.getEpochSecond())
                .build();
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("note", ALL);
        r.put("tags", PAYLOADS);
        Fixtures.insert(w, "198.51.100.0", 22, r);
        return Fixtures.write(w, dir.resolve("hostile-custom.mmdb"));
    }

    private static Map<String, Object> cityRecord(String city, String country) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("city", Map.of("names", Map.of("en", city)));
        m.put("country", Map.of("iso_code", "ZZ", "names", Map.of("en", country)));
        m.put("location", Map.of("latitude", 1.5, "longitude", 2.5, "time_zone", city));
        return m;
    }

    /**
     * What in {@code out} could drive a terminal: every byte that is not well-formed UTF-8, and every
     * character that is a C0 control (but those in {@code allowed}), DEL, a C1 control, U+2028/U+2029
     * or a bidirectional control. Empty when the output is safe.
     */
    public static List<String> unsafe(byte[] out, String allowed) {
        String s;
        try {
            s = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(out))
                    .toString();
        } catch (CharacterCodingException e) {
            return List.of("not UTF-8: " + e);
        }
        return unsafe(s, allowed);
    }

    /** {@link #unsafe(byte[], String)} of text. */
    public static List<String> unsafe(String s, String allowed) {
        List<String> found = new ArrayList<>();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean bad = c < 0x20
                    || (c >= 0x7f && c <= 0x9f)
                    || c == 0x2028
                    || c == 0x2029
                    || c == 0x061c
                    || c == 0x200e
                    || c == 0x200f
                    || (c >= 0x202a && c <= 0x202e)
                    || (c >= 0x2066 && c <= 0x2069);
            if (bad && allowed.indexOf(c) < 0) {
                int from = Math.max(0, i - 20);
                found.add(String.format(
                        "U+%04X at %d after \"%s\"",
                        (int) c, i, s.substring(from, i).replaceAll("\\p{Cntrl}", "?")));
            }
        }
        return found;
    }
}
