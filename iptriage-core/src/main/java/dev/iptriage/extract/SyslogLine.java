package dev.iptriage.extract;

import java.time.Instant;

/**
 * The parts of a syslog line: RFC 3164 ({@code Dec 10 06:55:46 host prog[pid]: msg}), RFC 5424
 * ({@code <34>1 2003-10-11T22:14:15.003Z host app procid msgid - msg}) and the ISO-timestamp form of
 * rsyslog ({@code 2024-05-01T10:00:00+02:00 host prog: msg}). A {@code <PRI>} prefix is allowed on all.
 *
 * @param time the time in UTC
 * @param program the program (tag without {@code [pid]}), or "" when none
 * @param pid the process id ({@code prog[pid]}, RFC 5424's numeric procid), or -1 when none
 * @param message where the message starts in the line
 */
record SyslogLine(Instant time, String program, long pid, int message) {

    /** Parses the header of {@code s}, or returns null when it is not a syslog line. */
    static SyslogLine parse(CharSequence s, YearRule years) {
        int p = 0;
        if (s.length() > 0 && s.charAt(0) == '<') {
            int close = indexOf(s, '>', 1, 6);
            if (close < 0) {
                return null;
            }
            p = close + 1;
        }
        if (p + 2 < s.length() && s.charAt(p) == '1' && s.charAt(p + 1) == ' ') {
            return rfc5424(s, p + 2);
        }
        Timestamps.At at = Timestamps.syslog(s, p, years);
        if (at == null) {
            at = Timestamps.iso(s, p);
        }
        if (at == null || at.end() >= s.length() || s.charAt(at.end()) != ' ') {
            return null;
        }
        int host = at.end() + 1;
        int hostEnd = indexOf(s, ' ', host, s.length());
        if (hostEnd < 0) {
            return null;
        }
        int tagEnd = hostEnd + 1;
        while (tagEnd < s.length() && tagEnd < hostEnd + 128 && s.charAt(tagEnd) != ':' && s.charAt(tagEnd) != ' ') {
            tagEnd++;
        }
        if (tagEnd >= s.length() || s.charAt(tagEnd) != ':') {
            return new SyslogLine(at.time(), "", -1, hostEnd + 1);
        }
        return new SyslogLine(
                at.time(), program(s, hostEnd + 1, tagEnd), pid(s, hostEnd + 1, tagEnd), skipSpace(s, tagEnd + 1));
    }

    private static SyslogLine rfc5424(CharSequence s, int p) {
        Timestamps.At at = Timestamps.iso(s, p);
        if (at == null) {
            return null;
        }
        int[] fields = new int[4]; // host, app, procid, msgid
        int i = at.end();
        for (int f = 0; f < 4; f++) {
            if (i >= s.length() || s.charAt(i) != ' ') {
                return null;
            }
            fields[f] = i + 1;
            i = indexOf(s, ' ', i + 1, s.length());
            if (i < 0) {
                return null;
            }
        }
        String app =
                s.subSequence(fields[1], indexOf(s, ' ', fields[1], s.length())).toString();
        long pid = digits(s, fields[2], indexOf(s, ' ', fields[2], s.length()));
        return new SyslogLine(at.time(), app.equals("-") ? "" : app, pid, skipStructuredData(s, i + 1));
    }

    private static int skipStructuredData(CharSequence s, int i) {
        if (i < s.length() && s.charAt(i) == '-') {
            return skipSpace(s, i + 1);
        }
        while (i < s.length() && s.charAt(i) == '[') {
            boolean escaped = false;
            int j = i + 1;
            while (j < s.length() && (escaped || s.charAt(j) != ']')) {
                escaped = !escaped && s.charAt(j) == '\\';
                j++;
            }
            i = j + 1;
        }
        return skipSpace(s, i);
    }

    private static String program(CharSequence s, int from, int to) {
        int bracket = indexOf(s, '[', from, to);
        return s.subSequence(from, bracket < 0 ? to : bracket).toString();
    }

    /** The pid in {@code prog[pid]} between {@code from} and {@code to}, or -1. */
    private static long pid(CharSequence s, int from, int to) {
        int open = indexOf(s, '[', from, to);
        int close = open < 0 ? -1 : indexOf(s, ']', open + 1, to);
        return close < 0 ? -1 : digits(s, open + 1, close);
    }

    /** The number written with 1 to 18 digits from {@code from} to {@code to}, else -1. */
    static long digits(CharSequence s, int from, int to) {
        if (to <= from || to - from > 18) {
            return -1;
        }
        long v = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    static int indexOf(CharSequence s, char c, int from, int to) {
        for (int i = from; i < to && i < s.length(); i++) {
            if (s.charAt(i) == c) {
                return i;
            }
        }
        return -1;
    }

    static int skipSpace(CharSequence s, int i) {
        while (i < s.length() && s.charAt(i) == ' ') {
            i++;
        }
        return i;
    }
}
