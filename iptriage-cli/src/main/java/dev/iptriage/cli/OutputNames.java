package dev.iptriage.cli;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The format an output file's name asks for. A known extension picks its format, a name without one
 * gets the command's default, and any other extension ({@code out.xlsx}) is a usage error naming the
 * known ones, unless the format was given explicitly ({@code -f}); a compression extension ({@code
 * .gz}) is refused either way, since the output is never compressed.
 */
final class OutputNames {
    private static final Set<String> COMPRESSED = Set.of("gz", "bz2", "xz", "zst", "zip", "7z");

    private OutputNames() {}

    /** The extension of the file name, lowercased, without the dot; empty for none (also {@code .hidden}). */
    static String extension(Path file) {
        Path name = file.getFileName();
        String n = name == null ? "" : name.toString();
        int dot = n.lastIndexOf('.');
        return dot <= 0 ? "" : n.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    /**
     * The format of {@code file}.
     *
     * @param known the formats by extension (lowercase, no dot), in the order the message lists them
     * @param none the format of a name without an extension
     * @param explicit the format given with {@code -f}, or null: when given, it is used whatever the
     *     extension (but a compression extension is still refused)
     */
    static <F> F format(Path file, Map<String, F> known, F none, F explicit) {
        String ext = extension(file);
        if (COMPRESSED.contains(ext)) {
            throw new CliException(
                    ExitCodes.USAGE,
                    file + ": iptriage does not compress its output: write it without '." + ext
                            + "' and compress that file, or pipe standard output through a compressor");
        }
        if (explicit != null) {
            return explicit;
        }
        if (ext.isEmpty()) {
            return none;
        }
        F f = known.get(ext);
        if (f == null) {
            throw new CliException(
                    ExitCodes.USAGE,
                    file + ": unknown output file extension '." + ext + "': use " + list(known.keySet())
                            + " (or give the format with -f)");
        }
        return f;
    }

    /** The extensions and their formats in this order (the order the message lists them). */
    @SafeVarargs
    static <F> Map<String, F> ordered(Map.Entry<String, F>... extensions) {
        Map<String, F> m = new LinkedHashMap<>();
        for (Map.Entry<String, F> e : extensions) {
            m.put(e.getKey(), e.getValue());
        }
        return Collections.unmodifiableMap(m);
    }

    /** Refuses a file whose name does not end in {@code .ext} (for outputs of a single format: .png, .mmdb). */
    static void require(Path file, String ext, String what) {
        if (!extension(file).equals(ext)) {
            throw new CliException(
                    ExitCodes.USAGE, file + ": " + what + " is written as ." + ext + ": name the file *." + ext);
        }
    }

    private static String list(Set<String> extensions) {
        StringBuilder b = new StringBuilder();
        int i = 0;
        for (String e : extensions) {
            b.append(i == 0 ? "" : i == extensions.size() - 1 ? " or " : ", ")
                    .append('.')
                    .append(e);
            i++;
        }
        return b.toString();
    }
}
