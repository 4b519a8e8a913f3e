package dev.iptriage.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release archive as a user gets it: its layout and licences, and the main job run from it
 * unpacked into an empty folder whose path has a space, with no Java on {@code PATH} and no {@code
 * JAVA_HOME}, directly, through a symlink, and from a read-only install; its output must be the
 * jar's own, run directly on the JDK that built it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReleaseArchiveIT {
    /** What the launcher and bin/lib/jvm-flags.sh may run: nothing else is on their PATH. */
    private static final List<String> TOOLS =
            List.of("bash", "readlink", "mkdir", "cksum", "awk", "wc", "mktemp", "mv", "touch", "rm");

    private static final String ADDRESSES = "8.8.8.8\n1.1.1.1\n2001:4860:4860::8888\n192.168.1.1\nnot an address\n";

    private final Path archive = Path.of(System.getProperty("iptriage.archive"));
    private final String top = System.getProperty("iptriage.archive.top");
    private final Path cliJar = Path.of(System.getProperty("iptriage.jar"));
    private final String platform = System.getProperty("iptriage.archive.platform");
    private final Path cliTarget = Path.of(System.getProperty("iptriage.cli.target"));
    private final Path project =
            Path.of(System.getProperty("iptriage.root")).toAbsolutePath().normalize();

    private Path temp;

    private Path install; // <temp>/my tools/iptriage-VERSION
    private Path tools; // the PATH the launcher gets: the tools it needs, and no java
    private Map<String, TarArchiveEntry> entries;

    @BeforeAll
    void unpack(@TempDir Path dir0) throws Exception {
        temp = dir0;
        entries = new TreeMap<>();
        try (TarArchiveInputStream tar =
                new TarArchiveInputStream(new GzipCompressorInputStream(Files.newInputStream(archive)))) {
            for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
                entries.put(e.getName().replaceFirst("/$", ""), e);
            }
        }
        Path dir = temp.resolve("my tools");
        Files.createDirectories(dir);
        assertThat(run(List.of("tar", "-xzf", archive.toString(), "-C", dir.toString()), null, Map.of(), null)
                        .code())
                .isZero();
        install = dir.resolve(top);

        tools = temp.resolve("tools");
        Files.createDirectories(tools);
        for (String t : TOOLS) {
            Path found = which(t);
            assertThat(found).as("%s on this machine", t).isNotNull();
            Files.createSymbolicLink(tools.resolve(t), found);
        }
    }

    @AfterAll
    void removeToolLinks() throws IOException {
        // (so the temporary folder's clean-up does not warn about links leading out of it)
        for (String t : TOOLS) {
            Files.deleteIfExists(tools.resolve(t));
        }
    }

    @Test
    void oneTopFolderWithTheLauncherJarRuntimeAndDocs() throws IOException {
        assertThat(archive.getFileName().toString()).isEqualTo(top + "-" + platform + ".tar.gz");
        assertThat(entries.keySet()).allSatisfy(name -> assertThat(name).startsWith(top));
        assertThat(entries.keySet())
                .filteredOn(name -> !name.equals(top))
                .allSatisfy(name -> assertThat(name).startsWith(top + "/"));
        for (String file : List.of(
                "bin/iptriage",
                "bin/lib/jvm-flags.sh",
                "lib/iptriage.jar",
                "lib/build-id",
                "runtime/bin/java",
                "runtime/release",
                "runtime/lib/server/classes.jsa",
                "README.md",
                "NOTICE",
                "LICENSE")) {
            assertThat(entries).as(file).containsKey(top + "/" + file);
            assertThat(install.resolve(file)).isRegularFile();
        }
        assertThat(entries.get(top + "/bin/iptriage").getMode() & 0777).isEqualTo(0755);
        assertThat(entries.get(top + "/runtime/bin/java").getMode() & 0111).isEqualTo(0111);
        // (lib/iptriage.jar is the CLI's jar less some native libraries: see below)
        // one flag logic for both launchers: the archive carries the checkout's file
        assertThat(install.resolve("bin/lib/jvm-flags.sh"))
                .hasSameTextualContentAs(project.resolve("bin/lib/jvm-flags.sh"));
        assertThat(Files.readString(install.resolve("lib/build-id")).strip()).matches("[0-9a-f]{16}");

        // a trimmed runtime: what the jar needs, not the whole JDK, without debug files, man pages, headers
        String release = Files.readString(install.resolve("runtime/release"));
        Matcher m = Pattern.compile("(?m)^MODULES=\"([^\"]*)\"").matcher(release);
        assertThat(m.find()).isTrue();
        List<String> modules = Arrays.asList(m.group(1).split(" "));
        assertThat(modules)
                .contains("java.base", "java.sql", "java.net.http", "java.desktop", "jdk.httpserver")
                .doesNotContain("jdk.compiler", "jdk.jshell", "java.se", "jdk.jlink");
        assertThat(entries.keySet())
                .noneMatch(n -> n.startsWith(top + "/runtime/man/")
                        || n.startsWith(top + "/runtime/include/")
                        || n.endsWith(".debuginfo"));
    }

    @Test
    void theJarIsTheClisWithSqlitesNativeLibraryForThisPlatformOnly() throws IOException {
        String sqlite = "org/sqlite/native/";
        String own = sqlite
                + switch (platform) {
                    case "linux-x64" -> "Linux/x86_64/";
                    case "linux-aarch64" -> "Linux/aarch64/";
                    default -> throw new AssertionError("no sqlite-jdbc folder known for " + platform);
                };
        List<ZipEntry> cli = jarEntries(cliJar);
        List<ZipEntry> archived = jarEntries(install.resolve("lib/iptriage.jar"));
        // the CLI's jar, for java -jar anywhere, has more platforms than this one
        assertThat(nativeFolders(cli, sqlite)).contains(own).hasSizeGreaterThan(5);
        // the archive's: exactly its own, with the same library
        assertThat(nativeFolders(archived, sqlite)).containsExactly(own);
        // and every other entry of the CLI's jar, in the same order, with the same content
        List<String> expected = cli.stream()
                .filter(e ->
                        !e.getName().startsWith(sqlite) || e.getName().startsWith(own) || own.startsWith(e.getName()))
                .map(ReleaseArchiveIT::describe)
                .toList();
        assertThat(archived.stream().map(ReleaseArchiveIT::describe).toList()).isEqualTo(expected);
        assertThat(archived.get(0).getName()).isEqualTo("META-INF/MANIFEST.MF");
        // the build id the launcher keys its start-up cache on is the archive's jar's (its SHA-256's start)
        String sha256;
        try {
            sha256 = java.util.HexFormat.of()
                    .formatHex(java.security.MessageDigest.getInstance("SHA-256")
                            .digest(Files.readAllBytes(install.resolve("lib/iptriage.jar"))));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
        assertThat(Files.readString(install.resolve("lib/build-id")).strip()).isEqualTo(sha256.substring(0, 16));
    }

    /** The folders under {@code prefix} (OS/ARCH/) that hold a file, in {@code entries}. */
    private static TreeSet<String> nativeFolders(List<ZipEntry> entries, String prefix) {
        TreeSet<String> folders = new TreeSet<>();
        for (ZipEntry e : entries) {
            if (e.getName().startsWith(prefix) && !e.isDirectory()) {
                folders.add(e.getName().substring(0, e.getName().lastIndexOf('/') + 1));
            }
        }
        return folders;
    }

    private static List<ZipEntry> jarEntries(Path jar) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            return new ArrayList<>(java.util.Collections.list(zip.entries()));
        }
    }

    private static String describe(ZipEntry e) {
        return e.getName() + " " + e.getMethod() + " " + e.getSize() + " " + Long.toHexString(e.getCrc()) + " "
                + e.getLastModifiedTime();
    }

    @Test
    void theDnsCacheIsAnSqliteFileMadeByTheArchivesOwnNativeLibrary() throws Exception {
        // private, loopback and link-local addresses only (never sent), a dry run (sends nothing)
        // and a resolver on this machine: no DNS query can leave it
        Path ips = temp.resolve("private-ips.txt");
        Files.writeString(ips, "192.168.1.1\n10.0.0.1\n127.0.0.1\nfe80::1\n");
        Path cache = temp.resolve("dns cache/answers.sqlite");
        Path home = temp.resolve("sqlite home");
        Files.createDirectories(home);
        Result r = run(
                List.of(
                        install.resolve("bin/iptriage").toString(),
                        "enrich",
                        "--ptr",
                        "--dry-run",
                        "--resolver",
                        "127.0.0.1",
                        "--cache",
                        cache.toString(),
                        ips.toString()),
                null,
                cleanEnv(home),
                temp);
        assertThat(r.err()).as("stderr").doesNotContain("DNS cache not used").doesNotContain("Exception");
        assertThat(r.code()).as("exit code; stderr: %s", r.err()).isZero();
        // a dry run prints the queries it would send: none
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("queries that would be sent 0").contains("not sent (private or reserved) 4");
        assertThat(cache).isRegularFile();
        byte[] head;
        try (InputStream in = Files.newInputStream(cache)) {
            head = in.readNBytes(16);
        }
        assertThat(new String(head, StandardCharsets.ISO_8859_1)).isEqualTo("SQLite format 3\0");
    }

    @Test
    void manPagesAndCompletionScriptsAreAtTheirPlaces() throws IOException {
        // made by iptriage-cli's package phase; each file there is in the archive, at the same place
        for (String[] pair : new String[][] {{"man/man1", "man/man1"}, {"completion", "completion"}}) {
            Path from = cliTarget.resolve(pair[0]);
            if (!Files.isDirectory(from)) {
                assertThat(entries.keySet()).noneMatch(n -> n.startsWith(top + "/" + pair[1] + "/"));
                continue;
            }
            try (Stream<Path> files = Files.walk(from)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    String rel = from.relativize(f).toString();
                    assertThat(entries).as(pair[1] + "/" + rel).containsKey(top + "/" + pair[1] + "/" + rel);
                    assertThat(install.resolve(pair[1]).resolve(rel)).hasSameBinaryContentAs(f);
                }
            }
        }
    }

    @Test
    void licencesCoverEveryBundledLibraryAndTheData() throws IOException {
        String notice = Files.readString(install.resolve("NOTICE"));
        assertThat(notice).contains("Apache License, Version 2.0").contains("CC BY 4.0");
        assertThat(Files.readString(install.resolve("LICENSE")))
                .contains("Apache License")
                .contains("Version 2.0");
        String thirdParty = Files.readString(install.resolve("licenses/THIRD-PARTY.txt"));

        // every library the jar holds (its Maven coordinates and version) is named with its licence
        TreeSet<String> bundled = new TreeSet<>();
        try (ZipFile jar = new ZipFile(cliJar.toFile())) {
            for (ZipEntry e : java.util.Collections.list(jar.entries())) {
                if (e.getName().startsWith("META-INF/maven/") && e.getName().endsWith("/pom.properties")) {
                    Properties p = new Properties();
                    try (InputStream in = jar.getInputStream(e)) {
                        p.load(in);
                    }
                    if (!p.getProperty("groupId").equals("dev.iptriage")) {
                        bundled.add(p.getProperty("groupId") + ":" + p.getProperty("artifactId") + " "
                                + p.getProperty("version"));
                    }
                }
            }
            // two libraries leave no pom.properties behind: named by their packages
            assertThat(jar.getEntry("picocli/CommandLine.class")).isNotNull();
            assertThat(jar.getEntry("de/siegmar/fastcsv/reader/CsvReader.class"))
                    .isNotNull();
        }
        assertThat(bundled).hasSizeGreaterThan(10);
        bundled.addAll(
                Arrays.asList(System.getProperty("iptriage.bundled.extra").split(",")));
        for (String lib : bundled) {
            assertThat(thirdParty).as("THIRD-PARTY.txt names %s", lib).contains(lib);
        }
        // and every licence named there has its text in the archive
        Matcher m = Pattern.compile(" -- ([A-Z][A-Za-z0-9.-]+) -- ").matcher(thirdParty);
        TreeSet<String> licences = new TreeSet<>();
        while (m.find()) {
            licences.add(m.group(1));
        }
        assertThat(licences).contains("Apache-2.0", "MIT");
        for (String l : licences) {
            Path text = l.equals("Apache-2.0") ? install.resolve("LICENSE") : install.resolve("licenses/" + l + ".txt");
            assertThat(text).as("the text of %s", l).isRegularFile();
        }
        // the libraries' own licence files, as the jar keeps them, and the runtime's
        assertThat(install.resolve("licenses/bundled/LICENSE.txt")).isRegularFile();
        assertThat(install.resolve("runtime/legal/java.base/LICENSE")).exists();
    }

    @Test
    void theMainJobNeedsNoJavaOnTheMachineAndAnswersAsTheJar() throws Exception {
        // no java on the PATH the launcher gets
        Result noJava = run(List.of("bash", "-c", "command -v java"), null, cleanEnv(temp.resolve("home")), null);
        assertThat(noJava.code()).isNotZero();
        assertThat(noJava.out()).isEmpty();

        Path ips = temp.resolve("ips.txt");
        Files.writeString(ips, ADDRESSES);
        Path examplesIps = project.resolve("examples/ips.txt");
        List<List<String>> jobs = List.of(
                List.of("enrich", "-q", ips.toString()),
                List.of("enrich", "-q", "-f", "jsonl", examplesIps.toString()),
                List.of("enrich", "-q", "--unique", "-"));
        Map<String, String> env = cleanEnv(temp.resolve("home"));
        Path launcher = install.resolve("bin/iptriage");
        // the cache of a build installed here before: dropped when this build's is made
        Path stale = install.resolve("cache/00000000deadbeef");
        Files.createDirectories(stale);
        Files.writeString(stale.resolve("iptriage.aot"), "not a cache");
        Path linkDir = temp.resolve("local bin");
        Files.createDirectories(linkDir);
        Path link = Files.createSymbolicLink(linkDir.resolve("iptriage"), launcher);

        for (List<String> job : jobs) {
            String stdin = job.contains("-") ? ADDRESSES : null;
            Result expected = runJar(job, stdin);
            assertThat(expected.code()).isZero();
            assertThat(expected.out()).contains("8.8.8.8");
            // the launcher itself, a symlink to it, and that symlink found on PATH by its name
            for (String start : List.of(launcher.toString(), link.toString(), "iptriage")) {
                List<String> cmd = new ArrayList<>(List.of(start));
                Map<String, String> e = env;
                if (start.equals("iptriage")) {
                    cmd = new ArrayList<>(List.of("bash", "-c", "iptriage \"$@\"", "-"));
                    e = new HashMap<>(env);
                    e.put("PATH", linkDir + ":" + env.get("PATH"));
                }
                cmd.addAll(job);
                Result got = run(cmd, stdin, e, temp);
                assertThat(got.err()).as("%s %s: stderr", start, job).isEmpty();
                assertThat(got.code()).isZero();
                assertThat(got.out()).as("%s %s", start, job).isEqualTo(expected.out());
            }
        }
        // the start-up cache went into the install (writable here), per build of the jar
        String id = Files.readString(install.resolve("lib/build-id")).strip();
        assertThat(install.resolve("cache").resolve(id)).isDirectory();
        assertThat(stale).doesNotExist();
        assertCacheIsUsed(install.resolve("cache").resolve(id), List.of(link.toString()), env, jobs.get(0));

        // IPTRIAGE_JAVA_OPTS reaches the JVM, which is the archive's runtime
        Map<String, String> withOpts = new HashMap<>(env);
        withOpts.put("IPTRIAGE_JAVA_OPTS", "-XshowSettings:properties");
        Result r = run(List.of(link.toString(), "enrich", "-q", ips.toString()), null, withOpts, temp);
        assertThat(r.code()).isZero();
        assertThat(r.err()).contains("java.home = " + install.resolve("runtime"));
        assertThat(r.out()).isEqualTo(runJar(jobs.get(0), null).out());
    }

    @Test
    void aReadOnlyInstallRunsAndKeepsItsCacheInTheUsersCacheFolderOrNowhere() throws Exception {
        // a second copy, nobody's to write; as root, the runs are a plain user's (root writes anywhere)
        boolean root = "0"
                .equals(run(List.of("id", "-u"), null, Map.of("PATH", System.getenv("PATH")), null)
                        .out()
                        .strip());
        Path setpriv = which("setpriv");
        assumeTrue(!root || setpriv != null, "running as root without setpriv: cannot run as a plain user");
        Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path dir = temp.resolve("read only");
        Files.createDirectories(dir);
        assertThat(run(List.of("tar", "-xzf", archive.toString(), "-C", dir.toString()), null, Map.of(), null)
                        .code())
                .isZero();
        Path roInstall = dir.resolve(top);
        assertThat(run(List.of("chmod", "-R", "a-w", dir.toString()), null, Map.of(), null)
                        .code())
                .isZero();
        Path home = temp.resolve("user home");
        Files.createDirectories(home);
        Path ips = temp.resolve("ro-ips.txt");
        Files.writeString(ips, ADDRESSES);
        if (root) {
            assertThat(run(List.of("chown", "65534:65534", home.toString()), null, Map.of(), null)
                            .code())
                    .isZero();
        }
        String expected = runJar(List.of("enrich", "-q", ips.toString()), null).out();

        List<String> cmd = new ArrayList<>();
        if (root) {
            cmd.addAll(List.of(setpriv.toString(), "--reuid=65534", "--regid=65534", "--clear-groups", "--"));
        }
        cmd.addAll(List.of(roInstall.resolve("bin/iptriage").toString(), "enrich", "-q", ips.toString()));

        Result r = run(cmd, null, cleanEnv(home), temp);
        assertThat(r.err()).isEmpty();
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo(expected);
        assertThat(roInstall.resolve("cache")).doesNotExist();
        String id = Files.readString(roInstall.resolve("lib/build-id")).strip();
        Path userCache;
        try (Stream<Path> s = Files.walk(home)) {
            userCache = s.filter(p -> p.getFileName().toString().equals(id)).toList().stream()
                    .reduce((a, b) -> {
                        throw new AssertionError("two cache folders: " + a + ", " + b);
                    })
                    .orElseThrow(() -> new AssertionError("no cache folder under " + home));
        }
        assertThat(home.relativize(userCache).toString()).startsWith(".cache/iptriage/installs/");
        List<String> asUser = cmd.subList(0, cmd.size() - 3);
        assertCacheIsUsed(userCache, asUser, cleanEnv(home), List.of("enrich", "-q", ips.toString()));

        // no cache folder to be had at all: still the same answer, silently
        Map<String, String> noHome = cleanEnv(roInstall); // HOME is the read-only install
        r = run(cmd, null, noHome, temp);
        assertThat(r.err()).isEmpty();
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo(expected);
    }

    /**
     * The start-up cache in {@code dir} is there and the JVM can use it: on Java 25+ the AOT cache,
     * with -XX:AOTMode=on (which stops the JVM when it cannot); before, the class-data sharing archive.
     */
    private void assertCacheIsUsed(Path dir, List<String> launcher, Map<String, String> env, List<String> job)
            throws Exception {
        Matcher v = Pattern.compile("(?m)^JAVA_VERSION=\"(\\d+)")
                .matcher(Files.readString(install.resolve("runtime/release")));
        assertThat(v.find()).isTrue();
        if (Integer.parseInt(v.group(1)) < 25) {
            assertThat(dir.resolve("iptriage.jsa")).isRegularFile();
            return;
        }
        assertThat(dir.resolve("iptriage.aot")).isRegularFile();
        Map<String, String> strict = new HashMap<>(env);
        strict.put("IPTRIAGE_JAVA_OPTS", "-XX:AOTMode=on");
        List<String> cmd = new ArrayList<>(launcher);
        cmd.addAll(job);
        Result r = run(cmd, null, strict, temp);
        assertThat(r.err()).as("the AOT cache in %s is used", dir).isEmpty();
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo(runJar(job, null).out());
    }

    private Map<String, String> cleanEnv(Path home) {
        Map<String, String> env = new HashMap<>();
        env.put("PATH", tools.toString());
        env.put("HOME", home.toString());
        env.put("LANG", "C.UTF-8");
        String tmp = System.getenv("TMPDIR");
        if (tmp != null) {
            env.put("TMPDIR", tmp);
        }
        return env; // no JAVA_HOME, IPTRIAGE_JAVA_HOME, IPTRIAGE_JAVA_OPTS
    }

    private Result runJar(List<String> args, String stdin) throws Exception {
        List<String> cmd = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", cliJar.toString()));
        cmd.addAll(args);
        return run(cmd, stdin, Map.of("PATH", System.getenv("PATH"), "LANG", "C.UTF-8"), temp);
    }

    private record Result(int code, String out, String err) {}

    private static Result run(List<String> cmd, String stdin, Map<String, String> env, Path cwd) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd);
        if (cwd != null) {
            pb.directory(cwd.toFile());
        }
        if (!env.isEmpty()) {
            pb.environment().clear();
            pb.environment().putAll(env);
        }
        Process p = pb.start();
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
        if (stdin != null) {
            p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("%s finished", cmd).isTrue();
        return new Result(
                p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err.get(), StandardCharsets.UTF_8));
    }

    private static byte[] readAll(InputStream in) {
        try {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            in.transferTo(b);
            return b.toByteArray();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Path which(String tool) {
        for (String d : System.getenv("PATH").split(":")) {
            Path p = Path.of(d.isEmpty() ? "." : d, tool);
            if (Files.isExecutable(p) && !Files.isDirectory(p)) {
                return p;
            }
        }
        return null;
    }
}
