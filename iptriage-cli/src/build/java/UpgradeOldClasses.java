import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;

/**
 * Build step (run by the iptriage-cli POM on the shaded jar, with ASM on the class path): copies it
 * entry by entry, each with its metadata, rewriting the class files older than Java 6 (version 50),
 * which are picocli's (built for Java 5), as Java 8 class files with stack map frames. The JVM's AOT cache and class-data sharing archive cannot hold
 * such old classes once they have been linked, so every start loaded and verified picocli's 228
 * classes from the jar with the old verifier: about 40 ms of a 20-line run. The bytecode is
 * otherwise unchanged. Each rewritten class is then loaded, verified and initialized from the new
 * jar, so a bad rewrite fails the build, not a user's run.
 *
 * <p>usage: {@code java -cp asm.jar UpgradeOldClasses.java IN.jar OUT.jar} (OUT.jar is replaced only
 * when every class was rewritten and loads)
 */
public final class UpgradeOldClasses {
    private static final int JAVA_6 = 50;

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: java -cp asm.jar UpgradeOldClasses.java IN.jar OUT.jar");
            System.exit(2);
        }
        Path jar = Path.of(args[0]);
        Path target = Path.of(args[1]);
        Path tmp = target.resolveSibling(target.getFileName() + ".upgrading");
        List<String> upgraded = new ArrayList<>();
        try (URLClassLoader hierarchy = new URLClassLoader(
                        new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
                ZipFile in = new ZipFile(jar.toFile());
                OutputStream file = Files.newOutputStream(tmp);
                ZipOutputStream out = new ZipOutputStream(file)) {
            for (Enumeration<? extends ZipEntry> e = in.entries(); e.hasMoreElements(); ) {
                ZipEntry entry = e.nextElement();
                byte[] bytes;
                try (InputStream s = in.getInputStream(entry)) {
                    bytes = s.readAllBytes();
                }
                // the entry as it was (time, extra fields such as the jar marker, comment, method)
                ZipEntry copy = new ZipEntry(entry);
                if (entry.getName().endsWith(".class") && major(bytes) < JAVA_6) {
                    bytes = upgrade(bytes, hierarchy);
                    upgraded.add(entry.getName());
                    CRC32 crc = new CRC32();
                    crc.update(bytes);
                    copy.setCrc(crc.getValue());
                    copy.setSize(bytes.length);
                    copy.setCompressedSize(copy.getMethod() == ZipEntry.STORED ? bytes.length : -1);
                }
                out.putNextEntry(copy);
                out.write(bytes);
                out.closeEntry();
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        verify(tmp, upgraded);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        System.out.println("[upgrade-old-classes] " + target.getFileName() + ": " + upgraded.size()
                + " class files older than Java 6 rewritten as Java 8 class files");
    }

    private static int major(byte[] c) {
        if (c.length < 8 || (c[0] & 0xFF) != 0xCA || (c[1] & 0xFF) != 0xFE) {
            throw new IllegalArgumentException("not a class file");
        }
        return (c[6] & 0xFF) << 8 | (c[7] & 0xFF);
    }

    /** The class as a Java 8 class file, its stack map frames computed from the jar's class hierarchy. */
    private static byte[] upgrade(byte[] bytes, ClassLoader hierarchy) {
        ClassWriter w = new ClassWriter(ClassWriter.COMPUTE_FRAMES) {
            @Override
            protected ClassLoader getClassLoader() {
                return hierarchy;
            }
        };
        new ClassReader(bytes)
                .accept(
                        new ClassVisitor(Opcodes.ASM9, w) {
                            @Override
                            public void visit(
                                    int version,
                                    int access,
                                    String name,
                                    String signature,
                                    String superName,
                                    String[] interfaces) {
                                super.visit(Opcodes.V1_8, access, name, signature, superName, interfaces);
                            }
                        },
                        ClassReader.SKIP_FRAMES);
        return w.toByteArray();
    }

    /** Loads, verifies (with the type-checking verifier, as for any Java 8 class) and initializes each class. */
    private static void verify(Path jar, List<String> classes) throws Exception {
        try (URLClassLoader loader =
                new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
            for (String c : classes) {
                String name = c.substring(0, c.length() - ".class".length()).replace('/', '.');
                try {
                    Class.forName(name, true, loader);
                } catch (LinkageError | ClassNotFoundException e) {
                    Files.deleteIfExists(jar);
                    throw new IllegalStateException("rewritten class " + name + " does not load: " + e, e);
                }
            }
        }
    }
}
