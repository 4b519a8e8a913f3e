import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.module.ModuleFinder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Build step of the release archive: checks that the modules the pom lists are exactly those jdeps
 * says the jar needs, makes the trimmed Java runtime with jlink from the JDK running this, and writes
 * the jar's build id (the start of its SHA-256; the launcher keys its start-up cache on it), and copies
 * the licence and notice files the jar's libraries brought (under META-INF) to a folder of their own.
 *
 * <p>usage: java MakeRuntime.java JAR MODULES EXTRA_MODULES RUNTIME_DIR BUILD_ID_FILE LICENCES_DIR, JAR the
 * archive's (TrimNatives.java writes it)
 */
public final class MakeRuntime {
    public static void main(String[] args) throws Exception {
        if (args.length != 6) {
            throw new IllegalArgumentException(
                    "usage: MakeRuntime JAR MODULES EXTRA_MODULES RUNTIME_DIR BUILD_ID_FILE LICENCES_DIR");
        }
        Path jar = Path.of(args[0]);
        if (!Files.isRegularFile(jar)) {
            fail(jar + " is missing: build iptriage-cli first (the reactor does, e.g. bin/mvn -B verify)");
        }
        TreeSet<String> listed = modules(args[1]);
        // (an extra module a newer JDK dropped, e.g. jdk.crypto.ec, merged into java.base, is left out)
        TreeSet<String> extra = modules(args[2]);
        extra.removeIf(m -> ModuleFinder.ofSystem().find(m).isEmpty());
        Path out = Path.of(args[3]);

        String feature = Integer.toString(Runtime.version().feature());
        String deps = run("jdeps", "--print-module-deps", "--ignore-missing-deps", "--multi-release", feature, jar.toString());
        TreeSet<String> needed = modules(deps.strip().lines().reduce((a, b) -> b).orElse(""));
        if (!needed.equals(listed)) {
            TreeSet<String> missing = new TreeSet<>(needed);
            missing.removeAll(listed);
            TreeSet<String> unused = new TreeSet<>(listed);
            unused.removeAll(needed);
            fail("jdeps says the jar needs the modules " + String.join(",", needed)
                    + ", but iptriage-dist/pom.xml's runtime.modules lists " + String.join(",", listed)
                    + (missing.isEmpty() ? "" : "; missing: " + String.join(",", missing))
                    + (unused.isEmpty() ? "" : "; no longer needed: " + String.join(",", unused))
                    + ". Set runtime.modules to jdeps's list.");
        }

        TreeSet<String> all = new TreeSet<>(listed);
        all.addAll(extra);
        deleteTree(out);
        run(
                "jlink",
                "--add-modules",
                String.join(",", all),
                "--strip-debug",
                "--no-man-pages",
                "--no-header-files",
                "--compress",
                "zip-9",
                // the JDK's own classes in a class-data sharing archive: faster starts before the
                // launcher's cache exists or where it can write none; the base a JDK 21-24's
                // dynamic archive needs
                "--generate-cds-archive",
                "--output",
                out.toString());
        Files.writeString(Path.of(args[4]), sha256(jar).substring(0, 16) + "\n");
        copyLicences(jar, Path.of(args[5]));
        System.out.println("[runtime] " + out.getFileName() + ": Java " + Runtime.version() + " with "
                + String.join(",", all) + " (jdeps: " + String.join(",", needed) + ")");
    }

    private static TreeSet<String> modules(String list) {
        TreeSet<String> s = new TreeSet<>();
        for (String m : list.split(",")) {
            if (!m.isBlank()) {
                s.add(m.strip());
            }
        }
        return s;
    }

    private static String run(String tool, String... args) {
        ToolProvider t = ToolProvider.findFirst(tool)
                .orElseThrow(() -> new IllegalStateException("this JDK has no " + tool + ": build with a full JDK"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int rc = t.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        if (rc != 0) {
            fail(tool + " " + String.join(" ", args) + " failed (" + rc + "):\n" + out + err
                    + (tool.equals("jlink")
                            ? "\n(jlink needs the JDK's jmods folder, or a JDK that can link from its own run-time"
                                    + " image: e.g. Temurin, or Debian's openjdk-N-jmods package)"
                            : ""));
        }
        return out.toString();
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            List<Path> paths = new ArrayList<>(s.sorted(Comparator.reverseOrder()).toList());
            for (Path p : paths) {
                Files.delete(p);
            }
        }
    }

    private static void copyLicences(Path jar, Path out) throws IOException {
        deleteTree(out);
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (ZipEntry e : Collections.list(zip.entries())) {
                String name = e.getName();
                String file = name.substring(name.lastIndexOf('/') + 1).toUpperCase(Locale.ROOT);
                if (e.isDirectory() || !name.startsWith("META-INF/")
                        || !(file.contains("LICENSE") || file.contains("LICENCE") || file.startsWith("NOTICE"))) {
                    continue;
                }
                Path target = out.resolve(name.substring("META-INF/".length())).normalize();
                if (!target.startsWith(out)) {
                    continue;
                }
                Files.createDirectories(target.getParent());
                try (InputStream in = zip.getInputStream(e)) {
                    Files.copy(in, target);
                }
            }
        }
    }

    private static String sha256(Path file) throws IOException, NoSuchAlgorithmException {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static void fail(String message) {
        System.err.println("[runtime] " + message);
        System.exit(1);
    }

    private MakeRuntime() {}
}
