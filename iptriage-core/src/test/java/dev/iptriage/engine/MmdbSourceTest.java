package dev.iptriage.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iptriage.databases.Database;
import dev.iptriage.ip.IpLiteral;
import dev.iptriage.model.Field;
import dev.iptriage.testing.Fixtures;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Values and derived values of records: made once per record, kept apart per owner. */
class MmdbSourceTest {
    @TempDir
    Path dir;

    @Test
    void derivedValuesAreMadeOncePerRecordForTheirOwner() throws Exception {
        MmdbSource s = new MmdbSource(Database.open(Fixtures.city(dir)), List.of(Field.CITY, Field.COUNTRY), "en");
        long london1 = s.find(IpLiteral.tryParseStrict("81.2.69.1"));
        long london2 = s.find(IpLiteral.tryParseStrict("81.2.69.200"));
        long mv = s.find(IpLiteral.tryParseStrict("8.8.8.8"));
        Object owner = new Object();
        AtomicInteger made = new AtomicInteger();
        java.util.function.Function<Object[], String> join = v -> {
            made.incrementAndGet();
            return v[0] + "/" + v[1];
        };
        assertThat(s.<String>derived(london1, owner, join)).isEqualTo("London/United Kingdom");
        assertThat(s.<String>derived(london2, owner, join)).isEqualTo("London/United Kingdom");
        assertThat(s.<String>derived(mv, owner, join)).isEqualTo("Mountain View/United States");
        assertThat(made).hasValue(2); // one per record, not per address

        // the values were not kept with the derived value, but come back whole when asked for
        assertThat(s.values(london1)).containsExactly("London", "United Kingdom");
        assertThat(s.values(london2)).isSameAs(s.values(london1));

        // another owner gets its own result every time; the first owner's stays
        Object other = new Object();
        assertThat(s.<String>derived(london1, other, v -> "x")).isEqualTo("x");
        assertThat(s.<String>derived(london1, other, v -> "y")).isEqualTo("y");
        assertThat(s.<String>derived(london1, owner, join)).isEqualTo("London/United Kingdom");
        assertThat(made).hasValue(2);

        // a record whose values were asked for first gets its derived value later, made once too
        MmdbSource t = new MmdbSource(Database.open(Fixtures.city(dir)), List.of(Field.CITY, Field.COUNTRY), "en");
        long mv2 = t.find(IpLiteral.tryParseStrict("8.8.8.9"));
        assertThat(t.values(mv2)).containsExactly("Mountain View", "United States");
        assertThat(t.<String>derived(mv2, owner, join)).isEqualTo("Mountain View/United States");
        assertThat(t.<String>derived(mv2, owner, join)).isEqualTo("Mountain View/United States");
        assertThat(made).hasValue(3);
        assertThat(t.values(mv2)).containsExactly("Mountain View", "United States");

        long none = s.find(IpLiteral.tryParseStrict("1.2.3.4"));
        assertThat(s.values(none)).isEmpty();
        assertThat(s.<Integer>derived(none, owner, v -> v.length)).isZero();
    }
}
