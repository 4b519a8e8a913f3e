package dev.iptriage.listupdate;

import dev.iptriage.lists.ListFormat;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * One public list {@code lists update} downloads.
 *
 * @param file the file name it is saved as in the lists folder; without its extension it is the list's name
 * @param url where it is downloaded from
 * @param publisher who publishes it
 * @param terms its licence or terms of use, as the publisher states them
 * @param cadence how often the publisher's content changes (what freshness is measured against)
 * @param minInterval the shortest time between two requests of a normal run
 * @param hardMinInterval the shortest time between two requests even with {@code --force}: the publisher's own limit
 *     where it states one, else {@link ListCatalogue#FLOOR}
 * @param formats the formats the publisher serves it in: a download read as another format (a plain text page at a
 *     JSON list's address) is refused
 */
public record ListSource(
        String file,
        URI url,
        String publisher,
        String terms,
        Duration cadence,
        Duration minInterval,
        Duration hardMinInterval,
        Set<ListFormat> formats) {

    /** Checks the values. */
    public ListSource {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(url, "url");
        if (file.startsWith(".") || file.contains("/") || file.indexOf('.') < 1) {
            throw new IllegalArgumentException("file '" + file + "' must be NAME.EXT, not hidden");
        }
        formats = Set.copyOf(formats);
        if (formats.isEmpty()) {
            throw new IllegalArgumentException(file + ": no format");
        }
        if (hardMinInterval.compareTo(minInterval) > 0) {
            throw new IllegalArgumentException(file + ": the hard limit is longer than the normal interval");
        }
    }

    /**
     * Whether the list names known benign networks (MISP warninglists, OpenFilters' research scanners) rather than
     * listing abuse: its tags are of kind {@code warninglist}.
     */
    public boolean benign() {
        return file.startsWith("misp_") || file.startsWith("openfilters_");
    }

    /** The list's name: the file name without its extension ({@code feodo_ipblocklist.csv} is {@code feodo_ipblocklist}). */
    public String name() {
        return file.substring(0, file.lastIndexOf('.'));
    }

    /**
     * The URL to request: {@link #url} with its scheme, host and port replaced by {@code mirror}'s when not null (a
     * local mirror serving the same paths).
     */
    public URI url(URI mirror) {
        if (mirror == null) {
            return url;
        }
        try {
            return new URI(
                    mirror.getScheme(), null, mirror.getHost(), mirror.getPort(), url.getPath(), url.getQuery(), null);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("mirror " + mirror + ": " + e.getMessage(), e);
        }
    }
}
