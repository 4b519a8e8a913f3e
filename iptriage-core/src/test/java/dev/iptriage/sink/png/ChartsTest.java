package dev.iptriage.sink.png;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iptriage.sink.report.Tally;
import dev.iptriage.text.CellText;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The text the PNG images draw: names from databases and inputs cannot reorder or hide what is shown. */
class ChartsTest {
    static {
        System.setProperty("java.awt.headless", "true");
    }

    private static final String HOSTILE = "\u202eevil\u001b[31m\u2066x\u0085";

    private static boolean safe(String s) {
        return s.chars().noneMatch(CellText::isUnsafe);
    }

    /** Every high surrogate is followed by a low one, every low one follows a high one. */
    private static boolean wholeCharacters(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(++i))) {
                    return false;
                }
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    @Test
    void aLabelShowsControlsAndBidiOverridesAsReplacementCharacters() {
        String label = Charts.label(new Tally("64496", HOSTILE, 3, 1));
        assertThat(label).isEqualTo("64496 \uFFFDevil\uFFFD[31m\uFFFDx\uFFFD");
        assertThat(safe(label)).isTrue();
        assertThat(Charts.label(new Tally(HOSTILE, HOSTILE, 1, 1))).isEqualTo("\uFFFDevil\uFFFD[31m\uFFFDx\uFFFD");
    }

    @Test
    void fitCutsWholeCharactersOfTheShownTextAtEveryWidth() {
        Graphics2D g = new BufferedImage(10, 10, BufferedImage.TYPE_INT_RGB).createGraphics();
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        FontMetrics fm = g.getFontMetrics();
        Random random = new Random(7);
        String[] pieces = {"a", "W", " ", "\uD83D\uDE00", "\uD801\uDC37", "\u202e", "\u001b", "\u00e9", "\u05d0"};
        for (int round = 0; round < 200; round++) {
            StringBuilder b = new StringBuilder();
            for (int k = random.nextInt(40); k > 0; k--) {
                b.append(pieces[random.nextInt(pieces.length)]);
            }
            String s = b.toString();
            int width = random.nextInt(300);
            String fitted = Charts.fit(s, fm, width);
            assertThat(safe(fitted)).as(s).isTrue();
            assertThat(wholeCharacters(fitted)).as(s).isTrue();
            // the shown text whole, or a prefix of it (in whole characters) and an ellipsis
            String shown = Charts.shown(s);
            assertThat(fitted.equals(shown)
                            || (fitted.endsWith("\u2026")
                                    && shown.startsWith(fitted.substring(0, fitted.length() - 1))))
                    .as(s)
                    .isTrue();
        }
        g.dispose();
    }

    /** Two ways to the same picture: the hostile names drawn, and the same names replaced beforehand. */
    @Test
    void theImagesDrawTheNamesAsShown() {
        String shown = Charts.shown(HOSTILE);
        assertThat(same(
                        Charts.bars(HOSTILE, List.of(new Tally("64496", HOSTILE, 3, 1)), 3, 1000),
                        Charts.bars(shown, List.of(new Tally("64496", shown, 3, 1)), 3, 1000)))
                .isTrue();
        WorldMap map = new WorldMap(PngImages.MAP_WIDTH);
        assertThat(same(map.draw(List.of(), "report " + HOSTILE), map.draw(List.of(), "report " + shown)))
                .isTrue();
    }

    private static boolean same(BufferedImage a, BufferedImage b) {
        if (a.getWidth() != b.getWidth() || a.getHeight() != b.getHeight()) {
            return false;
        }
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                if (a.getRGB(x, y) != b.getRGB(x, y)) {
                    return false;
                }
            }
        }
        return true;
    }
}
