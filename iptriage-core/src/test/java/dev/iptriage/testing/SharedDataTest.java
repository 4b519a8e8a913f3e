package dev.iptriage.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class SharedDataTest {
    @TempDir
    Path dir;

    @Test
    void aMissingSharedFolderIsASkipOutsideCiAndAFailureUnderCi() {
        assertThatThrownBy(() -> SharedData.require(null, "data", false)).isInstanceOf(TestAbortedException.class);
        assertThatThrownBy(() -> SharedData.require(null, "data", true))
                .isInstanceOf(AssertionFailedError.class)
                .hasMessageContaining("CI must provide ../shared");
    }

    @Test
    void aMissingFileInsideItIsTooAndAPresentOneIsReturned() throws Exception {
        assertThatThrownBy(() -> SharedData.require(dir, "corpus/x.log", false))
                .isInstanceOf(TestAbortedException.class);
        assertThatThrownBy(() -> SharedData.require(dir, "corpus/x.log", true))
                .isInstanceOf(AssertionFailedError.class)
                .hasMessageContaining("x.log is not present");
        Files.createDirectories(dir.resolve("corpus"));
        Files.writeString(dir.resolve("corpus/x.log"), "1.2.3.4\n");
        assertThat(SharedData.require(dir, "corpus/x.log", true)).isEqualTo(dir.resolve("corpus/x.log"));
    }
}
