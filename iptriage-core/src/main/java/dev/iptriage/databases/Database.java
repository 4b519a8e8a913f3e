package dev.iptriage.databases;

import dev.iptriage.mmdb.Metadata;
import dev.iptriage.mmdb.MmdbFormatException;
import dev.iptriage.mmdb.MmdbReader;
import dev.iptriage.mmdb.PathPlan;
import dev.iptriage.mmdb.RecordShape;
import dev.iptriage.model.Field;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An opened .mmdb database with its detected {@link DatabaseKind}. Opening validates the file; a
 * missing, unreadable or corrupt file raises an {@link IOException} (a {@link MmdbFormatException}
 * when the content is bad) whose message names the file.
 *
 * @param reader the shared, thread-safe reader
 * @param kind what the database holds
 * @param origin the file path, or {@code built-in:NAME} for an embedded database
 * @param attribution the data's required attribution, when known (embedded databases, and files
 *     with an attribution file beside them)
 */
public record Database(MmdbReader reader, DatabaseKind kind, String origin, Optional<String> attribution) {
    /**
     * A file {@code X.mmdb} + this suffix beside a database holds the attribution its licence
     * requires ({@code db update --source dbip-lite} writes one).
     */
    public static final String ATTRIBUTION_SUFFIX = ".LICENSE.txt";

    private static final int MAX_ATTRIBUTION = 4096;

    /** Opens a database file. */
    public static Database open(Path file) throws IOException {
        return open(file, MmdbReader.map(file));
    }

    /** Opens a database file from bytes already mapped from it ({@link MmdbReader#map}), e.g. after checking them. */
    public static Database open(Path file, ByteBuffer mapped) throws MmdbFormatException {
        MmdbReader r = MmdbReader.open(file.toString(), mapped);
        return new Database(
                r, DatabaseKind.detect(r.metadata().databaseType()), file.toString(), attributionBeside(file));
    }

    /** The first line of the attribution file beside {@code file}, when there is one. */
    private static Optional<String> attributionBeside(Path file) {
        Path p = file.resolveSibling(file.getFileName() + ATTRIBUTION_SUFFIX);
        try {
            if (!Files.isRegularFile(p) || Files.size(p) > MAX_ATTRIBUTION) {
                return Optional.empty();
            }
            String first = Files.readString(p, StandardCharsets.UTF_8)
                    .lines()
                    .findFirst()
                    .orElse("");
            String clean = first.replaceAll("\\p{Cntrl}", "").strip();
            return clean.isEmpty() ? Optional.empty() : Optional.of(clean);
        } catch (IOException | java.io.UncheckedIOException e) {
            return Optional.empty();
        }
    }

    /** Opens a database held in memory (e.g. a resource); {@code origin} names it in messages. */
    public static Database open(String origin, InputStream in, Optional<String> attribution) throws IOException {
        byte[] bytes = in.readAllBytes();
        MmdbReader r = MmdbReader.open(origin, ByteBuffer.wrap(bytes));
        return new Database(r, DatabaseKind.detect(r.metadata().databaseType()), origin, attribution);
    }

    /**
     * What every record must look like (checked once per distinct record, as it is first decoded;
     * see {@link RecordShape}): in a GeoIP2/GeoLite2 or DB-IP file of a kind iptriage reads (City,
     * Country, Enterprise, ASN, ISP, Domain, Connection-Type, Anonymous-IP, by {@code database_type})
     * and in the embedded databases, a map that is not one of the maps inside a record, not empty
     * except in Anonymous-IP files (where MaxMind's own test file has a network with no flag set), with
     * a map or an array wherever the schema has one on the way to any of its columns, and a value of
     * the column's type where one ends, in every language (whatever columns a run reads); in
     * any other file whose records are maps (its first record is one, see {@link
     * MmdbReader#firstRecordIsMap}), or whose kind iptriage knows by name, a map; else anything.
     */
    public RecordShape shape() {
        return shapeOf(reader);
    }

    /** {@link #shape()} of a file opened as a bare reader (for {@code db verify}). */
    public static RecordShape shapeOf(MmdbReader reader) {
        String type = reader.metadata().databaseType();
        DatabaseKind kind = DatabaseKind.detect(type);
        if (publishedSchema(type)) {
            return RecordShape.schema(
                    type,
                    kind == DatabaseKind.ANONYMOUS_IP,
                    kind.innerKeys(),
                    FieldPaths.checkAll(PathPlan.withSlots(0), kind.fields()));
        }
        return kind != DatabaseKind.GENERIC || reader.firstRecordIsMap() ? RecordShape.MAP : RecordShape.ANY;
    }

    /**
     * How the values of {@code fields} are read from this database's records: names in {@code lang}
     * (falling back to English), by the schema's own paths for the published schemas ({@link
     * FieldPaths}), checked against the file's record shape: in a published schema the plan also
     * checks every other path of the schema ({@link FieldPaths#checkAll}), so whether a record can
     * be read does not depend on {@code fields} or {@code lang}.
     */
    public PathPlan plan(List<Field> fields, String lang) {
        PathPlan plan = FieldPaths.plan(fields, lang, publishedSchema());
        if (publishedSchema()) {
            // the whole schema is checked, so a record's status is the same for any columns and language
            FieldPaths.checkAll(plan, kind.fields());
        } else {
            // impossible coordinates and AS numbers fail a record of any file, whatever is asked
            FieldPaths.boundAll(plan);
        }
        return plan.shape(shape());
    }

    /**
     * Whether the file is in one of MaxMind's published schemas, by its {@code database_type}: a
     * GeoIP2/GeoLite2 or DB-IP file, or an embedded database, of a kind iptriage reads (not {@link
     * DatabaseKind#GENERIC}). Its columns are read by the schema's paths alone ({@link FieldPaths}).
     */
    public boolean publishedSchema() {
        return publishedSchema(type());
    }

    private static boolean publishedSchema(String type) {
        return DatabaseKind.detect(type) != DatabaseKind.GENERIC
                && PUBLISHED_SCHEMA.matcher(type).lookingAt();
    }

    /** {@code database_type}s of files in MaxMind's published schemas: MaxMind's, DB-IP's, the embedded ones. */
    private static final Pattern PUBLISHED_SCHEMA = Pattern.compile("GeoIP2-|GeoLite2-|DBIP-|iptriage-Default-");

    /** The whole record at a data offset, checked to have the file's {@link #shape()}. */
    public Object record(int offset) throws MmdbFormatException {
        return reader.decodeRecord(offset, shape());
    }

    /** The metadata of the file. */
    public Metadata metadata() {
        return reader.metadata();
    }

    /** {@code database_type}, e.g. GeoLite2-City. */
    public String type() {
        return reader.metadata().databaseType();
    }

    /** Time since the database was built; zero when the build date lies in the future. */
    public Duration age(Instant now) {
        Instant built = reader.metadata().buildEpoch();
        return built.isAfter(now) ? Duration.ZERO : Duration.between(built, now);
    }

    /** Whether the build date is plausible (not in the future, not the epoch). */
    public boolean hasPlausibleBuildDate(Instant now) {
        Instant built = reader.metadata().buildEpoch();
        return built.isAfter(Instant.EPOCH) && !built.isAfter(now.plus(Duration.ofDays(1)));
    }
}
