package dev.iptriage.extract;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.util.function.Consumer;

/**
 * One field of JSON Lines ({@code jsonl:source.ip}: a dotted path through nested objects): every
 * address in that field's value (a string, or each string of an array) is a sighting; a string that
 * is one literal is read as a list line is, so a CIDR gives its network ({@link
 * TextExtractor#extractValue}). A line that is not a JSON object, has no such field, or whose value
 * (or array element) is not a string with an address is reported as {@link Sighting#invalid} with the
 * reason; a blank line as blank.
 */
final class JsonlDecoder implements LineDecoder {
    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(64)
                    .maxStringLength(1 << 20)
                    .build())
            .build();

    private final TextExtractor text;
    private final String[] path;
    private final String field;

    JsonlDecoder(TextExtractor text, String dottedPath) {
        this.text = text;
        this.field = dottedPath;
        this.path = dottedPath.split("\\.", -1);
    }

    @Override
    public Shape decode(CharSequence line, Consumer<Sighting> out) {
        String s = line.toString();
        if (s.isBlank()) {
            out.accept(Sighting.invalid(s, "blank line", ListParser.Kind.BLANK));
            return Shape.OTHER;
        }
        try (JsonParser p = JSON.createParser(s)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                out.accept(Sighting.invalid(s, "not a JSON object", ListParser.Kind.OTHER));
                return Shape.OTHER;
            }
            if (!seek(p, 0)) {
                out.accept(Sighting.invalid(s, "no field '" + field + "'", ListParser.Kind.OTHER));
                return Shape.MATCHED;
            }
            values(p, s, out);
            return Shape.MATCHED;
        } catch (IOException e) {
            String why = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            out.accept(Sighting.invalid(s, "not JSON: " + Untrusted.text(why, 120), ListParser.Kind.OTHER));
            return Shape.OTHER;
        }
    }

    /** With the parser inside an object at depth {@code d} of the path, moves to the path's value. */
    private boolean seek(JsonParser p, int d) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            if (name.equals(path[d])) {
                if (d == path.length - 1) {
                    return true;
                }
                if (v == JsonToken.START_OBJECT) {
                    return seek(p, d + 1);
                }
                return false;
            }
            p.skipChildren();
        }
        return false;
    }

    private void values(JsonParser p, String line, Consumer<Sighting> out) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_STRING) {
            CsvDecoder.value(text, p.getText(), out);
        } else if (t == JsonToken.START_ARRAY) {
            while ((t = p.nextToken()) != JsonToken.END_ARRAY && t != null) {
                if (t == JsonToken.VALUE_STRING) {
                    CsvDecoder.value(text, p.getText(), out);
                } else {
                    out.accept(notString(p, t, line));
                    p.skipChildren();
                }
            }
        } else {
            out.accept(notString(p, t, line));
        }
    }

    private Sighting notString(JsonParser p, JsonToken t, String line) throws IOException {
        String kind = t == JsonToken.VALUE_NULL
                ? "null"
                : t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE
                        ? "a boolean"
                        : t == JsonToken.START_OBJECT
                                ? "an object"
                                : t == JsonToken.START_ARRAY ? "an array" : "a number";
        String text = t.isScalarValue() ? p.getText() : line;
        return Sighting.invalid(text, "field '" + field + "' is " + kind + ", not a string", ListParser.Kind.OTHER);
    }
}
