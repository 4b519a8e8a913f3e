package dev.iptriage.cli;

import dev.iptriage.dbupdate.DatabaseUpdater;
import dev.iptriage.engine.SightingWriter;
import dev.iptriage.extract.InputMode;
import dev.iptriage.mmdb.csv.MmdbExport;
import dev.iptriage.sink.SinkFormat;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * The values shell completion offers for options that take one of a fixed set (picocli's {@code
 * completionCandidates}), from the enums the options are read into where there is one, so a new
 * format or mode is offered at once; {@code CandidatesTest} checks every value offered is accepted.
 */
final class Candidates {
    private Candidates() {}

    /** The names of an enum's constants, lower case (every format enum's names are its -f values). */
    static List<String> names(Enum<?>[] values) {
        return Arrays.stream(values).map(v -> v.name().toLowerCase(Locale.ROOT)).toList();
    }

    /** enrich's -f. */
    static final class Formats implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return names(SinkFormat.values()).iterator();
        }
    }

    /** extract's -f. */
    static final class ExtractFormats implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return names(SightingWriter.Format.values()).iterator();
        }
    }

    /** db export's -f. */
    static final class ExportFormats implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return names(MmdbExport.Format.values()).iterator();
        }
    }

    /** --from (csv:COLUMN and jsonl:FIELD need a name after them, so they are not offered). */
    static final class InputModes implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Arrays.stream(InputMode.Kind.values())
                    .filter(k -> k != InputMode.Kind.CSV && k != InputMode.Kind.JSONL)
                    .map(k -> k.name().toLowerCase(Locale.ROOT))
                    .iterator();
        }
    }

    /** --lang: the languages of MaxMind's place names. */
    static final class Languages implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return List.of("en", "de", "es", "fr", "ja", "pt-BR", "ru", "zh-CN").iterator();
        }
    }

    /** db update --source. */
    static final class UpdateSources implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Arrays.stream(DatabaseUpdater.Source.values())
                    .map(s -> s.name().toLowerCase(Locale.ROOT).replace('_', '-'))
                    .iterator();
        }
    }

    /** --webservice. */
    static final class WebServices implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return List.of("country", "city", "insights").iterator();
        }
    }

    /** --webservice-for. */
    static final class WebServiceFor implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return List.of("all", "missing").iterator();
        }
    }
}
