package dev.iptriage.sink.report;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.iptriage.text.Json;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes a report's points as a GeoJSON FeatureCollection (RFC 7946): one Point feature per
 * location with properties {@code sightings}, {@code addresses}, {@code place}, {@code ip} (the most
 * seen address there), {@code asn} and {@code org}.
 *
 * <p>Entry point: {@link #write}.
 */
public final class GeoJsonPoints {
    private GeoJsonPoints() {}

    /** Writes the points to {@code out} (not closed). */
    public static void write(ReportData d, OutputStream out) throws IOException {
        JsonGenerator g = Json.factory().createGenerator(out, JsonEncoding.UTF8);
        g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        g.writeStartObject();
        g.writeStringField("type", "FeatureCollection");
        g.writeArrayFieldStart("features");
        for (Point p : d.points()) {
            g.writeStartObject();
            g.writeStringField("type", "Feature");
            g.writeObjectFieldStart("geometry");
            g.writeStringField("type", "Point");
            g.writeArrayFieldStart("coordinates");
            g.writeNumber(p.longitude());
            g.writeNumber(p.latitude());
            g.writeEndArray();
            g.writeEndObject();
            g.writeObjectFieldStart("properties");
            g.writeNumberField("sightings", p.sightings());
            g.writeNumberField("addresses", p.addresses());
            g.writeStringField("place", p.place());
            g.writeStringField("ip", p.ip());
            g.writeStringField("asn", p.asn());
            g.writeStringField("org", p.org());
            g.writeEndObject();
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
        g.writeRaw('\n');
        g.close();
    }
}
