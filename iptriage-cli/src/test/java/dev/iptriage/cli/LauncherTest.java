package dev.iptriage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher script {@code bin/iptriage}, run by bash in a copy of the project whose Maven and
 * Java are stand-ins: a build that reads its standard input (as a real one may) and a "java" that
 * echoes its standard input.
 */
class LauncherTest {
    @TempDir
    Path root;

    private void script(Path p, String text) throws IOException {
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @Test
    void theFirstRunsBuildDoesNotEatThePipedInput() throws Exception {
        Path project = Path.of("..").toAbsolutePath().normalize();
        script(root.resolve("bin/iptriage"), Files.readString(project.resolve("bin/iptriage")));
        script(root.resolve("bin/lib/find-java.sh"), Files.readString(project.resolve("bin/lib/find-java.sh")));
        script(root.resolve("bin/lib/jvm-flags.sh"), Files.readString(project.resolve("bin/lib/jvm-flags.sh")));
        // the build: reads all of its standard input, then makes the jar
        script(
                root.resolve("bin/mvn"),
                "#!/usr/bin/env bash\ncat >/dev/null\nmkdir -p \"$(dirname \"$0\")/../iptriage-cli/target\"\n"
                        + "touch \"$(dirname \"$0\")/../iptriage-cli/target/iptriage.jar\"\n");
        Path jdk = root.resolve("jdk");
        Files.createDirectories(jdk);
        Files.writeString(jdk.resolve("release"), "JAVA_VERSION=\"21.0.1\"\n");
        script(jdk.resolve("bin/java"), "#!/usr/bin/env bash\ncat\n");
        script(jdk.resolve("bin/javac"), "#!/usr/bin/env bash\nexit 0\n");
        Files.writeString(root.resolve("pom.xml"), "<project/>\n");

        ProcessBuilder pb = new ProcessBuilder(
                        "bash", root.resolve("bin/iptriage").toString(), "enrich", "-")
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("IPTRIAGE_JAVA_HOME", jdk.toString());
        pb.environment().remove("JAVA_HOME");
        Process p = pb.start();
        p.getOutputStream().write("8.8.8.8\n1.1.1.1\n".getBytes(StandardCharsets.US_ASCII));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(root.resolve("iptriage-cli/target/iptriage.jar"))
                .as("the launcher built")
                .exists();
        assertThat(out).as("what java was given on stdin").isEqualTo("8.8.8.8\n1.1.1.1\n");
    }
}
