package dev.iptriage.cli;

import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code iptriage completion SHELL}: the shell completion script, made from the whole command model. */
@Command(
        name = "completion",
        mixinStandardHelpOptions = true,
        description = {
            "Print the tab completion script for bash, zsh or fish on stdout.",
            "It completes commands, subcommands, options, the values of options that take one of a fixed"
                    + " set, and file names where a file is taken; fish also shows what each one does.",
            "bash: source it from ~/.bashrc, or save it as"
                    + " ~/.local/share/bash-completion/completions/iptriage. zsh: save it as _iptriage in a"
                    + " folder of $fpath (before compinit runs), or source it from ~/.zshrc. fish: save it as"
                    + " ~/.config/fish/completions/iptriage.fish."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  # complete iptriage in this bash session",
            "  source <(iptriage completion bash)",
            "  # install for bash for good",
            "  iptriage completion bash > ~/.local/share/bash-completion/completions/iptriage",
            "  # zsh: a folder of $fpath",
            "  iptriage completion zsh > ~/.zfunc/_iptriage",
            "  # fish",
            "  iptriage completion fish > ~/.config/fish/completions/iptriage.fish"
        })
final class CompletionCommand implements Callable<Integer> {
    /** The shells a script is made for. */
    enum Shell {
        bash,
        zsh,
        fish
    }

    private final Env env;
    private final Supplier<CommandLine> model;

    @Parameters(index = "0", paramLabel = "SHELL", description = "the shell: ${COMPLETION-CANDIDATES}")
    Shell shell;

    CompletionCommand(Env env, Supplier<CommandLine> model) {
        this.env = env;
        this.model = model;
    }

    @Override
    public Integer call() {
        CommandLine cl = model.get();
        String script = switch (shell) {
            case bash -> ShellCompletion.bash(cl);
            case zsh -> ShellCompletion.zsh(cl);
            case fish -> ShellCompletion.fish(cl);
        };
        env.out().print(script);
        env.out().flush();
        return ExitCodes.OK;
    }
}
