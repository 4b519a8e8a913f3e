package dev.iptriage.mmdb;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What every data record of a file must look like, beyond the format's rules: the mark by which a
 * lookup tells a record from a place inside one. The format allows any value as a record, so a
 * search-tree record or pointer damaged into pointing inside another record leads to a value that
 * decodes fine: a string, a number, or a map that belongs inside a record (a {@code names} map, a
 * {@code country} map). In a file whose records are maps, the first two cannot be records; in a
 * file of a published schema (GeoIP2/GeoLite2 City, Country, ASN...), neither can the third, nor
 * an empty map where the schema has none, nor a value of another type where the schema has a map
 * or an array on the way to a column. Checked once per distinct record, as it is first decoded
 * ({@link PathPlan#shape}, {@link MmdbReader#decodeRecord}, {@link MmdbVerifier}). Immutable.
 */
public final class RecordShape {
    /** No rule: a record may be any value (the format's own rule). */
    public static final RecordShape ANY = new RecordShape(null, false, true, Set.of(), null);

    /** Records are maps, of any keys, empty ones included. */
    public static final RecordShape MAP = new RecordShape(null, true, true, Set.of(), null);

    private final String schema;
    private final boolean map;
    private final boolean emptyAllowed;
    private final Set<String> innerKeys;
    final byte[][] inner;
    private final PathPlan paths;

    private RecordShape(String schema, boolean map, boolean emptyAllowed, Set<String> innerKeys, PathPlan paths) {
        this.schema = schema;
        this.paths = paths == null ? null : paths.shape(this);
        this.map = map;
        this.emptyAllowed = emptyAllowed;
        this.innerKeys = new TreeSet<>(innerKeys);
        this.inner =
                innerKeys.stream().map(k -> k.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
    }

    /**
     * Records of a schema: maps, empty only when {@code emptyAllowed}, and never made of {@code
     * innerKeys} alone: the keys the schema uses only in the maps inside a record ({@code
     * geoname_id}, {@code names}, {@code iso_code}...). A map with any other key passes, so a file
     * that adds keys of its own to the schema still reads. Along {@code paths} (those of every column
     * read from such files), a value must be a map where a path goes on by key, an array where it goes
     * on by index, and of the slot's {@link PathPlan.Kind} where it ends ({@link #typedPaths}).
     *
     * @param schema names the schema in messages (the file's {@code database_type})
     */
    public static RecordShape schema(String schema, boolean emptyAllowed, Set<String> innerKeys, PathPlan paths) {
        return new RecordShape(schema, true, emptyAllowed, innerKeys, paths);
    }

    /** The paths checked in every record ({@link #schema}), as a plan without slots; null for no schema. */
    PathPlan paths() {
        return paths;
    }

    /** Whether a record must be a map. */
    public boolean requiresMap() {
        return map;
    }

    /** Whether a record that is an empty map is accepted. */
    public boolean emptyAllowed() {
        return emptyAllowed;
    }

    /**
     * Whether the values along the paths a lookup decodes must have the schema's types (a schema's
     * shape): a map where a path goes on by keys ({@code names} in {@code country.names.en}), an
     * array where it goes on by index ({@code subdivisions}). A damaged map or pointer inside a
     * record otherwise leaves a column silently empty.
     */
    boolean typedPaths() {
        return schema != null;
    }

    /**
     * The failure for a value of type {@code found} under {@code key} where the schema has {@code
     * expected}. The key is quoted ({@link Decoder#quoted}): under {@link PathPlan#ANY_KEY} it is the
     * file's text (a language name).
     */
    MmdbFormatException wrongType(String where, int offset, String key, String found, String expected) {
        return new MmdbFormatException(where + ": the record at data offset " + offset + " has " + found
                + " under " + Decoder.quoted(key) + " where a " + schema + " record has " + expected
                + " (a damaged record or pointer)");
    }

    /**
     * The failure for a number under {@code key} that is impossible for it ({@link
     * PathPlan.Kind#impossible}): {@code range} says what it must be.
     */
    MmdbFormatException impossible(String where, int offset, String key, Object value, String range) {
        return new MmdbFormatException(where + ": the record at data offset " + offset + " has " + value + " under "
                + Decoder.quoted(key) + " where " + (schema == null ? "" : "a " + schema + " record has ") + range);
    }

    /** Whether a map of these keys alone is rejected as a map from inside a record (see {@link #schema}). */
    boolean checksKeys() {
        return inner.length > 0 || !emptyAllowed;
    }

    /** Whether a map key (its bytes, as {@link Decoder#keyBytes} gives them) is one of the inner keys. */
    boolean isInner(Decoder d, long key) {
        for (byte[] k : inner) {
            if (d.keyEquals(key, k)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The failure for a map record of {@code size} keys, all of them inner keys (none when {@code
     * size} is 0), at data offset {@code offset} of the file named {@code where}.
     */
    MmdbFormatException innerOnly(String where, int offset, int size) {
        if (size == 0) {
            return new MmdbFormatException(where + ": the record at data offset " + offset
                    + " is an empty map, which a " + schema + " record never is (a damaged record, search tree"
                    + " or pointer)");
        }
        return new MmdbFormatException(where + ": the record at data offset " + offset
                + " holds only keys that a " + schema + " record has in the maps inside it ("
                + String.join(", ", innerKeys)
                + "): a damaged search tree or pointer leads into the middle of a record");
    }

    /** Checks a decoded record (see {@link MmdbReader#decode}) at {@code offset} of the file named {@code where}. */
    public void check(Object record, String where, int offset) throws MmdbFormatException {
        if (!map) {
            return;
        }
        if (!(record instanceof Map<?, ?> m)) {
            throw new MmdbFormatException(where + ": the record at data offset " + offset + " is "
                    + javaTypeName(record) + " where this file's records are maps (a damaged search tree or"
                    + " pointer leads into the middle of a record)");
        }
        if (!checksKeys()
                || (m.isEmpty() && emptyAllowed)
                || m.keySet().stream().anyMatch(k -> !innerKeys.contains(k))) {
            if (paths != null) {
                checkTypes(m, paths.root, paths.root.name, where, offset);
            }
            return;
        }
        throw innerOnly(where, offset, m.size());
    }

    /** Checks that {@code v} and the values below it have the types {@code node} and its children need. */
    private void checkTypes(Object v, PathPlan.Node node, String name, String where, int offset)
            throws MmdbFormatException {
        if (v instanceof Map<?, ?> m && (node.keys.length > 0 || node.anyKey != null)) {
            for (PathPlan.Node child : node.children) {
                Object c = m.get(child.name);
                if (c != null) {
                    checkTypes(c, child, child.name, where, offset);
                }
            }
            if (node.anyKey != null) {
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    if (Arrays.stream(node.children).noneMatch(c -> c.name.equals(e.getKey()))) {
                        checkTypes(e.getValue(), node.anyKey, String.valueOf(e.getKey()), where, offset);
                    }
                }
            }
        } else if (v instanceof List<?> l && node.indexes.length > 0) {
            for (int i = 0; i < node.indexes.length; i++) {
                if (node.indexes[i] < l.size()) {
                    checkTypes(l.get(node.indexes[i]), node.elements[i], node.elements[i].name, where, offset);
                }
            }
        } else if (!node.accepts(typeOf(v), paths.kinds)) {
            throw wrongType(where, offset, name, javaTypeName(v), node.expected(paths.kinds));
        } else if (node.bounds != null && node.bounds.impossible(v)) {
            throw impossible(where, offset, name, v, node.bounds.range());
        }
    }

    /** The data type of a decoded value (one of them, for the integers: all are numbers). */
    private static int typeOf(Object v) {
        return switch (v) {
            case Map<?, ?> m -> Decoder.MAP;
            case List<?> l -> Decoder.ARRAY;
            case String s -> Decoder.UTF8;
            case Boolean b -> Decoder.BOOLEAN;
            case byte[] b -> Decoder.BYTES;
            case Double d -> Decoder.DOUBLE;
            case Float f -> Decoder.FLOAT;
            default -> Decoder.UINT32;
        };
    }

    private static String javaTypeName(Object v) {
        return switch (v) {
            case String s -> "a string";
            case Map<?, ?> m -> "a map";
            case List<?> l -> "an array";
            case Double d -> "a double";
            case Float f -> "a float";
            case Boolean b -> "a boolean";
            case byte[] b -> "a byte array";
            case null -> "nothing";
            default -> "a number";
        };
    }

    @Override
    public String toString() {
        return !map ? "any value" : schema == null ? "maps" : schema + " records";
    }
}
