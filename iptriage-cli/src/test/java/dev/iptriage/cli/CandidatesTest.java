package dev.iptriage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iptriage.dbupdate.DatabaseUpdater;
import dev.iptriage.extract.InputMode;
import dev.iptriage.testing.Fixtures;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every value shell completion offers is one its option accepts: the commands run with it. */
class CandidatesTest {
    @TempDir
    Path dir;

    private static List<String> of(Iterable<String> candidates) {
        List<String> out = new ArrayList<>();
        candidates.forEach(out::add);
        assertThat(out).isNotEmpty().doesNotHaveDuplicates();
        return out;
    }

    @Test
    void everyFormatOfferedIsOneTheCommandWrites() {
        for (String f : of(new Candidates.Formats())) {
            Cli.Result r = Cli.run("8.8.8.8\n", "enrich", "-q", "--db", "builtin", "-f", f);
            assertThat(r.code()).as("enrich -f %s: %s", f, r.err()).isZero();
            assertThat(r.out()).as("enrich -f %s", f).contains("8.8.8.8");
        }
        for (String f : of(new Candidates.ExtractFormats())) {
            Cli.Result r = Cli.run("seen 8.8.8.8 here\n", "extract", "-q", "-f", f);
            assertThat(r.code()).as("extract -f %s: %s", f, r.err()).isZero();
            assertThat(r.out()).as("extract -f %s", f).contains("8.8.8.8");
        }
        Path city = Fixtures.city(dir);
        for (String f : of(new Candidates.ExportFormats())) {
            Path out = dir.resolve("export-" + f);
            Cli.Result r = Cli.run("", "db", "export", city.toString(), "-f", f, "-o", out.toString());
            assertThat(r.code()).as("db export -f %s: %s", f, r.err()).isZero();
        }
    }

    @Test
    void everyModeAndSourceOfferedIsAcceptedAndEveryOneAcceptedIsOffered() {
        Set<InputMode.Kind> kinds = EnumSet.noneOf(InputMode.Kind.class);
        for (String m : of(new Candidates.InputModes())) {
            kinds.add(InputMode.parse(m).kind());
        }
        // csv:COLUMN and jsonl:FIELD need a name after them: not offered
        assertThat(kinds)
                .containsExactlyInAnyOrderElementsOf(
                        EnumSet.complementOf(EnumSet.of(InputMode.Kind.CSV, InputMode.Kind.JSONL)));
        Set<DatabaseUpdater.Source> sources = EnumSet.noneOf(DatabaseUpdater.Source.class);
        for (String s : of(new Candidates.UpdateSources())) {
            sources.add(DbUpdateCommand.source(s));
        }
        assertThat(sources).containsExactlyInAnyOrder(DatabaseUpdater.Source.values());
    }
}
