package dev.iptriage.spark;

import dev.iptriage.extract.ExtractOptions;
import dev.iptriage.extract.Found;
import dev.iptriage.extract.TextExtractor;
import java.io.Serializable;
import java.util.List;
import scala.runtime.AbstractFunction1;

/**
 * The function behind {@code iptriage_extract}: the addresses in a text, in order, repeats kept, as
 * {@code iptriage extract} finds them with its default rules (defanged addresses refanged, IPv4-mapped
 * IPv6 as IPv4), each as its canonical text; free text holds addresses, not networks.
 */
final class ExtractFunction extends AbstractFunction1<Object, String[]> implements Serializable {
    private static final long serialVersionUID = 1L;

    private static final TextExtractor EXTRACTOR = TextExtractor.of(ExtractOptions.DEFAULTS);

    @Override
    public String[] apply(Object text) {
        if (text == null) {
            return null;
        }
        List<Found> found = EXTRACTOR.extract((String) text);
        String[] out = new String[found.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = found.get(i).text();
        }
        return out;
    }
}
