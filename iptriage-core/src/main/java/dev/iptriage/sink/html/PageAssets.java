package dev.iptriage.sink.html;

import dev.iptriage.sink.world.WorldOutlines;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * The map's files for a page that loads them from its own server ({@code iptriage serve}) instead of inlining them as
 * the report does: Leaflet and Leaflet.markercluster from their WebJars (Leaflet's style sheet with its images inlined,
 * so it asks for nothing more), the bundled country outlines, and the report's script of the order of {@code --sort}
 * (one implementation for both pages). Nothing comes from the network.
 *
 * <p>Entry point: {@link #get}.
 */
public final class PageAssets {
    /**
     * A file of the page.
     *
     * @param type its media type
     * @param body its bytes
     */
    public record Asset(String type, byte[] body) {}

    private static final String JS = "text/javascript; charset=utf-8";
    private static final String CSS = "text/css; charset=utf-8";
    private static final Map<String, String> FILES = Map.of(
            "leaflet.js", Assets.LEAFLET + "leaflet.js",
            "markercluster.js", Assets.CLUSTER + "leaflet.markercluster.js",
            "markercluster.css", Assets.CLUSTER + "MarkerCluster.css",
            "markercluster-default.css", Assets.CLUSTER + "MarkerCluster.Default.css",
            "order.js", Assets.OWN + HtmlReport.ORDER_JS);

    private PageAssets() {}

    /**
     * The file called {@code name}: {@code leaflet.js}, {@code leaflet.css}, {@code markercluster.js}, {@code
     * markercluster.css}, {@code markercluster-default.css}, {@code order.js} (the order of {@code --sort}, the
     * report's too) or {@code world.geojson}; empty for any other name.
     */
    public static Optional<Asset> get(String name) throws IOException {
        if (name.equals("leaflet.css")) {
            return Optional.of(new Asset(CSS, Assets.leafletCss().getBytes(StandardCharsets.UTF_8)));
        }
        if (name.equals("world.geojson")) {
            return Optional.of(new Asset(
                    "application/geo+json; charset=utf-8",
                    WorldOutlines.geoJson().getBytes(StandardCharsets.UTF_8)));
        }
        String resource = FILES.get(name);
        if (resource == null) {
            return Optional.empty();
        }
        return Optional.of(new Asset(name.endsWith(".js") ? JS : CSS, Assets.bytes(resource)));
    }
}
