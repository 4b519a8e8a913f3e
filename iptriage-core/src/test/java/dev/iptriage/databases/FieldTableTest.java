package dev.iptriage.databases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.iptriage.mmdb.PathPlan;
import dev.iptriage.mmdb.PathPlanView;
import dev.iptriage.model.Field;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The column table ({@link Field}'s declarations, read by {@link FieldPaths} and {@link
 * DatabaseKind}) gives the answers the per-column switches, enum ranges and ordinal rules gave
 * ({@link OldFieldTable}), for every column, language and schema family.
 */
class FieldTableTest {
    private static final List<String> LANGS = List.of("en", "de", "pt-BR", "zh-CN", "fr");

    @Test
    void pathsAndKindsAreTheOldOnes() {
        for (Field f : Field.values()) {
            assertThat(asBefore(FieldPaths.kind(f))).as("kind of %s", f).isEqualTo(OldFieldTable.kind(f));
            for (String lang : LANGS) {
                for (boolean published : new boolean[] {true, false}) {
                    List<List<Object>> now = FieldPaths.paths(f, lang, published);
                    assertThat(now)
                            .as("paths of %s, lang %s, published %s", f, lang, published)
                            .isEqualTo(withoutRepeats(OldFieldTable.paths(f, lang, published)))
                            .doesNotHaveDuplicates();
                }
            }
        }
    }

    /**
     * The old switch listed {@code subdivisions[0].names.en} twice for {@code --lang en}; the
     * second copy could never win (same path, same slot, later precedence). Dropping it is the only
     * difference {@link #withoutRepeats} allows, and nowhere else did the old table repeat a path.
     */
    @Test
    void theOnlyRepeatedPathOfTheOldTableWasTheEnglishSubdivision() {
        List<String> repeated = new ArrayList<>();
        for (Field f : Field.values()) {
            for (String lang : LANGS) {
                for (boolean published : new boolean[] {true, false}) {
                    List<List<Object>> old = OldFieldTable.paths(f, lang, published);
                    if (withoutRepeats(old).size() != old.size()) {
                        repeated.add(f + " " + lang + " " + published);
                    }
                }
            }
        }
        assertThat(repeated).containsExactly("SUBDIVISION en true", "SUBDIVISION en false");
    }

    @Test
    void plansAreTheOldOnes() {
        List<List<Field>> lists = new ArrayList<>();
        for (Field f : Field.values()) {
            lists.add(List.of(f));
        }
        lists.add(List.of(Field.values()));
        lists.add(Field.all());
        lists.add(Field.defaults());
        lists.add(List.of(Field.SUBDIVISION, Field.CITY, Field.SUBDIVISION_ISO, Field.ASN, Field.IS_ANONYMOUS));
        for (DatabaseKind k : DatabaseKind.values()) {
            lists.add(List.copyOf(OldFieldTable.KIND_FIELDS.get(k)));
        }
        for (List<Field> fields : lists) {
            for (String lang : LANGS) {
                for (boolean published : new boolean[] {true, false}) {
                    PathPlan now = FieldPaths.plan(fields, lang, published);
                    PathPlan old = OldFieldTable.plan(fields, lang, published);
                    String what = fields + ", lang " + lang + ", published " + published;
                    assertThat(now.slots()).as("slots of %s", what).isEqualTo(old.slots());
                    assertThat(PathPlanView.kinds(now).stream()
                                    .map(FieldTableTest::asBefore)
                                    .toList())
                            .as("kinds of %s", what)
                            .isEqualTo(PathPlanView.kinds(old));
                    assertThat(bindings(now)).as("bindings of %s", what).isEqualTo(withoutRepeats(bindings(old)));
                }
            }
        }
    }

    @Test
    void databaseKindsHoldTheOldColumns() {
        for (DatabaseKind k : DatabaseKind.values()) {
            // as lists: the iteration order is the order of a kind's plan slots (Database#shape)
            assertThat(List.copyOf(k.fields()))
                    .as("fields of %s", k)
                    .isEqualTo(List.copyOf(OldFieldTable.KIND_FIELDS.get(k)));
            assertThat(k.hasAsn()).as("hasAsn of %s", k).isEqualTo(OldFieldTable.hasAsn(k));
        }
    }

    @Test
    void columnSetsAreTheOldOnes() {
        assertThat(Field.all()).isEqualTo(OldFieldTable.all());
        assertThat(Field.defaults()).isEqualTo(OldFieldTable.defaults());
        for (Field f : Field.values()) {
            assertThat(f.isSighting()).as("isSighting of %s", f).isEqualTo(OldFieldTable.isSighting(f));
        }
    }

    /** A record column says where it is and what it holds; no other column claims a path, key or type. */
    @Test
    void declarationsAreComplete() {
        for (Field f : Field.values()) {
            boolean record = f.origin() == Field.Origin.RECORD;
            assertThat(f.type().isPresent()).as("type of %s", f).isEqualTo(record);
            assertThat(f.recordPaths().isEmpty()).as("record paths of %s", f).isEqualTo(!record);
            assertThat(f.group().isPresent() || !record).as("group of %s", f).isTrue();
            if (!record) {
                assertThat(f.flatKeys()).as("flat keys of %s", f).isEmpty();
            }
            for (String declared : f.recordPaths()) {
                assertThat(FieldPaths.parse(declared))
                        .as("%s of %s", declared, f)
                        .isNotEmpty();
            }
        }
    }

    @Test
    void pathNotation() {
        assertThat(FieldPaths.paths(Field.SUBDIVISION, "de", true))
                .containsExactly(List.of("subdivisions", 0, "names", "de"), List.of("subdivisions", 0, "names", "en"));
        assertThat(FieldPaths.parse("traits.isp")).containsExactly("traits", "isp");
        for (String bad : List.of("a..b", "a[x]", "[0]", "a.{lang", "a[0", ".a", "a.")) {
            assertThatThrownBy(() -> FieldPaths.parse(bad))
                    .as(bad)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(bad);
        }
    }

    /** The plan's paths with their slots, in order of precedence (the precedence numbers themselves left out). */
    private static List<String> bindings(PathPlan plan) {
        return PathPlanView.bindings(plan).stream()
                .map(b -> b.slot() + " <- " + b.path())
                .toList();
    }

    private static <T> List<T> withoutRepeats(List<T> list) {
        Set<T> seen = new LinkedHashSet<>(list);
        return List.copyOf(seen);
    }

    /**
     * The kinds as the old table had them: since then latitude, longitude and the AS number have
     * kinds of their own, numbers with a range (and the AS number an unsigned integer), see
     * ImpossibleValuesCliTest.
     */
    private static PathPlan.Kind asBefore(PathPlan.Kind k) {
        return k == PathPlan.Kind.AS_NUMBER || k == PathPlan.Kind.LATITUDE || k == PathPlan.Kind.LONGITUDE
                ? PathPlan.Kind.NUMBER
                : k;
    }
}
