package dev.iptriage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The deadline of {@code serve}'s drains: an interrupt that comes as the drain ends, before the deadline is closed,
 * does not stay on the request's thread (its next write would fail), unless the server is stopping.
 */
class LocalServerDeadlineTest {
    @AfterEach
    void clear() {
        Thread.interrupted(); // whatever a failed test left on the test thread
    }

    /** Waits until the watcher has interrupted this thread, as it does when the drain is over but not yet closed. */
    private static void awaitInterrupt() {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!Thread.currentThread().isInterrupted()) {
            assertThat(System.nanoTime()).as("the deadline fired").isLessThan(end);
            Thread.onSpinWait();
        }
    }

    @Test
    void anInterruptThatCameAsTheDrainEndedIsTakenBackOnClose() {
        LocalServer.Deadline d = new LocalServer.Deadline(Thread.currentThread(), Duration.ZERO, () -> false);
        awaitInterrupt();
        d.close();
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }

    @Test
    void whenTheServerIsStoppingTheInterruptIsKept() {
        LocalServer.Deadline d = new LocalServer.Deadline(Thread.currentThread(), Duration.ZERO, () -> true);
        awaitInterrupt();
        d.close();
        assertThat(Thread.currentThread().isInterrupted()).isTrue();
    }

    @Test
    void anInterruptOfAnotherWhenTheDeadlineDidNotFireIsKept() {
        LocalServer.Deadline d = new LocalServer.Deadline(Thread.currentThread(), Duration.ofHours(1), () -> false);
        Thread.currentThread().interrupt();
        d.close();
        assertThat(Thread.currentThread().isInterrupted()).isTrue();
    }

    @Test
    void aClosedDeadlineNeverInterrupts() throws InterruptedException {
        LocalServer.Deadline d = new LocalServer.Deadline(Thread.currentThread(), Duration.ofMillis(50), () -> false);
        d.close();
        Thread.sleep(300); // would throw if the watcher interrupted after all
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }

    @Test
    void onlyTheWatchedThreadClosesIt() throws InterruptedException {
        LocalServer.Deadline d = new LocalServer.Deadline(Thread.currentThread(), Duration.ofHours(1), () -> false);
        Throwable[] thrown = new Throwable[1];
        Thread other = Thread.ofVirtual().start(() -> {
            try {
                d.close();
            } catch (IllegalStateException e) {
                thrown[0] = e;
            }
        });
        other.join();
        assertThat(thrown[0])
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed by the thread it watches");
        d.close();
    }
}
