package dev.iptriage.text;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.HexFormat;
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

    private static void writeDouble(JsonGenerator g, double d) throws IOException {
        if (Double.isFinite(d)) {
            g.writeNumber(d);
        } else {
            g.writeString(Double.toString(d)); // JSON has no NaN or Infinity
        }
    }
}
