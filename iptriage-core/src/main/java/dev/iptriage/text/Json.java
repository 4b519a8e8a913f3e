package dev.iptriage.text;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes decoded values (maps, lists, scalars) as JSON with jackson-core: numbers and booleans keep
 * their type, bytes are hex (as in {@link CellText#text}), non-finite numbers are strings. Every
 * character {@link CellText#isUnsafe} is written as a JSON escape (backslash, {@code u}, four hex
 * digits), so JSON on a terminal carries no raw control character either, and reads back to the same
 * text.
 */
public final class Json {
    static final JsonFactory FACTORY = factory();

    private Json() {}

    /**
     * A factory whose generators escape, besides what JSON requires (C0 controls, {@code "} and
     * {@code \\}), DEL, the C1 controls, U+2028/U+2029 and the bidirectional controls ({@link
     * CellText#isUnsafe}). For every JSON output of the project.
     */
    public static JsonFactory factory() {
        return new JsonFactoryBuilder().characterEscapes(new TerminalEscapes()).build();
    }

    private static final class TerminalEscapes extends CharacterEscapes {
        private static final long serialVersionUID = 1L;
        private final int[] ascii = standardAsciiEscapesForJSON();

        TerminalEscapes() {
            ascii[0x7f] = ESCAPE_STANDARD;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return CellText.isUnsafe(ch) ? new SerializedString(String.format("\\u%04X", ch)) : null;
        }
    }

    /** {@code v} as JSON text, with the control and bidi characters escaped as everywhere. */
    public static String toJson(Object v) {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(w)) {
            write(g, v);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    /** Writes one value (of any depth) to {@code g}. */
    public static void write(JsonGenerator g, Object v) throws IOException {
        switch (v) {
            case null -> g.writeNull();
            case String s -> g.writeString(s);
            case Integer i -> g.writeNumber(i);
            case Long l -> g.writeNumber(l);
            case BigInteger b -> g.writeNumber(b);
            case Double d -> writeDouble(g, d);
            case Float f -> writeDouble(g, Double.parseDouble(Float.toString(f)));
            case Boolean b -> g.writeBoolean(b);
            case byte[] b -> g.writeString(HexFormat.of().formatHex(b));
            case FrozenJson f -> g.writeRawValue(f.json());
            case Map<?, ?> m -> {
                g.writeStartObject();
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    g.writeFieldName(String.valueOf(e.getKey()));
                    write(g, e.getValue());
                }
                g.writeEndObject();
            }
            case List<?> l -> {
                g.writeStartArray();
                for (Object o : l) {
                    write(g, o);
                }
                g.writeEndArray();
            }
            default -> g.writeString(v.toString());
        }
    }

    /**
     * Reads one JSON value from untrusted bytes into maps ({@link LinkedHashMap}, keys in document order), lists,
     * {@link String}, {@link Long} (or {@link BigInteger} beyond it), {@link Double}, {@link Boolean} and null. Nesting
     * deeper than {@code maxDepth}, a repeated key in an object, or anything after the value is refused.
     *
     * @throws IOException when the bytes are not one JSON value within those limits (the message says where)
     */
    public static Object read(byte[] json, int maxDepth) throws IOException {
        try (JsonParser p = FACTORY.createParser(json)) {
            p.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
            JsonToken t = p.nextToken();
            if (t == null) {
                throw new IOException("no JSON value");
            }
            Object v = value(p, t, maxDepth);
            if (p.nextToken() != null) {
                throw new IOException("more than one JSON value, at offset "
                        + p.currentTokenLocation().getCharOffset());
            }
            return v;
        } catch (StreamReadException e) {
            throw new IOException("not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static Object value(JsonParser p, JsonToken t, int depth) throws IOException {
        return switch (t) {
            case START_OBJECT -> {
                if (depth <= 0) {
                    throw new IOException("JSON nested too deeply");
                }
                Map<String, Object> m = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String k = p.currentName();
                    m.put(k, value(p, p.nextToken(), depth - 1));
                }
                yield m;
            }
            case START_ARRAY -> {
                if (depth <= 0) {
                    throw new IOException("JSON nested too deeply");
                }
                List<Object> l = new ArrayList<>();
                JsonToken e;
                while ((e = p.nextToken()) != JsonToken.END_ARRAY) {
                    if (e == null) {
                        throw new IOException("JSON ends inside an array");
                    }
                    l.add(value(p, e, depth - 1));
                }
                yield l;
            }
            case VALUE_STRING -> p.getText();
            case VALUE_NUMBER_INT ->
                p.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? p.getBigIntegerValue() : p.getLongValue();
            case VALUE_NUMBER_FLOAT -> p.getDoubleValue();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            default -> throw new IOException("unexpected JSON token " + t);
        };
    }

    private static void writeDouble(JsonGenerator g, double d) throws IOException {
        if (Double.isFinite(d)) {
            g.writeNumber(d);
        } else {
            g.writeString(Double.toString(d)); // JSON has no NaN or Infinity
        }
    }
}
