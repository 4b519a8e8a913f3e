package dev.iptriage.testing.dns;

import static dev.iptriage.testing.dns.DnsTestWorld.NAME_CONFIRMED;
import static dev.iptriage.testing.dns.DnsTestWorld.PTR_CONFIRMED;
import static dev.iptriage.testing.dns.DnsTestWorld.reverseName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * {@link DnsWorld} and {@link DnsWorldExtension}: the world is up (and answers) when the class's own
 * {@code @BeforeAll} runs, every server is stopped after the class, and a field the extension cannot
 * fill is named in the error.
 */
class DnsWorldExtensionTest {
    @DnsWorld
    static DnsTestWorld world;

    private static DnsTestWorld inBeforeAll;

    @BeforeAll
    static void look() {
        inBeforeAll = world;
    }

    @Test
    void theWorldIsStartedBeforeTheClassesBeforeAllAndAnswers() throws Exception {
        assertThat(inBeforeAll).isNotNull().isSameAs(world);
        assertThat(ptr(world)).containsExactly(NAME_CONFIRMED + ".");
    }

    /** Two worlds (one per field, the superclass's too) are started, then closed and the fields cleared. */
    @Test
    void afterTheClassEveryServerIsStoppedAndTheFieldsAreCleared() throws Exception {
        DnsWorldExtension extension = new DnsWorldExtension();
        ExtensionContext context = context(Two.class);
        extension.beforeAll(context);
        List<DnsTestWorld> started = List.of(One.world, Two.other);
        try {
            assertThat(started).doesNotContainNull().doesNotHaveDuplicates();
            for (DnsTestWorld w : started) {
                assertThat(ptr(w)).containsExactly(NAME_CONFIRMED + ".");
            }
        } finally {
            extension.afterAll(context);
        }
        assertThat(One.world).isNull();
        assertThat(Two.other).isNull();
        for (DnsTestWorld w : started) {
            for (DnsServer s : List.of(w.front(), w.blocklistServer(), w.dnsmasqServer())) {
                assertThat(s.isAlive()).as(s.toString()).isFalse();
            }
        }
    }

    @Test
    void aFieldItCannotFillIsNamedInTheError() {
        DnsWorldExtension extension = new DnsWorldExtension();
        assertThatThrownBy(() -> extension.beforeAll(context(NotStatic.class)))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage("@DnsWorld field NotStatic.world: must be static and not final"
                        + " (the world is started once per class)");
        assertThatThrownBy(() -> extension.beforeAll(context(WrongType.class)))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage("@DnsWorld field WrongType.world: must have the type DnsTestWorld, not String");
    }

    // ---- helpers ----

    static class One {
        @DnsWorld
        static DnsTestWorld world;
    }

    static class Two extends One {
        @DnsWorld
        static DnsTestWorld other;
    }

    static class NotStatic {
        @DnsWorld
        DnsTestWorld world;
    }

    static class WrongType {
        @DnsWorld
        static String world;
    }

    /** The PTR names the world's resolver gives for {@link DnsTestWorld#PTR_CONFIRMED}. */
    private static List<String> ptr(DnsTestWorld w) throws Exception {
        SimpleResolver r = new SimpleResolver(w.socketAddress());
        r.setTimeout(Duration.ofSeconds(10));
        Message q = Message.newQuery(
                Record.newRecord(Name.fromString(reverseName(PTR_CONFIRMED) + "."), Type.PTR, DClass.IN));
        return r.send(q).getSection(Section.ANSWER).stream()
                .map(Record::rdataToString)
                .toList();
    }

    /** The little of a class's {@link ExtensionContext} the extension uses: its class and a store. */
    private static ExtensionContext context(Class<?> testClass) {
        Map<Object, Object> values = new HashMap<>();
        ExtensionContext.Store store = (ExtensionContext.Store) Proxy.newProxyInstance(
                DnsWorldExtensionTest.class.getClassLoader(),
                new Class<?>[] {ExtensionContext.Store.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "put" -> values.put(args[0], args[1]);
                    case "remove" -> ((Class<?>) args[1]).cast(values.remove(args[0]));
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        return (ExtensionContext) Proxy.newProxyInstance(
                DnsWorldExtensionTest.class.getClassLoader(),
                new Class<?>[] {ExtensionContext.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getRequiredTestClass" -> testClass;
                    case "getStore" -> store;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
