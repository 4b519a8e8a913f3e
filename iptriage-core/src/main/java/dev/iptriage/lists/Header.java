package dev.iptriage.lists;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Takes a list's title, source, date, licence, maintainer and other facts from its header comment lines. */
final class Header {
    private Header() {}

    /** The header keys kept as facts (FireHOL's, OpenFilters', DROP text's). */
    private static final Set<String> FACTS = Set.of(
            "maintainer_url",
            "source_file_date",
            "category",
            "version",
            "update_frequency",
            "aggregation",
            "entries",
            "expires",
            "user_agent",
            "ptr");

    /** The longest value kept. */
    private static final int MAX_VALUE = 300;

    static void apply(List<String> lines, ListReader.Acc acc) {
        String firstUrl = null;
        for (String raw : lines) {
            String s = strip(raw);
            if (s.isEmpty()) {
                continue;
            }
            int colon = s.indexOf(':');
            String key = colon > 0 ? s.substring(0, colon).strip() : "";
            String value = colon > 0 ? cut(s.substring(colon + 1).strip()) : "";
            if (!key.matches("[A-Za-z][A-Za-z -]{0,30}") || value.startsWith("//")) {
                if (s.startsWith("http://") || s.startsWith("https://")) {
                    if (firstUrl == null) {
                        firstUrl = cut(s);
                    }
                } else if (acc.title == null) {
                    acc.title = cut(s);
                }
                continue;
            }
            if (value.isEmpty()) {
                continue;
            }
            switch (key.toLowerCase(Locale.ROOT)) {
                case "maintainer" -> acc.maintainer = value;
                case "list source url", "source" -> acc.source = value;
                case "this file date", "last updated", "last-modified", "date" -> acc.date = value;
                case "terms of use", "terms", "license", "licence" -> acc.licence = value;
                default -> {
                    String k = key.toLowerCase(Locale.ROOT).replace(' ', '_').replace('-', '_');
                    if (FACTS.contains(k)) {
                        acc.facts.putIfAbsent(k, value);
                    }
                }
            }
        }
        if (acc.date == null && acc.facts.containsKey("source_file_date")) {
            acc.date = acc.facts.get("source_file_date");
        }
        if (acc.source == null) {
            acc.source = firstUrl;
        }
        if (acc.title != null) {
            int c = acc.title.indexOf("(c)");
            if (acc.licence == null && c >= 0) {
                acc.licence = acc.title.substring(c);
            }
            if (acc.maintainer == null && acc.title.startsWith("abuse.ch ")) { // Feodo Tracker's CSV and txt
                acc.maintainer = "abuse.ch";
            }
        }
    }

    /** A comment line without its comment marks and FireHOL's or Feodo's box of {@code #}. */
    static String strip(String line) {
        int i = 0;
        int n = line.length();
        while (i < n && (line.charAt(i) == '#' || line.charAt(i) == ';' || Character.isWhitespace(line.charAt(i)))) {
            i++;
        }
        while (n > i && (line.charAt(n - 1) == '#' || Character.isWhitespace(line.charAt(n - 1)))) {
            n--;
        }
        return line.substring(i, n);
    }

    private static String cut(String s) {
        return s.length() > MAX_VALUE ? s.substring(0, MAX_VALUE) : s;
    }
}
