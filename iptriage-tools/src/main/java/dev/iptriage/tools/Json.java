package dev.iptriage.tools;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A small JSON tree reader over jackson-core: objects become maps, arrays lists, numbers Number. */
final class Json {
    private static final JsonFactory FACTORY = new JsonFactory();

    private Json() {}

    /** Reads a whole JSON file (trusted build input of a few MB) into plain Java values. */
    static Object read(Path file) throws IOException {
        try (JsonParser p = FACTORY.createParser(file.toFile())) {
            p.nextToken();
            Object value = value(p);
            if (p.nextToken() != null) {
                throw new IOException(file + ": trailing content after the JSON value");
            }
            return value;
        }
    }

    /** Reads a JSON text into plain Java values. */
    static Object parse(String text) throws IOException {
        try (JsonParser p = FACTORY.createParser(text)) {
            p.nextToken();
            return value(p);
        }
    }

    private static Object value(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        if (t == null) {
            throw new IOException("unexpected end of JSON");
        }
        return switch (t) {
            case START_OBJECT -> object(p);
            case START_ARRAY -> array(p);
            case VALUE_STRING -> p.getText();
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> p.getNumberValue();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            default -> throw new IOException("unexpected JSON token " + t + " at " + p.currentLocation());
        };
    }

    private static Map<String, Object> object(JsonParser p) throws IOException {
        Map<String, Object> out = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            out.put(name, value(p));
        }
        return out;
    }

    private static List<Object> array(JsonParser p) throws IOException {
        List<Object> out = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            out.add(value(p));
        }
        return out;
    }

    /** Returns {@code value} as a map, or fails naming {@code what}. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> asMap(Object value, String what) throws IOException {
        if (value instanceof Map<?, ?> m) {
            return (Map<String, Object>) m;
        }
        throw new IOException(what + ": expected a JSON object");
    }

    /** Returns {@code value} as a list, or fails naming {@code what}. */
    @SuppressWarnings("unchecked")
    static List<Object> asList(Object value, String what) throws IOException {
        if (value instanceof List<?> l) {
            return (List<Object>) l;
        }
        throw new IOException(what + ": expected a JSON array");
    }
}
