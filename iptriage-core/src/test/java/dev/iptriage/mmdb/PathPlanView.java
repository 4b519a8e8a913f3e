package dev.iptriage.mmdb;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/** Test-only: what a {@link PathPlan} holds, read from its tree, for tests outside this package. */
public final class PathPlanView {
    private PathPlanView() {}

    /** One path bound to a slot, with its precedence (lower wins). */
    public record Binding(int priority, int slot, List<Object> path) {}

    /** Every path of the plan with its slot, in order of precedence (the order they were added). */
    public static List<Binding> bindings(PathPlan plan) {
        List<Binding> out = new ArrayList<>();
        collect(plan.root, new ArrayList<>(), out);
        out.sort(Comparator.comparingInt(Binding::priority));
        return out;
    }

    private static void collect(PathPlan.Node node, List<Object> at, List<Binding> out) {
        for (int i = 0; i < node.leafSlots.length; i++) {
            out.add(new Binding(node.leafPriorities[i], node.leafSlots[i], List.copyOf(at)));
        }
        for (PathPlan.Node child : node.children) {
            at.add(child.name);
            collect(child, at, out);
            at.remove(at.size() - 1);
        }
        for (int i = 0; i < node.indexes.length; i++) {
            at.add(node.indexes[i]);
            collect(node.elements[i], at, out);
            at.remove(at.size() - 1);
        }
    }

    /** Per slot, the {@link PathPlan.Kind} set for it, or null where none was. */
    public static List<PathPlan.Kind> kinds(PathPlan plan) {
        List<PathPlan.Kind> out = new ArrayList<>();
        for (int types : plan.kinds) {
            out.add(
                    types == 0
                            ? null
                            : Arrays.stream(PathPlan.Kind.values())
                                    .filter(k -> k.types == types)
                                    .findFirst()
                                    .orElseThrow());
        }
        return out;
    }
}
