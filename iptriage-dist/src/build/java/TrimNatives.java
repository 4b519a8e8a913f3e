import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Build step of the release archive: writes the copy of the CLI's jar the archive carries, which
 * keeps sqlite-jdbc's native library for the archive's platform only. The CLI's jar holds it for
 * every system sqlite-jdbc supports (org/sqlite/native/OS/ARCH/, about 21 MB unpacked), so that
 * {@code java -jar} works anywhere; the archive runs on its own runtime, a glibc Linux build for one
 * CPU, which loads org/sqlite/native/Linux/ARCH/ only. Every other entry is copied as it is, in the
 * same order, with its method, times and extra fields (a deflated entry is deflated again by the
 * same {@link java.util.zip.Deflater} defaults the CLI's build wrote it with).
 *
 * <p>Fails when the platform's native library is not in the jar (a sqlite-jdbc upgrade that moved
 * it must not ship an archive without it) and when the jar is signed (dropping entries would leave
 * a signature over files that are not there).
 *
 * <p>usage: java TrimNatives.java JAR PLATFORM OUT_JAR, PLATFORM as in the archive's name (linux-x64,
 * linux-aarch64)
 */
public final class TrimNatives {
    private static final String NATIVES = "org/sqlite/native/";

    /** The archive's platforms and the folder under org/sqlite/native/ sqlite-jdbc loads there. */
    private static final Map<String, String> FOLDERS = Map.of(
            "linux-x64", "Linux/x86_64/",
            "linux-aarch64", "Linux/aarch64/");

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            throw new IllegalArgumentException("usage: TrimNatives JAR PLATFORM OUT_JAR");
        }
        Path jar = Path.of(args[0]);
        if (!Files.isRegularFile(jar)) {
            fail(jar + " is missing: build iptriage-cli first (the reactor does, e.g. bin/mvn -B verify)");
        }
        String folder = FOLDERS.get(args[1]);
        if (folder == null) {
            fail("no sqlite-jdbc native folder known for the platform " + args[1] + " (known: "
                    + String.join(", ", new TreeSet<>(FOLDERS.keySet())) + "): add it to TrimNatives.FOLDERS");
        }
        String keep = NATIVES + folder;
        Path out = Path.of(args[2]);
        Path partial = out.resolveSibling(out.getFileName() + ".part");

        int kept = 0;
        long keptBytes = 0;
        int dropped = 0;
        long droppedBytes = 0;
        TreeSet<String> droppedFolders = new TreeSet<>();
        try (ZipFile in = new ZipFile(jar.toFile());
                OutputStream file = Files.newOutputStream(partial);
                ZipOutputStream zip = new ZipOutputStream(file)) {
            for (ZipEntry entry : Collections.list(in.entries())) {
                String name = entry.getName();
                String upper = name.toUpperCase(Locale.ROOT);
                if (upper.startsWith("META-INF/")
                        && !upper.substring("META-INF/".length()).contains("/")
                        && (upper.endsWith(".SF") || upper.endsWith(".RSA") || upper.endsWith(".DSA")
                                || upper.endsWith(".EC"))) {
                    fail(jar + " is signed (" + name + "): a copy without some natives would not match its"
                            + " signature; the archive needs another way to drop them");
                }
                if (name.startsWith(NATIVES) && !name.startsWith(keep) && !keep.startsWith(name)) {
                    dropped++;
                    droppedBytes += Math.max(0, entry.getSize());
                    String rest = name.substring(NATIVES.length());
                    int cut = rest.indexOf('/', rest.indexOf('/') + 1);
                    if (cut > 0) {
                        droppedFolders.add(rest.substring(0, cut));
                    }
                    continue;
                }
                if (name.startsWith(keep) && !entry.isDirectory()) {
                    kept++;
                    keptBytes += entry.getSize();
                }
                ZipEntry copy = new ZipEntry(entry);
                if (copy.getMethod() == ZipEntry.DEFLATED) {
                    copy.setCompressedSize(-1); // deflated anew: its size is the Deflater's to say
                }
                zip.putNextEntry(copy);
                try (InputStream data = in.getInputStream(entry)) {
                    data.transferTo(zip);
                }
                zip.closeEntry();
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(partial);
            throw e;
        }
        if (kept == 0) {
            Files.deleteIfExists(partial);
            fail(jar + " has no file under " + keep + ": sqlite-jdbc (the DNS cache, --cache) could not load"
                    + " on " + args[1] + "; did a sqlite-jdbc upgrade move its native libraries?");
        }
        Files.move(partial, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        System.out.println("[trim-natives] " + out.getFileName() + ": kept " + keep + " (" + kept + " file(s), "
                + keptBytes + " bytes); left out " + dropped + " entries (" + droppedBytes + " bytes) of "
                + String.join(", ", droppedFolders) + "; " + Files.size(jar) + " -> " + Files.size(out)
                + " bytes");
    }

    private static void fail(String message) {
        System.err.println("[trim-natives] " + message);
        System.exit(1);
    }

    private TrimNatives() {}
}
