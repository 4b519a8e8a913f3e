package dev.iptriage;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The allowed arrows between core's packages, checked on the compiled main classes. {@link #MAY_USE} is the table to
 * read: one line per package, bottom to top, naming the packages of ours that it may use (the JDK and third-party
 * libraries are not restricted). A package may always use itself. An arrow that is not in the table fails the build,
 * and so does a class in a package that has no line (add the line, in the right place, when you add a package).
 */
class PackageDependenciesTest {

    /**
     * {@code package : packages of ours it may use}, relative to {@code dev.iptriage}; {@code (root)} is
     * {@code dev.iptriage} itself, a trailing {@code \} continues a line. Bottom to top: a package only names lines
     * above it. What each package is for: its {@code package-info.java}.
     */
    static final String MAY_USE = """
            ip          :
            text        :
            model       :
            input       : text
            extract     : ip, text
            mmdb        :
            mmdb.csv    : mmdb, ip, text, input
            databases   : mmdb, model, text
            dbupdate    : databases, mmdb, input
            sources     : ip, model
            sink        : model, text, ip
            sink.world  :
            sink.report : sink, sink.world, model, text, sources, ip
            sink.html   : sink.report, sink.world, text
            sink.png    : sink.report, sink.world, text
            dns         : sources, ip, text
            webservice  : sources, ip, text, model
            lists       : ip, text
            scanners    : ip, text
            listupdate  : lists, dbupdate
            engine      : sources, databases, mmdb, extract, input, sink, sink.report, lists, scanners, model, text, ip
            (root)      : engine, sources, databases, mmdb, lists, scanners, model, ip
            """;

    /** Lines of {@link #MAY_USE} whose package may have no classes yet. */
    static final Set<String> NOT_WRITTEN_YET = Set.of();

    private static final String OURS = "dev.iptriage";

    private static JavaClasses core;

    @BeforeAll
    static void importCore() {
        core = new ClassFileImporter()
                .withImportOption(new ImportOption.DoNotIncludeTests())
                .importPackages(OURS);
    }

    @Test
    void everyArrowIsInTheTable() {
        rule(table()).check(core);
    }

    @Test
    void noCyclesBetweenPackages() {
        // "dev.(**)" rather than "dev.iptriage.(**)" so that the root package is a slice too
        slices().matching("dev.(**)")
                .as("packages of dev.iptriage")
                .should()
                .beFreeOfCycles()
                .check(core);
    }

    @Test
    void coreNeverUsesTheCliOrTheTools() {
        ArchRule rule = noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(OURS + ".cli..", OURS + ".tools..", OURS + ".jmh..")
                .because("the command line, the tools and the benchmarks are built on core, never under it");
        rule.check(core);
    }

    /** The rule is not vacuous: without an arrow the code uses, it fails and names the classes on both ends. */
    @Test
    void anArrowMissingFromTheTableFails() {
        Map<String, List<String>> table = table();
        table.put("extract", List.of("text")); // the code has extract -> ip
        assertThatThrownBy(() -> rule(table).check(core))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Rule 'core's packages use only what PackageDependenciesTest.MAY_USE allows'")
                .hasMessageContaining("<" + OURS + ".extract.")
                .hasMessageContaining("<" + OURS + ".ip.");
    }

    /**
     * Every arrow in the table is one the code has: an allowed arrow nothing uses would let a new
     * wrong-way dependency pass unnoticed, so the table is exactly what the code does.
     */
    @Test
    void everyArrowInTheTableIsUsed() {
        Set<String> used = new java.util.TreeSet<>();
        for (com.tngtech.archunit.core.domain.JavaClass c : core) {
            String from = name(c.getPackageName());
            for (com.tngtech.archunit.core.domain.Dependency d : c.getDirectDependenciesFromSelf()) {
                String pkg = d.getTargetClass().getPackageName();
                if (pkg.equals(OURS) || pkg.startsWith(OURS + ".")) {
                    String to = name(pkg);
                    if (!to.equals(from)) {
                        used.add(from + " -> " + to);
                    }
                }
            }
        }
        Set<String> allowed = new java.util.TreeSet<>();
        table().forEach((pkg, uses) -> uses.forEach(u -> allowed.add(pkg + " -> " + u)));
        Set<String> unused = new java.util.TreeSet<>(allowed);
        unused.removeAll(used);
        assertThat(unused)
                .as("arrows in MAY_USE that no class uses (remove them); used: %s", used)
                .isEmpty();
    }

    private static String name(String javaPackage) {
        return javaPackage.equals(OURS) ? "(root)" : javaPackage.substring(OURS.length() + 1);
    }

    /** The table reads bottom to top: each line names only packages on lines above it, so it has no cycle. */
    @Test
    void theTableIsBottomToTop() {
        List<String> seen = new ArrayList<>();
        table().forEach((pkg, uses) -> {
            assertThat(seen).as("what %s may use", pkg).containsAll(uses);
            seen.add(pkg);
        });
    }

    private static Map<String, List<String>> table() {
        Map<String, List<String>> table = new LinkedHashMap<>();
        MAY_USE.lines().forEach(line -> {
            String[] parts = line.split(":", -1);
            if (parts.length != 2) {
                throw new IllegalStateException("not 'package : may use': " + line);
            }
            List<String> uses = Arrays.stream(parts[1].split(","))
                    .map(String::strip)
                    .filter(s -> !s.isEmpty())
                    .toList();
            table.put(parts[0].strip(), uses);
        });
        return table;
    }

    private static ArchRule rule(Map<String, List<String>> table) {
        LayeredArchitecture rule = layeredArchitecture().consideringOnlyDependenciesInAnyPackage(OURS + "..");
        for (String pkg : table.keySet()) {
            String javaPackage = pkg.equals("(root)") ? OURS : OURS + "." + pkg;
            rule = NOT_WRITTEN_YET.contains(pkg)
                    ? rule.optionalLayer(pkg).definedBy(javaPackage)
                    : rule.layer(pkg).definedBy(javaPackage);
        }
        for (Map.Entry<String, List<String>> line : table.entrySet()) {
            List<String> uses = line.getValue();
            rule = uses.isEmpty()
                    ? rule.whereLayer(line.getKey()).mayNotAccessAnyLayer()
                    : rule.whereLayer(line.getKey()).mayOnlyAccessLayers(uses.toArray(String[]::new));
        }
        return rule.ensureAllClassesAreContainedInArchitecture()
                .as("core's packages use only what PackageDependenciesTest.MAY_USE allows");
    }
}
