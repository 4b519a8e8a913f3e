package dev.iptriage.testing.dns;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;

/**
 * Starts a {@link DnsTestWorld} for each {@link DnsWorld} field of a test class before its
 * {@code @BeforeAll} methods, and closes it after its {@code @AfterAll} methods (then sets the field
 * back to null). Whatever {@link DnsTestWorld#start()} throws reaches JUnit as it is: a server that
 * does not start fails the class with the server's output; a missing binary skips it, or fails it
 * under CI ({@link DnsServer}).
 */
public final class DnsWorldExtension implements BeforeAllCallback, AfterAllCallback {
    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(DnsWorldExtension.class);

    /** The worlds this extension started for one class, and the fields that hold them. */
    private record Started(List<Field> fields, List<DnsTestWorld> worlds) {}

    @Override
    public void beforeAll(ExtensionContext context) throws IllegalAccessException {
        Class<?> testClass = context.getRequiredTestClass();
        List<Field> fields = AnnotationSupport.findAnnotatedFields(
                testClass, DnsWorld.class, f -> true, HierarchyTraversalMode.TOP_DOWN);
        for (Field f : fields) {
            check(f);
        }
        // kept before the first start, so that afterAll closes what did start if a later one fails
        Started started = new Started(new ArrayList<>(), new ArrayList<>());
        context.getStore(NAMESPACE).put(testClass, started);
        for (Field f : fields) {
            DnsTestWorld world = DnsTestWorld.start();
            started.fields().add(f);
            started.worlds().add(world);
            f.setAccessible(true);
            f.set(null, world);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws IllegalAccessException {
        Started started = context.getStore(NAMESPACE).remove(context.getRequiredTestClass(), Started.class);
        if (started == null) {
            return;
        }
        for (int i = 0; i < started.worlds().size(); i++) {
            started.worlds().get(i).close();
            started.fields().get(i).set(null, null);
        }
    }

    private static void check(Field f) {
        String where = "@DnsWorld field " + f.getDeclaringClass().getSimpleName() + "." + f.getName();
        int m = f.getModifiers();
        if (!Modifier.isStatic(m) || Modifier.isFinal(m)) {
            throw new ExtensionConfigurationException(
                    where + ": must be static and not final (the world is started once per class)");
        }
        if (f.getType() != DnsTestWorld.class) {
            throw new ExtensionConfigurationException(where + ": must have the type DnsTestWorld, not "
                    + f.getType().getSimpleName());
        }
    }
}
