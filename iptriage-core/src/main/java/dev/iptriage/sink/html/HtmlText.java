package dev.iptriage.sink.html;

import dev.iptriage.text.CellText;

/** Escaping for text placed in HTML and for JSON placed inside a {@code <script>} element. */
final class HtmlText {
    private HtmlText() {}

    /**
     * Text safe in element content and in double- or single-quoted attribute values: markup
     * characters become references, and characters that could drive a terminal showing the file or
     * reorder what the page shows ({@link CellText#isUnsafe}: controls other than tab, CR and LF,
     * the bidirectional overrides such as U+202E) become U+FFFD.
     */
    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                case '\t', '\n', '\r' -> b.append(c);
                default -> b.append(CellText.isUnsafe(c) ? CellText.REPLACEMENT : c);
            }
        }
        return b.toString();
    }

    /**
     * JSON text made safe inside a {@code <script type="application/json">} element: {@code <},
     * {@code >} and {@code &} become {@code \}{@code u} escapes (so no {@code </script>} or {@code
     * <!--} can end or change the element), as do U+2028 and U+2029. These characters only occur
     * inside JSON strings, where the escapes mean the same characters.
     */
    static String scriptSafeJson(String json) {
        StringBuilder b = new StringBuilder(json.length() + 64);
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            switch (c) {
                case '<' -> b.append("\\u003c");
                case '>' -> b.append("\\u003e");
                case '&' -> b.append("\\u0026");
                case '\u2028' -> b.append("\\u2028");
                case '\u2029' -> b.append("\\u2029");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
