package dev.iptriage.testing.dns;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test class's {@link DnsTestWorld}: on a {@code static DnsTestWorld} field, the world is started
 * before the class's {@code @BeforeAll} methods run (so they can use {@link DnsTestWorld#resolver()})
 * and closed after its {@code @AfterAll} methods, by {@link DnsWorldExtension}:
 *
 * <pre>{@code
 * @DnsWorld
 * static DnsTestWorld world;
 * }</pre>
 *
 * <p>One world per class, never shared between classes: tests read the whole {@link
 * DnsTestWorld#queryLog()} (a query another class sent would be in it) and count what reaches the
 * servers behind the resolver (an answer another class left in unbound's cache would not).
 */
@Documented
@Target(ElementType.FIELD)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(DnsWorldExtension.class)
public @interface DnsWorld {}
