import dev.iptriage.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.codegen.docgen.manpage.ManPageGenerator;

/**
 * Build step (package phase, after iptriage.jar is written): from the command model of that jar,
 *
 * <ul>
 *   <li>the AsciiDoc source of one man page per command and subcommand (picocli-codegen's
 *       ManPageGenerator; the asciidoctor step after this one turns them into roff), with the help's
 *       "Examples:" and "Exit codes:" as the EXAMPLES and EXIT STATUS sections, and
 *   <li>the completion scripts, as {@code iptriage completion bash|zsh|fish} prints them:
 *       {@code iptriage.bash}, {@code _iptriage} and {@code iptriage.fish}.
 * </ul>
 *
 * <p>Arguments: the AsciiDoc folder, the completion folder.
 */
public final class GenerateDocs {
    private GenerateDocs() {}

    public static void main(String[] args) throws IOException {
        Path adoc = Path.of(args[0]);
        Path completion = Path.of(args[1]);
        Files.createDirectories(adoc);
        Files.createDirectories(completion);

        CommandLine cl = Main.model();
        // no wrapping: picocli would break the synopsis inside an option's marked-up label
        // (_HOST[:_ / _PORT]_), and man fills the paragraphs to the reader's width anyway
        cl.setUsageHelpWidth(100_000);
        String version = cl.getCommandSpec().version()[0];
        List<CommandSpec> specs = new ArrayList<>();
        collect(cl.getCommandSpec(), specs);
        for (CommandSpec spec : specs) {
            if (spec.version().length == 0) {
                spec.version(version); // the subcommands' pages name the release too
            }
            StringWriter page = new StringWriter();
            try (PrintWriter pw = new PrintWriter(page)) {
                ManPageGenerator.writeSingleManPage(pw, spec);
            }
            String text = escapeBrackets(page.toString())
                    // the help's headings end in a colon; a man page's are bare, and the usual names
                    .replaceAll("(?m)^==\\s+Examples:\\s*$", "== Examples")
                    .replaceAll("(?m)^==\\s+Exit codes:\\s*$", "== Exit status");
            Files.writeString(adoc.resolve(spec.qualifiedName("-") + ".adoc"), text, StandardCharsets.UTF_8);
        }

        for (Map.Entry<String, String> script :
                Map.of("bash", "iptriage.bash", "zsh", "_iptriage", "fish", "iptriage.fish").entrySet()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = Main.run(
                    new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8),
                    InputStream.nullInputStream(),
                    Map.of(),
                    "completion",
                    script.getKey());
            if (code != 0) {
                throw new IllegalStateException("iptriage completion " + script.getKey() + " exited with " + code
                        + ": " + err.toString(StandardCharsets.UTF_8));
            }
            Files.write(completion.resolve(script.getValue()), out.toByteArray());
        }
        System.out.println("[generate-docs] " + specs.size() + " man page sources, 3 completion scripts");
    }

    /** An italic label (_ITEM_) followed by ... */
    private static final java.util.regex.Pattern LABEL = java.util.regex.Pattern.compile("(?<=[=\\s\\[])_([^_\\s]+)_");

    /**
     * Brackets inside a marked-up label ({@code _HOST[:PORT]_}, {@code _COL=TYPE[,COL=TYPE...]_})
     * as Asciidoctor's {startsb}/{endsb}: read as they are, "[...]_" starts a span's attribute list
     * and swallows the synopsis around it.
     */
    static String escapeBrackets(String adoc) {
        return LABEL.matcher(adoc).replaceAll(m -> java.util.regex.Matcher.quoteReplacement(
                "_" + m.group(1).replace("[", "{startsb}").replace("]", "{endsb}") + "_"));
    }

    private static void collect(CommandSpec spec, List<CommandSpec> into) {
        into.add(spec);
        for (CommandLine sub : spec.subcommands().values()) {
            if (!sub.getCommandSpec().usageMessage().hidden()) {
                collect(sub.getCommandSpec(), into);
            }
        }
    }
}
