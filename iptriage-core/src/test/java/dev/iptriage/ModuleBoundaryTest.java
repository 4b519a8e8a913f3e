package dev.iptriage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The library as a JPMS module ({@code dev.iptriage.core}, its module-info): a program on the module
 * path that {@code requires dev.iptriage.core} compiles and runs against the front door (the embedded
 * data found inside the module), and cannot compile against a package that is not API.
 */
class ModuleBoundaryTest {
    /** The libraries core requires (and commons-compress and dnsjava do), as found on the test class path. */
    private static final List<String> REQUIRED = List.of(
            "jackson-core-",
            "jline-terminal-",
            "fastcsv-",
            "commons-compress-",
            "commons-io-",
            "commons-lang3-",
            "commons-codec-",
            "dnsjava-",
            "sqlite-jdbc-",
            "slf4j-api-"); // dnsjava requires org.slf4j

    @TempDir
    Path dir;

    private String modulePath;

    @BeforeEach
    void locateTheModule() {
        Path classes = Path.of("target", "classes");
        assertThat(classes.resolve("module-info.class"))
                .as("core compiled as a module")
                .exists();
        List<String> path = new ArrayList<>(List.of(classes.toAbsolutePath().toString()));
        for (String name : REQUIRED) {
            String jar = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                    .filter(e -> Path.of(e).getFileName().toString().startsWith(name) && e.endsWith(".jar"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError(name + "*.jar is not on the test class path"));
            path.add(jar);
        }
        modulePath = String.join(File.pathSeparator, path);
    }

    private static final String MODULE = "module example.consumer { requires dev.iptriage.core; }\n";

    private static final String MAIN = """
            package example.consumer;

            import dev.iptriage.IpInfo;
            import dev.iptriage.IpTriage;

            public class Main {
                public static void main(String[] args) throws Exception {
                    try (IpTriage t = IpTriage.builder().build()) {
                        IpInfo i = t.lookup("8.8.8.8");
                        System.out.println(i.statusText() + " "
                                + i.location().flatMap(l -> l.countryIso()).orElse("-") + " "
                                + i.autonomousSystem().map(a -> "AS" + a.number()).orElse("-"));
                    }
                }
            }
            """;

    private String compile(Path out, String moduleInfo, String mainClass) throws IOException {
        Path src = Files.createDirectories(dir.resolve("src-" + out.getFileName()));
        Path pkg = Files.createDirectories(src.resolve("example/consumer"));
        Path info = Files.writeString(src.resolve("module-info.java"), moduleInfo);
        Path main = Files.writeString(pkg.resolve("Main.java"), mainClass);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter messages = new StringWriter();
        boolean ok = javac.getTask(
                        messages,
                        null,
                        null,
                        List.of("--module-path", modulePath, "-d", out.toString(), "--release", "21"),
                        null,
                        javac.getStandardFileManager(null, null, StandardCharsets.UTF_8)
                                .getJavaFileObjects(info.toFile(), main.toFile()))
                .call();
        return ok ? null : messages.toString();
    }

    @Test
    void aModularProgramUsesTheFrontDoorAndTheEmbeddedDataInsideTheModule() throws Exception {
        Path out = Files.createDirectories(dir.resolve("ok"));
        assertThat(compile(out, MODULE, MAIN)).as("compiler messages").isNull();
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(
                        java,
                        "-Xmx256m",
                        "--module-path",
                        out + File.pathSeparator + modulePath,
                        "-m",
                        "example.consumer/example.consumer.Main")
                .redirectErrorStream(true)
                .start();
        String printed = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(printed).isZero();
        assertThat(printed.strip()).isEqualTo("ok US AS15169");
    }

    @Test
    void theEngineAndTheOtherInternalPackagesAreNotApi() throws Exception {
        for (String internal : List.of(
                "dev.iptriage.engine.Engine",
                "dev.iptriage.databases.Database",
                "dev.iptriage.mmdb.MmdbReader",
                "dev.iptriage.sink.SinkFormat",
                "dev.iptriage.text.CellText")) {
            String main = "package example.consumer;\n\npublic class Main {\n    " + internal + " x;\n}\n";
            Path out = Files.createDirectories(dir.resolve("no-" + internal.replace('.', '-')));
            String messages = compile(out, MODULE, main);
            String pkg = internal.substring(0, internal.lastIndexOf('.'));
            assertThat(messages)
                    .as(internal + " must not be usable from another module")
                    .isNotNull()
                    .contains("package " + pkg + " is not visible");
        }
        for (String api : List.of(
                "dev.iptriage.ip.IpAddress", "dev.iptriage.model.Status", "dev.iptriage.sources.RemoteSource")) {
            String main = "package example.consumer;\n\npublic class Main {\n    " + api + " x;\n}\n";
            Path out = Files.createDirectories(dir.resolve("api-" + api.replace('.', '-')));
            assertThat(compile(out, MODULE, main)).as(api + " is API").isNull();
        }
    }
}
