package dev.iptriage.listupdate;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.iptriage.dbupdate.Installer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@code lists update} remembers per list file, in {@value #FILE} in the lists folder (hidden, so not read as a
 * list): the URL last requested, the validators of the last response (ETag, Last-Modified) for conditional requests,
 * when the list was last requested (polling limits), last checked successfully (200 or 304: freshness) and last
 * replaced, and its entry count.
 */
final class ListState {
    /** The state file's name in the lists folder. */
    static final String FILE = ".iptriage-lists.json";

    private static final JsonFactory JSON = new JsonFactory();
    private static final int MAX_BYTES = 1 << 20;

    /** One list's state; every field may be null. */
    record Entry(
            String url,
            String etag,
            String lastModified,
            Instant requested,
            Instant checked,
            Instant updated,
            Long entries) {
        static final Entry NONE = new Entry(null, null, null, null, null, null, null);

        Entry withRequested(String u, Instant at) {
            return new Entry(u, etag, lastModified, at, checked, updated, entries);
        }

        Entry withChecked(Instant at) {
            return new Entry(url, etag, lastModified, requested, at, updated, entries);
        }

        Entry withUpdate(String e, String lm, Instant at, long n) {
            return new Entry(url, e, lm, requested, at, at, n);
        }
    }

    private final Map<String, Entry> entries;

    private ListState(Map<String, Entry> entries) {
        this.entries = entries;
    }

    static ListState empty() {
        return new ListState(new TreeMap<>());
    }

    Entry get(String file) {
        return entries.getOrDefault(file, Entry.NONE);
    }

    void put(String file, Entry e) {
        entries.put(file, e);
    }

    /**
     * Reads the folder's state; a missing file is an empty state.
     *
     * @throws IOException when the file exists but is unreadable or not a state file
     */
    static ListState read(Path dir) throws IOException {
        Path p = dir.resolve(FILE);
        if (!Files.isRegularFile(p)) {
            return empty();
        }
        if (Files.size(p) > MAX_BYTES) {
            throw new IOException(p + ": larger than " + MAX_BYTES + " bytes, not a lists state file");
        }
        Map<String, Entry> out = new TreeMap<>();
        try (InputStream in = Files.newInputStream(p);
                JsonParser j = JSON.createParser(in)) {
            expect(j.nextToken() == JsonToken.START_OBJECT, p);
            while (j.nextToken() == JsonToken.FIELD_NAME) {
                String key = j.currentName();
                JsonToken t = j.nextToken();
                if (!key.equals("lists")) {
                    j.skipChildren();
                    continue;
                }
                expect(t == JsonToken.START_OBJECT, p);
                while (j.nextToken() == JsonToken.FIELD_NAME) {
                    String file = j.currentName();
                    expect(j.nextToken() == JsonToken.START_OBJECT, p);
                    out.put(file, entry(j, p));
                }
            }
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new IOException(p + ": not a lists state file (" + e.getMessage() + ")");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IOException(p + ": not a lists state file (" + e.getOriginalMessage() + ")");
        }
        return new ListState(out);
    }

    private static Entry entry(JsonParser j, Path p) throws IOException {
        Map<String, String> f = new TreeMap<>();
        while (j.nextToken() == JsonToken.FIELD_NAME) {
            String k = j.currentName();
            JsonToken t = j.nextToken();
            if (t.isStructStart()) {
                j.skipChildren();
            } else if (t != JsonToken.VALUE_NULL) {
                f.put(k, j.getValueAsString());
            }
        }
        expect(j.currentToken() == JsonToken.END_OBJECT, p);
        return new Entry(
                f.get("url"),
                f.get("etag"),
                f.get("last_modified"),
                instant(f.get("requested")),
                instant(f.get("checked")),
                instant(f.get("updated")),
                f.get("entries") == null ? null : Long.valueOf(f.get("entries")));
    }

    private static Instant instant(String s) {
        return s == null ? null : Instant.parse(s);
    }

    private static void expect(boolean ok, Path p) throws IOException {
        if (!ok) {
            throw new IOException(p + ": not a lists state file (expected {\"lists\": {FILE: {...}}})");
        }
    }

    /** Writes the state atomically (a temporary file renamed over the old one). Call it with the folder lock held. */
    void write(Path dir) throws IOException {
        Path tmp = Installer.tempIn(dir, FILE + ".", "");
        try {
            try (OutputStream out = Files.newOutputStream(tmp);
                    JsonGenerator g = JSON.createGenerator(out)) {
                g.useDefaultPrettyPrinter();
                g.writeStartObject();
                g.writeObjectFieldStart("lists");
                for (Map.Entry<String, Entry> e : entries.entrySet()) {
                    Entry v = e.getValue();
                    g.writeObjectFieldStart(e.getKey());
                    field(g, "url", v.url());
                    field(g, "etag", v.etag());
                    field(g, "last_modified", v.lastModified());
                    field(g, "requested", v.requested());
                    field(g, "checked", v.checked());
                    field(g, "updated", v.updated());
                    if (v.entries() != null) {
                        g.writeNumberField("entries", v.entries());
                    }
                    g.writeEndObject();
                }
                g.writeEndObject();
                g.writeEndObject();
                g.writeRaw('\n');
            }
            Installer.moveInto(tmp, dir.resolve(FILE));
        } finally {
            Installer.deleteQuietly(tmp);
        }
    }

    private static void field(JsonGenerator g, String name, Object v) throws IOException {
        if (v != null) {
            g.writeStringField(name, v.toString());
        }
    }
}
