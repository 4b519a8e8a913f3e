package dev.iptriage.lists;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharsetDecoder;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** The JSON formats: Spamhaus DROP JSON lines and MISP warninglists. */
final class JsonLists {
    private JsonLists() {}

    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxStringLength(ListReader.MAX_LINE)
                    .maxNameLength(1000)
                    .maxNestingDepth(32)
                    .maxNumberLength(100)
                    .build())
            .build();

    private static final String DROP_EXPECTED =
            "expected one JSON object per line such as {\"cidr\":\"192.0.2.0/24\",\"sblid\":\"SBL1\",\"rir\":\"arin\"}";

    /** Spamhaus DROP JSON lines: {@code cidr} records and a metadata record. */
    static void readJsonLines(InputStream in, ListReader.Acc acc) throws IOException {
        LineReader r = new LineReader(in, ListReader.MAX_LINE);
        CharsetDecoder utf8 = ListReader.utf8();
        boolean first = true;
        while (r.next()) {
            String s = ListReader.text(r, acc, utf8);
            if (s == null) {
                continue;
            }
            s = s.strip();
            if (s.isEmpty()) {
                continue;
            }
            Map<String, String> o;
            try {
                o = flatObject(s);
            } catch (IOException e) {
                acc.problem(r.number(), "bad JSON (" + shortMessage(e) + "); " + DROP_EXPECTED);
                continue;
            }
            if (o == null) {
                acc.problem(r.number(), Entries.quote(s) + " is not one JSON object; " + DROP_EXPECTED);
                continue;
            }
            boolean metadata = "metadata".equals(o.get("type"));
            if (first && !metadata && !o.containsKey("cidr") && !o.containsKey("sblid")) {
                throw new ListReader.NotAListException(
                        acc.file,
                        r.number(),
                        "JSON lines without \"cidr\" (members " + Entries.quote(String.join(",", o.keySet()))
                                + "); expected Spamhaus DROP JSON lines or a MISP warninglist");
            }
            first = false;
            if (metadata) {
                metadata(o, acc);
                continue;
            }
            String cidr = o.remove("cidr");
            if (cidr == null) {
                acc.problem(r.number(), "a record without \"cidr\"; " + DROP_EXPECTED);
                continue;
            }
            acc.entry(cidr, r.number(), o);
        }
    }

    private static void metadata(Map<String, String> o, ListReader.Acc acc) {
        String ts = o.get("timestamp");
        if (ts != null && ts.matches("\\d{1,12}")) {
            acc.date = Instant.ofEpochSecond(Long.parseLong(ts)).toString();
        }
        String copyright = o.get("copyright");
        String terms = o.get("terms");
        if (copyright != null || terms != null) {
            acc.licence = copyright == null ? terms : terms == null ? copyright : copyright + ", " + terms;
        }
        if (o.get("records") != null) {
            acc.facts.put("records", o.get("records"));
        }
    }

    /** The scalar members of one JSON object (nested values skipped), or null when the text is not one object. */
    private static Map<String, String> flatObject(String s) throws IOException {
        try (JsonParser p = JSON.createParser(s)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            Map<String, String> o = new LinkedHashMap<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                JsonToken t = p.nextToken();
                if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                    p.skipChildren();
                } else if (t != JsonToken.VALUE_NULL && o.size() < 20) {
                    o.put(key, cut(p.getText()));
                }
            }
            if (p.nextToken() != null) {
                return null;
            }
            return o;
        }
    }

    /** A MISP warninglist: one JSON document. */
    static void readMisp(InputStream in, ListReader.Acc acc) throws IOException {
        String type = null;
        boolean hasList = false;
        int line = 0;
        try (JsonParser p = JSON.createParser(in)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new ListReader.NotAListException(acc.file, 1, "not a JSON object; expected a MISP warninglist");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                JsonToken t = p.nextToken();
                line = p.currentTokenLocation().getLineNr();
                switch (key) {
                    case "list" -> {
                        if (t != JsonToken.START_ARRAY) {
                            throw new ListReader.NotAListException(
                                    acc.file, line, "\"list\" is not an array; expected a MISP warninglist");
                        }
                        hasList = true;
                        readMispList(p, acc);
                    }
                    case "type" -> type = t.isScalarValue() ? p.getText() : null;
                    case "name" -> acc.title = scalar(p, t);
                    case "version", "category", "description" -> {
                        String v = scalar(p, t);
                        if (v != null) {
                            acc.facts.put(key, v);
                        }
                    }
                    default -> p.skipChildren();
                }
            }
        } catch (StreamConstraintsException e) {
            throw new ListReader.NotAListException(
                    acc.file, line, "JSON beyond the limits (" + shortMessage(e) + "); expected a MISP warninglist");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            int at = e.getLocation() == null ? line : e.getLocation().getLineNr();
            throw new ListReader.NotAListException(
                    acc.file, Math.max(at, 0), "bad JSON (" + shortMessage(e) + "); expected a MISP warninglist");
        }
        if (!hasList || type == null) {
            throw new ListReader.NotAListException(
                    acc.file,
                    0,
                    "a JSON document without \"list\" and \"type\"; expected a MISP warninglist or Spamhaus DROP JSON"
                            + " lines");
        }
        if (!type.equals("cidr")) {
            throw new ListReader.NotAListException(
                    acc.file,
                    0,
                    "a MISP warninglist of type " + Entries.quote(type) + "; expected type 'cidr' (addresses)");
        }
        acc.headerDone = true;
    }

    private static void readMispList(JsonParser p, ListReader.Acc acc) throws IOException {
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            int line = p.currentTokenLocation().getLineNr();
            if (t == JsonToken.VALUE_STRING) {
                acc.entry(p.getText(), line, Map.of());
            } else {
                p.skipChildren();
                acc.problem(line, kind(t) + " in \"list\"; expected strings such as \"192.0.2.0/24\"");
            }
        }
    }

    /** What a JSON value is, for messages: {@code a number}, {@code an object}, ... */
    static String kind(JsonToken t) {
        return switch (t) {
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "a null";
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            default -> "a " + t;
        };
    }

    private static String scalar(JsonParser p, JsonToken t) throws IOException {
        if (t.isScalarValue() && t != JsonToken.VALUE_NULL) {
            return cut(p.getText());
        }
        p.skipChildren();
        return null;
    }

    private static String cut(String s) {
        return s.length() > 300 ? s.substring(0, 300) : s;
    }

    private static String shortMessage(IOException e) {
        String m = e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : null;
        if (m == null) {
            m = String.valueOf(e.getMessage());
        }
        int nl = m.indexOf('\n');
        return Entries.quote(nl >= 0 ? m.substring(0, nl) : m).replace("'", "");
    }
}
