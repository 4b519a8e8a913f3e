package dev.iptriage.extract;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Hand-written parsers for the timestamps of the supported log formats, all to UTC. Times without an
 * offset (RFC 3164 syslog, fail2ban's own log) are taken as UTC; syslog times without a year get the
 * year from {@link YearRule}. Each parser returns null for text that is not its format.
 */
final class Timestamps {
    private static final String MONTHS = "JanFebMarAprMayJunJulAugSepOctNovDec";

    private Timestamps() {}

    /** The end of a parse: where the timestamp ended, and the instant. */
    record At(Instant time, int end) {}

    /** {@code Dec 10 06:55:46} or {@code Dec  1 06:55:46} at {@code p}. */
    static At syslog(CharSequence s, int p, YearRule years) {
        if (p + 15 > s.length() || s.charAt(p + 3) != ' ') {
            return null;
        }
        int month = month(s, p);
        int day = s.charAt(p + 4) == ' ' ? num(s, p + 5, 1) : num(s, p + 4, 2);
        if (month < 0 || day < 1 || s.charAt(p + 6) != ' ') {
            return null;
        }
        LocalDateTime t = time(s, p + 7, 2000, month, day);
        return t == null ? null : new At(years.resolve(t), p + 15);
    }

    /**
     * ISO 8601 / RFC 5424 at {@code p}: {@code 2003-10-11T22:14:15.003Z}, {@code 2003-10-11 22:14:15,003}
     * or with an offset {@code +02:00}/{@code +0200}; no offset means UTC.
     */
    static At iso(CharSequence s, int p) {
        if (p + 19 > s.length() || s.charAt(p + 4) != '-' || s.charAt(p + 7) != '-') {
            return null;
        }
        char sep = s.charAt(p + 10);
        int year = num(s, p, 4);
        int month = num(s, p + 5, 2);
        int day = num(s, p + 8, 2);
        if (year < 0 || month < 1 || (sep != 'T' && sep != ' ')) {
            return null;
        }
        LocalDateTime t = time(s, p + 11, year, month - 1, day);
        if (t == null) {
            return null;
        }
        int i = p + 19;
        if (i < s.length() && (s.charAt(i) == '.' || s.charAt(i) == ',')) {
            int j = i + 1;
            while (j < s.length() && j - i <= 9 && s.charAt(j) >= '0' && s.charAt(j) <= '9') {
                j++;
            }
            t = t.withNano(fraction(s, i + 1, j));
            i = j;
        }
        int[] off = offset(s, i);
        return new At(t.toInstant(ZoneOffset.ofTotalSeconds(off[0])), off[1]);
    }

    /** Apache/nginx {@code 07/Dec/2016:11:05:07 +0100} at {@code p}. */
    static At web(CharSequence s, int p) {
        if (p + 26 > s.length() || s.charAt(p + 2) != '/' || s.charAt(p + 6) != '/' || s.charAt(p + 11) != ':') {
            return null;
        }
        int day = num(s, p, 2);
        int month = month(s, p + 3);
        int year = num(s, p + 7, 4);
        if (day < 1 || month < 0 || year < 0) {
            return null;
        }
        LocalDateTime t = time(s, p + 12, year, month, day);
        int[] off = s.charAt(p + 20) == ' ' ? offset(s, p + 21) : new int[] {0, p + 20};
        return t == null ? null : new At(t.toInstant(ZoneOffset.ofTotalSeconds(off[0])), off[1]);
    }

    private static LocalDateTime time(CharSequence s, int p, int year, int month0, int day) {
        if (p + 8 > s.length() || s.charAt(p + 2) != ':' || s.charAt(p + 5) != ':') {
            return null;
        }
        int h = num(s, p, 2);
        int m = num(s, p + 3, 2);
        int sec = num(s, p + 6, 2);
        try {
            return LocalDateTime.of(year, month0 + 1, day, h, m, Math.min(sec, 59));
        } catch (DateTimeException e) {
            return null; // 31 Feb, hour 25: not a time
        }
    }

    /** {offset seconds, end}: {@code Z}, {@code +hh:mm}, {@code +hhmm}; none is UTC. */
    private static int[] offset(CharSequence s, int i) {
        if (i < s.length() && s.charAt(i) == 'Z') {
            return new int[] {0, i + 1};
        }
        if (i + 5 <= s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            int h = num(s, i + 1, 2);
            int colon = s.charAt(i + 3) == ':' ? 1 : 0;
            int m = num(s, i + 3 + colon, 2);
            if (h >= 0 && m >= 0 && m < 60 && (h < 18 || (h == 18 && m == 0))) { // ZoneOffset's range
                int secs = (h * 3600 + m * 60) * (s.charAt(i) == '-' ? -1 : 1);
                return new int[] {secs, i + 5 + colon};
            }
        }
        return new int[] {0, i};
    }

    private static int month(CharSequence s, int p) {
        if (p + 3 > s.length()) {
            return -1;
        }
        for (int m = 0; m < 12; m++) {
            if (s.charAt(p) == MONTHS.charAt(3 * m)
                    && s.charAt(p + 1) == MONTHS.charAt(3 * m + 1)
                    && s.charAt(p + 2) == MONTHS.charAt(3 * m + 2)) {
                return m;
            }
        }
        return -1;
    }

    /** The decimal number of exactly {@code len} digits at {@code p}, or -1. */
    static int num(CharSequence s, int p, int len) {
        if (p + len > s.length()) {
            return -1;
        }
        int v = 0;
        for (int i = p; i < p + len; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static int fraction(CharSequence s, int from, int to) {
        int nanos = 0;
        for (int i = from; i < from + 9; i++) {
            nanos = nanos * 10 + (i < to ? s.charAt(i) - '0' : 0);
        }
        return nanos;
    }
}
