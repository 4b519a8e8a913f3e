package dev.iptriage.sink;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.iptriage.model.Column;
import dev.iptriage.text.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * JSON Lines (one object per line) or one JSON array. Every selected column is a key (null when
 * empty), numbers and booleans keep their type, {@code raw} is a nested object.
 */
final class JsonRowFormat implements RowFormat {
    private static final JsonFactory FACTORY = Json.factory();

    private final List<Column> fields;
    private final boolean array;

    JsonRowFormat(List<Column> fields, boolean array) {
        this.fields = List.copyOf(fields);
        this.array = array;
    }

    @Override
    public byte[] header() {
        return array ? "[\n".getBytes(StandardCharsets.US_ASCII) : new byte[0];
    }

    @Override
    public byte[] separator() {
        return array ? ",\n".getBytes(StandardCharsets.US_ASCII) : new byte[0];
    }

    @Override
    public byte[] footer() {
        return array ? "\n]\n".getBytes(StandardCharsets.US_ASCII) : new byte[0];
    }

    @Override
    public void row(Row r, ByteArrayOutputStream out) throws IOException {
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
            g.writeStartObject();
            for (int i = 0; i < fields.size(); i++) {
                Column f = fields.get(i);
                g.writeFieldName(f.name());
                Object v = RowValues.value(f, i, r);
                Json.write(g, v);
            }
            g.writeEndObject();
        }
        if (!array) {
            out.write('\n');
        }
    }

    @Override
    public List<Column> columns() {
        return fields;
    }
}
