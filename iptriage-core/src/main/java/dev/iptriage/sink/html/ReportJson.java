package dev.iptriage.sink.html;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.iptriage.sink.report.ColorRamp;
import dev.iptriage.sink.report.Point;
import dev.iptriage.sink.report.ReportData;
import dev.iptriage.sink.report.Tally;
import java.io.IOException;
import java.io.StringWriter;
import java.util.List;

/** The data the report's script draws: points, legend, country counts and the address rows. */
final class ReportJson {
    private static final JsonFactory FACTORY = JsonFactory.builder().build();

    private ReportJson() {}

    static String of(ReportData d, HtmlReport.Options o) throws IOException {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(w)) {
            g.writeStartObject();
            writePoints(g, d.points());
            long maxPoint =
                    d.points().stream().mapToLong(Point::sightings).max().orElse(1);
            writeLegend(g, "legend", ColorRamp.upTo(maxPoint));
            long maxCountry =
                    d.countries().stream().mapToLong(Tally::sightings).max().orElse(1);
            writeLegend(g, "countryLegend", ColorRamp.upTo(maxCountry));
            g.writeObjectFieldStart("countries");
            for (Tally t : d.countries()) {
                g.writeNumberField(t.key(), t.sightings());
            }
            g.writeEndObject();
            writeStrings(g, "columns", d.columns());
            g.writeArrayFieldStart("rows");
            for (List<String> r : d.rows()) {
                g.writeStartArray();
                for (String c : r) {
                    g.writeString(c);
                }
                g.writeEndArray();
            }
            g.writeEndArray();
            g.writeStringField("tiles", o.tiles().orElse(null));
            g.writeEndObject();
        }
        return HtmlText.scriptSafeJson(w.toString());
    }

    private static void writePoints(JsonGenerator g, List<Point> points) throws IOException {
        g.writeArrayFieldStart("points");
        for (Point p : points) {
            g.writeStartArray();
            g.writeNumber(p.latitude());
            g.writeNumber(p.longitude());
            g.writeNumber(p.sightings());
            g.writeNumber(p.addresses());
            g.writeString(p.place());
            g.writeString(p.ip());
            g.writeString(p.asn());
            g.writeString(p.org());
            g.writeEndArray();
        }
        g.writeEndArray();
    }

    private static void writeLegend(JsonGenerator g, String name, ColorRamp ramp) throws IOException {
        g.writeArrayFieldStart(name);
        for (ColorRamp.Band b : ramp.bands()) {
            g.writeStartArray();
            g.writeNumber(b.from());
            g.writeNumber(b.to());
            g.writeString(b.color());
            g.writeEndArray();
        }
        g.writeEndArray();
    }

    private static void writeStrings(JsonGenerator g, String name, List<String> values) throws IOException {
        g.writeArrayFieldStart(name);
        for (String v : values) {
            g.writeString(v);
        }
        g.writeEndArray();
    }
}
