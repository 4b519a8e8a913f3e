package dev.iptriage.listupdate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iptriage.dbupdate.Http;
import dev.iptriage.listupdate.ListFreshness.Stale;
import dev.iptriage.testing.StubListServer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ListFreshness} with fixed clocks: from the state's last check, else the file's time. */
class ListFreshnessTest {
    private static final Instant T0 = ListUpdaterTest.T0;

    @TempDir
    Path dir;

    private static Clock at(Instant t) {
        return Clock.fixed(t, ZoneOffset.UTC);
    }

    @Test
    void aListIsStalePastTwiceItsCadenceCountedFromTheLastSuccessfulCheck() throws Exception {
        ListSource feodo = ListCatalogue.find("feodo_ipblocklist").orElseThrow();
        try (StubListServer stub = StubListServer.start()) {
            stub.publish(feodo.url().getPath(), ListUpdaterTest.FEODO_V1, "\"f1\"", null);
            ListUpdater.update(
                    List.of(feodo),
                    new ListUpdater.Options(
                            dir,
                            URI.create(stub.url()),
                            false,
                            false,
                            new Http.Policy(1, Duration.ZERO, Duration.ZERO, Duration.ofSeconds(20), "test"),
                            Duration.ofSeconds(10),
                            1 << 20,
                            at(T0),
                            null),
                    m -> {});
        }
        // the file's own time (today, whatever the date) must not matter: the state says when it was checked
        Files.setLastModifiedTime(dir.resolve(feodo.file()), FileTime.from(T0.plus(Duration.ofDays(400))));
        Duration limit = feodo.cadence().multipliedBy(ListFreshness.FACTOR);
        assertThat(ListFreshness.check(dir, at(T0.plus(limit)))).isEmpty();
        List<Stale> stale = ListFreshness.check(dir, at(T0.plus(limit).plusSeconds(1)));
        assertThat(stale)
                .containsExactly(new Stale(
                        "feodo_ipblocklist", dir.resolve(feodo.file()), limit.plusSeconds(1), feodo.cadence()));
        assertThat(stale.get(0).message())
                .isEqualTo("feodo_ipblocklist: last checked 1h00m ago, its publisher updates it every 30m"
                        + " (iptriage lists update feodo_ipblocklist)");
    }

    @Test
    void withoutStateTheFilesTimeCountsAndUsersOwnListsAreNeverStale() throws Exception {
        Files.writeString(dir.resolve("spamhaus_drop_v4.json"), "");
        Files.writeString(dir.resolve("tor_exit_nodes.txt"), "");
        Files.writeString(dir.resolve("my_watchlist.txt"), "10.0.0.0/8\n");
        for (String f : List.of("spamhaus_drop_v4.json", "tor_exit_nodes.txt", "my_watchlist.txt")) {
            Files.setLastModifiedTime(dir.resolve(f), FileTime.from(T0.minus(Duration.ofDays(3))));
        }
        Files.setLastModifiedTime(dir.resolve("tor_exit_nodes.txt"), FileTime.from(T0.minus(Duration.ofMinutes(10))));
        List<Stale> stale = ListFreshness.check(dir, at(T0));
        assertThat(stale).extracting(Stale::name).containsExactly("spamhaus_drop_v4");
        assertThat(stale.get(0).age()).isEqualTo(Duration.ofDays(3));
        assertThat(stale.get(0).cadence()).isEqualTo(Duration.ofDays(1));
        assertThat(ListFreshness.check(dir.resolve("missing"), at(T0))).isEmpty();
    }
}
