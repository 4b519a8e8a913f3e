package dev.iptriage.extract;

/** Context values from log lines (paths, agents, user names, jails) are attacker-chosen text. */
public final class Untrusted {
    private Untrusted() {}

    /**
     * Cuts {@code v} to {@code max} characters and replaces control characters with {@code ?}.
     *
     * @param v the text, or null
     * @param max the most characters kept
     * @return the safe text, or null
     */
    public static String text(String v, int max) {
        if (v == null) {
            return null;
        }
        StringBuilder b = new StringBuilder(Math.min(v.length(), max));
        for (int i = 0; i < v.length() && b.length() < max; i++) {
            char c = v.charAt(i);
            b.append(c < ' ' || (c >= 0x7f && c <= 0x9f) ? '?' : c);
        }
        return b.toString();
    }
}
