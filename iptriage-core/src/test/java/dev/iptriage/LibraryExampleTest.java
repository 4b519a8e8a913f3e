package dev.iptriage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iptriage.testing.Fixtures;
import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's "Use as a library" example, as written there: taken from README.md, compiled
 * against the library (with the build's strict warnings) and run in a JVM of its own, once on the
 * test databases (its output must be what the README says) and once on the embedded data.
 */
class LibraryExampleTest {
    private static final String MARKER = "<!-- library-example:";

    @TempDir
    static Path dir;

    static Path classes;
    static String className;

    @BeforeAll
    static void compile() throws IOException {
        Path readme = Path.of("..", "README.md");
        assertThat(readme).as("README.md beside the module").exists();
        String source = javaBlockAfterMarker(Files.readString(readme, StandardCharsets.UTF_8));
        Matcher m = Pattern.compile("public class (\\w+)").matcher(source);
        assertThat(m.find()).as("a public class in the example").isTrue();
        className = m.group(1);
        Path src = Files.writeString(dir.resolve(className + ".java"), source);
        classes = Files.createDirectories(dir.resolve("classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter messages = new StringWriter();
        boolean ok = javac.getTask(
                        messages,
                        null,
                        null,
                        List.of(
                                "-classpath",
                                classpath(),
                                "-d",
                                classes.toString(),
                                "--release",
                                "21",
                                "-Xlint:all",
                                "-Werror"),
                        null,
                        javac.getStandardFileManager(null, null, StandardCharsets.UTF_8)
                                .getJavaFileObjects(src.toFile()))
                .call();
        assertThat(ok).as("the README example compiles:\n" + messages).isTrue();
    }

    /** The fenced java block that follows the marker line. */
    static String javaBlockAfterMarker(String readme) {
        int at = readme.indexOf(MARKER);
        assertThat(at).as("the marker " + MARKER + " in README.md").isNotNegative();
        int open = readme.indexOf("```java\n", at);
        int close = readme.indexOf("\n```", open + 1);
        assertThat(open).isNotNegative();
        assertThat(close).isGreaterThan(open);
        return readme.substring(open + "```java\n".length(), close + 1);
    }

    /** The test classpath: the library's classes and their dependencies. */
    private static String classpath() {
        return System.getProperty("java.class.path");
    }

    @Test
    void theExamplePrintsWhatTheReadmeSaysOnTheTestDatabases() throws Exception {
        Path city = Fixtures.city(dir);
        Path asn = Fixtures.asn(dir);
        Run r = run(city.toString(), asn.toString());
        assertThat(r.exit).as(r.err).isZero();
        assertThat(r.out)
                .containsExactly(
                        "ok US AS15169 8.8.8.0/24",
                        "81.2.69.160 ok London",
                        "10.1.2.3 private -",
                        "2001:db8::1 reserved -",
                        "not-an-ip invalid -");
        String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
        for (String line : r.out) {
            assertThat(readme).as("the README quotes the output").contains("`" + line + "`");
        }
    }

    @Test
    void theExampleRunsOnTheEmbeddedData() throws Exception {
        Run r = run();
        assertThat(r.exit).as(r.err).isZero();
        assertThat(r.out).hasSize(5);
        assertThat(r.out.get(0)).startsWith("ok US AS15169 ");
        assertThat(r.out.get(4)).isEqualTo("not-an-ip invalid -");
    }

    private record Run(int exit, List<String> out, String err) {}

    private static Run run(String... args) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(
                List.of(java, "-Xmx256m", "-cp", classes + File.pathSeparator + classpath(), className));
        cmd.addAll(List.of(args));
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        Process p = new ProcessBuilder(cmd)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("the example did not end");
        }
        return new Run(
                p.exitValue(),
                Files.readAllLines(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }
}
