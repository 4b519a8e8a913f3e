package dev.iptriage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Pieces of a report page the report tests look at. */
final class ReportHtml {
    private ReportHtml() {}

    /** Table cells of numbers as the page writes them ({@code <td class="n">1,234</td>}). */
    static String cells(long... numbers) {
        StringBuilder b = new StringBuilder();
        for (long n : numbers) {
            b.append("<td class=\"n\">")
                    .append(String.format(Locale.ROOT, "%,d", n))
                    .append("</td>");
        }
        return b.toString();
    }

    /** The rows of a table, each the HTML between {@code <tr>} and {@code </tr>}. */
    static List<String> rows(String table) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("<tr>(.*?)</tr>").matcher(table);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    /** The ids of the page's sections, in order. */
    static List<String> sectionIds(String html) {
        Matcher m = Pattern.compile("<section id=\"([^\"]+)\"").matcher(html);
        List<String> ids = new ArrayList<>();
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }

    /** The text between the first {@code start} and the next {@code end}; fails when there is no {@code start}. */
    static String between(String s, String start, String end) {
        int i = s.indexOf(start);
        assertThat(i).as("no " + start).isNotNegative();
        int j = s.indexOf(end, i + start.length());
        return s.substring(i + start.length(), j);
    }
}
