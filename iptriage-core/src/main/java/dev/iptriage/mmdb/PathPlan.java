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
    private int nextPriority;
    private RecordShape shape = RecordShape.ANY;

    private PathPlan(int slots) {
        this.slots = slots;
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
         * Whether a value of this data type may stand here: a map where the plan goes on by keys, an
         * array where it goes on by indexes, anything where a path ends (a leaf).
         */
        boolean accepts(int type) {
            return isLeaf()
                    || (keys.length > 0 && type == Decoder.MAP)
                    || (indexes.length > 0 && type == Decoder.ARRAY)
                    || (keys.length == 0 && indexes.length == 0);
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
