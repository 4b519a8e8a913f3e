package dev.iptriage.listupdate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Which catalogue lists of a folder are stale: not checked for longer than {@value #FACTOR} times their publisher's
 * {@link ListSource#cadence cadence} (one missed update is tolerated). The age is measured from the last successful
 * check {@code lists update} recorded (a download, or a 304 saying the file is current), else from the file's
 * modification time. Lists that are not in the catalogue (the user's own) have no cadence and are never stale.
 */
public final class ListFreshness {
    /** A list is stale past this many cadences. */
    public static final int FACTOR = 2;

    private ListFreshness() {}

    /**
     * A stale list.
     *
     * @param name the list's name
     * @param file its file
     * @param age how long ago it was last checked
     * @param cadence how often its publisher updates it
     */
    public record Stale(String name, Path file, Duration age, Duration cadence) {
        /** A one-line warning, such as {@code feodo_ipblocklist: last checked 3h05m ago, its publisher updates it every 30m}. */
        public String message() {
            return name + ": last checked " + ListUpdater.ago(age) + " ago, its publisher updates it every "
                    + ListUpdater.ago(cadence) + " (iptriage lists update " + name + ")";
        }
    }

    /**
     * The stale catalogue lists in {@code dir}, in catalogue order; none when the folder does not exist. An
     * unreadable state file counts as absent (the files' times are used).
     */
    public static List<Stale> check(Path dir, Clock clock) {
        List<Stale> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        ListState state;
        try {
            state = ListState.read(dir);
        } catch (IOException e) {
            state = ListState.empty();
        }
        Instant now = clock.instant();
        for (ListSource s : ListCatalogue.all()) {
            Path file = dir.resolve(s.file());
            Instant modified = ListUpdater.modified(file);
            if (modified == null) {
                continue;
            }
            Instant checked = state.get(s.file()).checked();
            Instant since = checked != null ? checked : modified;
            Duration age = Duration.between(since, now);
            if (age.compareTo(s.cadence().multipliedBy(FACTOR)) > 0) {
                out.add(new Stale(s.name(), file, age, s.cadence()));
            }
        }
        return out;
    }
}
