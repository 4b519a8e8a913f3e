package dev.iptriage.cli;

import dev.iptriage.model.Field;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code iptriage fields}: the output columns and what they mean. */
@Command(name = "fields", mixinStandardHelpOptions = true, description = "List the output columns for --fields.")
final class FieldsCommand implements Callable<Integer> {
    private final Env env;

    FieldsCommand(Env env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        for (Field f : Field.values()) {
            String mark = Field.defaults().contains(f) ? "*" : " ";
            env.out().printf("%s %-24s %s%n", mark, f.column(), f.description());
        }
        env.out().println("(* = in the default set; 'all' = every column but count and raw)");
        return ExitCodes.OK;
    }
}
