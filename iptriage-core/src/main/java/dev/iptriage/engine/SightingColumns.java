package dev.iptriage.engine;

import dev.iptriage.extract.AddressSummary;
import dev.iptriage.extract.InputMode;
import dev.iptriage.model.Field;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** The sighting columns ({@code count}, {@code first_seen}, ...) of an {@link AddressSummary}. */
public final class SightingColumns {
    private SightingColumns() {}

    /**
     * The sighting columns worth showing for a format: count and times for all but {@code list} and
     * {@code text}, plus the format's own context ({@code auto}: all of them).
     */
    public static List<Field> forMode(InputMode mode) {
        List<Field> out = new ArrayList<>(List.of(Field.COUNT));
        InputMode.Kind k = mode.kind();
        boolean timed = k != InputMode.Kind.LIST
                && k != InputMode.Kind.TEXT
                && k != InputMode.Kind.CSV
                && k != InputMode.Kind.JSONL;
        if (timed) {
            out.add(Field.FIRST_SEEN);
            out.add(Field.LAST_SEEN);
        }
        boolean all = k == InputMode.Kind.AUTO;
        if (all || k == InputMode.Kind.NGINX || k == InputMode.Kind.APACHE) {
            out.addAll(List.of(Field.ROLES, Field.STATUS_CODES, Field.TOP_PATHS, Field.USER_AGENTS));
        }
        if (all || k == InputMode.Kind.SSHD) {
            out.addAll(List.of(Field.USERS_TRIED, Field.FAILED_LOGINS, Field.ACCEPTED_LOGINS));
        }
        if (all || k == InputMode.Kind.FAIL2BAN) {
            out.addAll(List.of(Field.JAILS, Field.BANS));
        }
        return out;
    }

    /**
     * The sighting columns of several inputs: the union of {@link #forMode} over their formats, in the
     * canonical order of {@link Field}; {@code count} alone when there is none.
     */
    public static List<Field> forModes(Collection<InputMode> modes) {
        Set<Field> all = EnumSet.of(Field.COUNT);
        modes.forEach(m -> all.addAll(forMode(m)));
        return List.copyOf(all);
    }

    /** {@return the columns in the canonical order of {@link Field}, each once} */
    public static List<Field> union(Collection<Field> columns) {
        return columns.isEmpty() ? List.of() : List.copyOf(EnumSet.copyOf(columns));
    }

    /**
     * The value of a sighting column: a number, an ISO-8601 UTC time text, or a value-to-count map;
     * null when empty or not a sighting column.
     */
    public static Object value(Field f, AddressSummary s) {
        return switch (f) {
            case COUNT -> s.count();
            case FIRST_SEEN -> s.firstSeen() == null ? null : s.firstSeen().toString();
            case LAST_SEEN -> s.lastSeen() == null ? null : s.lastSeen().toString();
            case ROLES -> emptyNull(s.roles());
            case STATUS_CODES -> emptyNull(s.statusCodes());
            case TOP_PATHS -> emptyNull(s.topPaths());
            case USER_AGENTS -> emptyNull(s.userAgents());
            case USERS_TRIED -> emptyNull(s.usersTried());
            case FAILED_LOGINS -> s.failedLogins();
            case ACCEPTED_LOGINS -> s.acceptedLogins();
            case JAILS -> emptyNull(s.jails());
            case BANS -> s.bans();
            default -> null;
        };
    }

    private static Object emptyNull(java.util.Map<String, Long> m) {
        return m.isEmpty() ? null : m;
    }
}
