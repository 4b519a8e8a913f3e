package dev.iptriage.cli;

import java.nio.file.Files;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code iptriage config path}: the config file a run would read. */
@Command(
        name = "path",
        mixinStandardHelpOptions = true,
        footerHeading = "%nExamples:%n",
        footer = {
            "  # the file a run reads",
            "  iptriage config path",
            "  # the file named by --config (it must exist)",
            "  iptriage config path --config team.conf",
            "  # none: --no-config reads no file",
            "  iptriage config path --no-config"
        },
        description = "Print the path of the config file a run reads (with --config, IPTRIAGE_CONFIG,"
                + " XDG_CONFIG_HOME and HOME as they are), and say on stderr when it is not there.")
final class ConfigPathCommand implements Callable<Integer> {
    private final Env env;
    private final Config.Lazy config;

    ConfigPathCommand(Env env, Config.Lazy config) {
        this.env = env;
        this.config = config;
    }

    @Override
    public Integer call() {
        Config.Location l = config.location();
        if (l.file() == null) {
            env.err()
                    .println("iptriage: no config file is read ("
                            + (l.reason().equals("--no-config")
                                    ? "--no-config"
                                    : "neither XDG_CONFIG_HOME nor HOME is set")
                            + ")");
            return ExitCodes.OK;
        }
        TerminalText.wrap(env.out()).println(l.file());
        if (!Files.exists(l.file())) {
            env.err().println("iptriage: note: there is no file there: runs read none");
        }
        return ExitCodes.OK;
    }
}
