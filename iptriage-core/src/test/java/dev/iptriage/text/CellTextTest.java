package dev.iptriage.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Numbers as cell text: plain digits, never an exponent, the same as BigDecimal's plain string. */
class CellTextTest {
    private static String reference(double d) {
        String s = Double.toString(d);
        return s.indexOf('E') < 0
                ? s
                : BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }

    @Test
    void doublesOfEveryMagnitudeAreWrittenWithoutExponent() {
        Random r = new Random(11);
        for (int n = 0; n < 200_000; n++) {
            double d = switch (n % 4) {
                case 0 -> Double.longBitsToDouble(r.nextLong()); // anything, NaN and infinities included
                case 1 -> (r.nextDouble() - 0.5) * Math.pow(10, r.nextInt(40) - 20);
                case 2 -> Math.round(r.nextDouble() * 1e6) / Math.pow(10, 4 + r.nextInt(8));
                default -> (r.nextBoolean() ? 1 : -1) * r.nextInt(1000) * Math.pow(10, r.nextInt(30) - 15);
            };
            assertThat(CellText.text(d)).as("%s", d).isEqualTo(Double.isFinite(d) ? reference(d) : Double.toString(d));
            float f = (float) d;
            assertThat(CellText.text(f))
                    .as("%sf", f)
                    .isEqualTo(
                            Float.isFinite(f) ? reference(Double.parseDouble(Float.toString(f))) : Float.toString(f));
        }
        assertThat(CellText.text(1.0E-4)).isEqualTo("0.0001");
        assertThat(CellText.text(-1.25E-5)).isEqualTo("-0.0000125");
        assertThat(CellText.text(1.0E10)).isEqualTo("10000000000");
        assertThat(CellText.text(1.05E7)).isEqualTo("10500000");
        assertThat(CellText.text(-33.86)).isEqualTo("-33.86");
    }

    /** A lone "=" is a formula to a spreadsheet: guarded like any cell starting with "=", and undone. */
    @Test
    void aCellThatIsExactlyAnEqualsSignIsGuarded() {
        assertThat(CellText.spreadsheetSafe("=")).isEqualTo("'=");
        assertThat(CellText.spreadsheetSafe("=1+1")).isEqualTo("'=1+1");
        assertThat(CellText.spreadsheetSafe("-")).isEqualTo("-");
        assertThat(CellText.spreadsheetSafe("")).isEmpty();
        for (String cell : new String[] {"=", "=1+1", "-", "-33.86", "@x", "a"}) {
            assertThat(CellText.undoSpreadsheetSafe(CellText.spreadsheetSafe(cell)))
                    .as(cell)
                    .isEqualTo(cell);
        }
    }

    /**
     * The guard is reversible for every text: a stored value that starts with an apostrophe (such as
     * {@code '=lit}) must not read back as the guarded {@code =lit}. Every string of up to 4
     * characters from the characters that matter is checked, and distinct texts stay distinct.
     */
    @Test
    void theGuardIsUndoneExactlyForEveryText() {
        char[] alphabet = {'\'', '=', '-', '+', '@', '1', '.', 'a', '\t'};
        java.util.Map<String, String> seen = new java.util.HashMap<>();
        java.util.List<String> texts = new java.util.ArrayList<>(java.util.List.of(""));
        for (int len = 1; len <= 4; len++) {
            java.util.List<String> longer = new java.util.ArrayList<>();
            for (String t : texts) {
                if (t.length() == len - 1) {
                    for (char c : alphabet) {
                        longer.add(t + c);
                    }
                }
            }
            texts.addAll(longer);
        }
        for (String t : texts) {
            String safe = CellText.spreadsheetSafe(t);
            assertThat(CellText.undoSpreadsheetSafe(safe)).as(t).isEqualTo(t);
            assertThat(seen.put(safe, t))
                    .as("%s and another text both give %s", t, safe)
                    .isNull();
        }
        assertThat(CellText.spreadsheetSafe("'=lit")).isEqualTo("''=lit");
        assertThat(CellText.undoSpreadsheetSafe("'=lit")).isEqualTo("=lit");
        assertThat(CellText.undoSpreadsheetSafe("''=lit")).isEqualTo("'=lit");
        // an apostrophe before text is data, not the guard: real names keep theirs as they are
        assertThat(CellText.spreadsheetSafe("'s-Hertogenbosch")).isEqualTo("'s-Hertogenbosch");
        assertThat(CellText.undoSpreadsheetSafe("'s-Hertogenbosch")).isEqualTo("'s-Hertogenbosch");
        assertThat(CellText.spreadsheetSafe("'-5")).isEqualTo("'-5");
        assertThat(CellText.spreadsheetSafe("'")).isEqualTo("'");
    }
}
