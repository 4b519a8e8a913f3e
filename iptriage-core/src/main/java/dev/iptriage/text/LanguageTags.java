package dev.iptriage.text;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Language tags as the databases spell them. Tags are case-insensitive (BCP 47): {@code DE} is {@code de},
 * {@code pt-br} is {@code pt-BR}, and a database's names are found under its own spelling of the tag.
 */
public final class LanguageTags {
    private LanguageTags() {}

    /** {@return the tag in its canonical case ({@code pt-br} gives {@code pt-BR}); text that is no tag, stripped} */
    public static String canonical(String tag) {
        String t = tag.strip();
        String c = Locale.forLanguageTag(t.replace('_', '-')).toLanguageTag();
        return c.equals("und") ? t : c;
    }

    /**
     * A note when the databases have place names, but none in {@code lang} (English names are shown then), naming
     * the languages they have; empty for English, a language one of them has, or databases without names.
     */
    public static Optional<String> missing(String lang, Collection<? extends Collection<String>> databaseLanguages) {
        if (lang.equals("en") || databaseLanguages.isEmpty()) {
            return Optional.empty();
        }
        TreeSet<String> have = new TreeSet<>();
        databaseLanguages.forEach(have::addAll);
        if (have.isEmpty() || have.stream().anyMatch(lang::equalsIgnoreCase)) {
            return Optional.empty(); // no names at all (an ASN database), or names in that language
        }
        return Optional.of("no database has place names in '" + CellText.terminalSafe(lang)
                + "', so they are in English (the databases have " + CellText.terminalSafe(String.join(", ", have))
                + ")");
    }
}
