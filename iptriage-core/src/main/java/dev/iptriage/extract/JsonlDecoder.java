package dev.iptriage.extract;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.util.function.Consumer;

/**
 * One field of JSON Lines ({@code jsonl:source.ip}: a dotted path through nested objects): every
 * address in that field's value (a string, or each string of an array) is a sighting; a string that
 * is one literal is read as a list line is, so a CIDR gives its network ({@link
 * TextExtractor#extractValue}). A line that is not a JSON object is searched as free text.
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

    JsonlDecoder(TextExtractor text, String dottedPath) {
        this.text = text;
        this.path = dottedPath.split("\\.", -1);
    }

    @Override
    public Shape decode(CharSequence line, Consumer<Sighting> out) {
        String s = line.toString();
        Consumer<Found> emit = f -> out.accept(new Sighting(f, null, LineEvent.NONE));
        try (JsonParser p = JSON.createParser(s)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                text.extract(s, emit);
                return Shape.OTHER;
            }
            if (seek(p, 0)) {
                values(p, emit);
            }
            return Shape.MATCHED;
        } catch (IOException e) {
            text.extract(s, emit);
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

    private void values(JsonParser p, Consumer<Found> emit) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_STRING) {
            text.extractValue(p.getText(), emit);
        } else if (t == JsonToken.START_ARRAY) {
            while ((t = p.nextToken()) != JsonToken.END_ARRAY && t != null) {
                if (t == JsonToken.VALUE_STRING) {
                    text.extractValue(p.getText(), emit);
                } else {
                    p.skipChildren();
                }
            }
        }
    }
}
