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
        BOOLEAN(1 << Decoder.BOOLEAN);

        final int types;

        Kind(int types) {
            this.types = types;
        }
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
        if (path.isEmpty()) {
            throw new IllegalArgumentException("empty path");
        }
        Node n = root;
        for (Object step : path) {
            n = switch (step) {
                case String key -> n.child(key.getBytes(StandardCharsets.UTF_8));
                case Integer index -> n.element(index);
                default -> throw new IllegalArgumentException("path step must be a String or Integer: " + step);
            };
        }
        n.leafSlots = Arrays.copyOf(n.leafSlots, n.leafSlots.length + 1);
        n.leafPriorities = Arrays.copyOf(n.leafPriorities, n.leafPriorities.length + 1);
        n.leafSlots[n.leafSlots.length - 1] = slot;
        n.leafPriorities[n.leafPriorities.length - 1] = nextPriority++;
        return this;
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
                return type == Decoder.MAP ? keys.length > 0 : indexes.length > 0;
            }
            for (int slot : leafSlots) {
                if (kinds[slot] != 0 && (kinds[slot] & 1 << type) == 0) {
                    return false;
                }
            }
            return isLeaf();
        }

        /** What {@link #accepts} takes here, for messages. */
        String expected(int[] kinds) {
            if (keys.length > 0 || indexes.length > 0) {
                return keys.length > 0 ? "a map" : "an array";
            }
            int k = leafSlots.length == 0 ? 0 : kinds[leafSlots[0]];
            return k == Kind.TEXT.types
                    ? "a string"
                    : k == Kind.NUMBER.types ? "a number" : k == Kind.BOOLEAN.types ? "a boolean" : "a value";
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
