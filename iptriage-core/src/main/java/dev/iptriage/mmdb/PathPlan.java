package dev.iptriage.mmdb;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * A compiled set of paths into a record, each bound to an output slot, so {@link
 * MmdbReader#extract} decodes only the values those paths reach. A path is a list of map keys
 * ({@link String}) and array indexes ({@link Integer}), e.g. {@code ["city", "names", "en"]} or
 * {@code ["subdivisions", 0, "iso_code"]}. Several paths may feed one slot: the first one added
 * that has a value wins, whatever the order of keys in the record.
 */
public final class PathPlan {
    final Node root = new Node("");
    private final int slots;
    /** Per slot, the data types its values may have (bits {@code 1 << type}), 0 for any: see {@link #kind}. */
    final int[] kinds;

    private int nextPriority;
    private RecordShape shape = RecordShape.ANY;

    private PathPlan(int slots) {
        this.slots = slots;
        this.kinds = new int[slots];
    }

    /** What a slot's values are, for plans whose {@link #shape} checks the types along its paths. */
    public enum Kind {
        /** A UTF-8 string. */
        TEXT(1 << Decoder.UTF8),
        /** Any number: unsigned and signed integers, double, float. */
        NUMBER(1 << Decoder.UINT16
                | 1 << Decoder.UINT32
                | 1 << Decoder.UINT64
                | 1 << Decoder.UINT128
                | 1 << Decoder.INT32
                | 1 << Decoder.DOUBLE
                | 1 << Decoder.FLOAT),
        /** A boolean. */
        BOOLEAN(1 << Decoder.BOOLEAN),
        /** A number, finite and from -90 to 90 (a latitude in degrees). */
        LATITUDE(NUMBER.types),
        /** A number, finite and from -180 to 180 (a longitude in degrees). */
        LONGITUDE(NUMBER.types),
        /**
         * An integer from 0 to 2^32-1 (an autonomous system number): uint32 in the schemas, but any
         * integer type (int32, uint64...) holding such a value is taken, as MaxMind's readers do.
         */
        AS_NUMBER(1 << Decoder.UINT16
                | 1 << Decoder.UINT32
                | 1 << Decoder.INT32
                | 1 << Decoder.UINT64
                | 1 << Decoder.UINT128);

        final int types;

        Kind(int types) {
            this.types = types;
        }

        /** Whether a value of this kind has a range too ({@link #impossible}), not just a type. */
        boolean bounded() {
            return this == LATITUDE || this == LONGITUDE || this == AS_NUMBER;
        }

        /**
         * What values of this kind are, for messages about one that is not ({@link #impossible}), or
         * null for the unbounded kinds.
         */
        String range() {
            return switch (this) {
                case LATITUDE -> "a latitude, a finite number from -90 to 90";
                case LONGITUDE -> "a longitude, a finite number from -180 to 180";
                case AS_NUMBER -> "an AS number, an integer from 0 to 4294967295";
                default -> null;
            };
        }

        /**
         * Whether {@code v}, a decoded number, is impossible for this kind: a latitude or longitude
         * that is not finite or out of range, an AS number that is not a whole number from 0 to
         * 2^32-1. Values that are not numbers are left to the type checks.
         */
        boolean impossible(Object v) {
            if (!(v instanceof Number n)) {
                return false;
            }
            return switch (this) {
                case LATITUDE -> !(Math.abs(n.doubleValue()) <= 90);
                case LONGITUDE -> !(Math.abs(n.doubleValue()) <= 180);
                case AS_NUMBER -> {
                    if (v instanceof Double || v instanceof Float) {
                        double d = n.doubleValue();
                        yield !(d >= 0 && d <= MAX_AS && d == Math.rint(d));
                    }
                    yield v instanceof java.math.BigInteger b
                            ? b.signum() < 0 || b.bitLength() > 32
                            : n.longValue() < 0 || n.longValue() > MAX_AS;
                }
                default -> false;
            };
        }

        private static final long MAX_AS = 0xFFFF_FFFFL;
    }

    /**
     * Says what {@code slot}'s values are: where the plan's {@link #shape} checks types along its
     * paths, a value of another kind at the end of one of the slot's paths fails the record.
     */
    public PathPlan kind(int slot, Kind kind) {
        kinds[slot] = kind.types;
        return this;
    }

    /** Starts a plan with {@code slots} output slots. */
    public static PathPlan withSlots(int slots) {
        return new PathPlan(slots);
    }

    /** Number of output slots. */
    public int slots() {
        return slots;
    }

    /** Binds a path to a slot; earlier bindings of a slot take precedence over later ones. */
    public PathPlan add(int slot, List<?> path) {
        if (slot < 0 || slot >= slots) {
            throw new IllegalArgumentException("slot " + slot + " out of range 0.." + (slots - 1));
        }
        if (path.contains(ANY_KEY)) {
            throw new IllegalArgumentException("ANY_KEY in a path bound to a slot: " + path);
        }
        Node n = node(path);
        n.leafSlots = Arrays.copyOf(n.leafSlots, n.leafSlots.length + 1);
        n.leafPriorities = Arrays.copyOf(n.leafPriorities, n.leafPriorities.length + 1);
        n.leafSlots[n.leafSlots.length - 1] = slot;
        n.leafPriorities[n.leafPriorities.length - 1] = nextPriority++;
        return this;
    }

    /** A path step that stands for every key of a map (see {@link #check}). */
    public static final Object ANY_KEY = new Object() {
        @Override
        public String toString() {
            return "*";
        }
    };

    /**
     * Adds a path that is checked but yields nothing: where the plan's {@link #shape} checks types
     * along its paths, a record fails when a value along it is not a map (before a key or {@link
     * #ANY_KEY}) or an array (before an index), or, where it ends, not of {@code kind} (null: any
     * value but a map or an array). {@link #ANY_KEY} checks the value under every key of a map
     * ({@code names.*}: every language). So a plan checks a record's whole schema whatever slots it
     * fills, and a record's verdict does not depend on the columns asked for.
     */
    public PathPlan check(List<?> path, Kind kind) {
        Node n = node(path);
        n.checkTypes = kind == null ? ALL_SCALARS : kind.types;
        if (kind != null && kind.bounded()) {
            n.bounds = kind;
        }
        return this;
    }

    /**
     * Adds a path whose number, where there is one, must be in {@code kind}'s range ({@link
     * Kind#impossible}) in any file, types checked or not: a latitude of 500 fails the record.
     */
    public PathPlan bound(List<?> path, Kind kind) {
        if (!kind.bounded()) {
            throw new IllegalArgumentException(kind + " has no range");
        }
        node(path).bounds = kind;
        return this;
    }

    /** Every scalar type (and more: only maps and arrays are told apart before this is used). */
    private static final int ALL_SCALARS = -1;

    private Node node(List<?> path) {
        if (path.isEmpty()) {
            throw new IllegalArgumentException("empty path");
        }
        Node n = root;
        for (Object step : path) {
            if (step == ANY_KEY) {
                if (n.anyKey == null) {
                    n.anyKey = new Node("*");
                    n.anyKey.wild = true;
                }
                n = n.anyKey;
                continue;
            }
            n = switch (step) {
                case String key -> n.child(key.getBytes(StandardCharsets.UTF_8));
                case Integer index -> n.element(index);
                default -> throw new IllegalArgumentException("path step must be a String or Integer: " + step);
            };
        }
        return n;
    }

    /**
     * Makes {@link MmdbReader#extract} fail on a record that does not have this shape (default:
     * {@link RecordShape#ANY}, no rule).
     */
    public PathPlan shape(RecordShape s) {
        shape = s;
        return this;
    }

    /** What records must look like ({@link #shape(RecordShape)}). */
    public RecordShape shape() {
        return shape;
    }

    /** Convenience for {@link #add(int, List)} with the path given as arguments. */
    public PathPlan add(int slot, Object... path) {
        return add(slot, List.of(path));
    }

    static final class Node {
        /** The key or {@code [index]} that leads here, for messages. */
        final String name;

        byte[][] keys = new byte[0][];
        Node[] children = new Node[0];
        int[] indexes = new int[0];
        Node[] elements = new Node[0];
        int[] leafSlots = new int[0];
        int[] leafPriorities = new int[0];
        /** The node for the keys of a map not in {@link #keys} ({@link #ANY_KEY}), or null. */
        Node anyKey;
        /** Types a value here may have where a checked path ({@link #check}) ends; 0 when none does. */
        int checkTypes;
        /** The range a number here must be in ({@link #bound}), or null. */
        Kind bounds;
        /** Whether this is a map's {@link #anyKey} node (messages then name the key found). */
        boolean wild;

        Node(String name) {
            this.name = name;
        }

        /**
         * Whether a value of this data type may stand here, where types are checked: a map where the
         * plan goes on by keys, an array where it goes on by indexes, a scalar of its slots' {@link
         * Kind} where a path ends.
         */
        boolean accepts(int type, int[] kinds) {
            if (type == Decoder.MAP || type == Decoder.ARRAY) {
                return type == Decoder.MAP ? keys.length > 0 || anyKey != null : indexes.length > 0;
            }
            for (int slot : leafSlots) {
                if (kinds[slot] != 0 && (kinds[slot] & 1 << type) == 0) {
                    return false;
                }
            }
            if (checkTypes != 0 && (checkTypes & 1 << type) == 0) {
                return false;
            }
            return isLeaf() || checkTypes != 0;
        }

        /** What {@link #accepts} takes here, for messages. */
        String expected(int[] kinds) {
            if (keys.length > 0 || anyKey != null || indexes.length > 0) {
                return keys.length > 0 || anyKey != null ? "a map" : "an array";
            }
            int k = leafSlots.length == 0 ? checkTypes : kinds[leafSlots[0]];
            return k == Kind.TEXT.types
                    ? "a string"
                    : k == Kind.NUMBER.types
                            ? "a number"
                            : k == Kind.AS_NUMBER.types
                                    ? "an integer"
                                    : k == Kind.BOOLEAN.types ? "a boolean" : "a value";
        }

        Node child(byte[] key) {
            for (int i = 0; i < keys.length; i++) {
                if (Arrays.equals(keys[i], key)) {
                    return children[i];
                }
            }
            keys = Arrays.copyOf(keys, keys.length + 1);
            children = Arrays.copyOf(children, children.length + 1);
            keys[keys.length - 1] = key;
            return children[children.length - 1] = new Node(new String(key, StandardCharsets.UTF_8));
        }

        Node element(int index) {
            if (index < 0) {
                throw new IllegalArgumentException("negative array index " + index);
            }
            for (int i = 0; i < indexes.length; i++) {
                if (indexes[i] == index) {
                    return elements[i];
                }
            }
            indexes = Arrays.copyOf(indexes, indexes.length + 1);
            elements = Arrays.copyOf(elements, elements.length + 1);
            indexes[indexes.length - 1] = index;
            return elements[elements.length - 1] = new Node("[" + index + "]");
        }

        Node elementAt(int index) {
            for (int i = 0; i < indexes.length; i++) {
                if (indexes[i] == index) {
                    return elements[i];
                }
            }
            return null;
        }

        boolean isLeaf() {
            return leafSlots.length > 0;
        }
    }
}
