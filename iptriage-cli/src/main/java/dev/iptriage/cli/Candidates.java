package dev.iptriage.cli;

import java.util.Iterator;
import java.util.List;

/**
 * The values shell completion offers for options that take one of a fixed set (picocli's {@code
 * completionCandidates}); what the options accept is checked where they are read.
 */
final class Candidates {
    private Candidates() {}

    /** enrich's -f. */
    static final class Formats implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return List.of("csv", "jsonl", "json", "table").iterator();
        }
    }

    /** extract's -f. */
    static final class ExtractFormats implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return List.of("text", "csv", "jsonl").iterator();
        }
    }

    /** db export's -f. */
    static final class ExportFormats implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return List.of("csv", "jsonl").iterator();
        }
    }

    /** --from (csv:COLUMN and jsonl:FIELD need a name after them, so they are not offered). */
    static final class InputModes implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return List.of("list", "text", "nginx", "apache", "sshd", "fail2ban", "syslog", "auto")
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
            return List.of("maxmind", "dbip-lite").iterator();
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
