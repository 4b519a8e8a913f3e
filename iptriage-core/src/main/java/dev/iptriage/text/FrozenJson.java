package dev.iptriage.text;

import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;

/**
 * An immutable list whose compact JSON is made once, when it is built: a value shared by many rows (the tags of an
 * address range) is then written as text ({@link CellText#text}) or into JSON ({@link Json#write}) without being
 * serialized again for every row. It is a plain {@link List} to everything else.
 */
public final class FrozenJson extends AbstractList<Object> implements RandomAccess {
    private final List<Object> items;
    private final String json;
    private final String csv;
    private final int hash;

    private FrozenJson(List<Object> items) {
        this.items = items;
        this.json = Json.toJson(items);
        this.csv = CellText.csvText(json);
        this.hash = items.hashCode();
    }

    /** The list's hash, made once: frozen values are kept in maps, looked up row after row. */
    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public boolean equals(Object o) {
        return o == this || super.equals(o);
    }

    /**
     * Freezes {@code items}: strings, numbers, booleans, maps and lists of them, as {@link Json#write} takes.
     *
     * @param items the elements (copied; no nulls)
     * @return the list
     */
    public static FrozenJson of(List<?> items) {
        return new FrozenJson(List.copyOf(items));
    }

    /** {@return the list as compact JSON} */
    public String json() {
        return json;
    }

    /** {@return the JSON as a CSV cell's text, {@link CellText#csvText} of {@link #json()}} */
    public String csv() {
        return csv;
    }

    @Override
    public Object get(int index) {
        return items.get(index);
    }

    @Override
    public int size() {
        return items.size();
    }
}
