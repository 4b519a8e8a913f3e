package dev.iptriage.cli;

import picocli.CommandLine.Command;

/** {@code iptriage config}: the config file's subcommands. */
@Command(
        name = "config",
        mixinStandardHelpOptions = true,
        footerHeading = "%nExamples:%n",
        footer = {
            "  # the settings enrich would use, and where each came from",
            "  iptriage config show enrich",
            "  # the file a run reads",
            "  iptriage config path",
            "  # what enrich would use without the file (--no-config works on every command)",
            "  iptriage config show --no-config enrich"
        },
        description = {
            "Show the settings of the config file and the environment ('config show') and which file is read"
                    + " ('config path').",
            "The file, $XDG_CONFIG_HOME/iptriage/config (else ~/.config/iptriage/config, or --config FILE, or"
                    + " $IPTRIAGE_CONFIG), holds KEY = VALUE lines, # comments and [COMMAND] sections; the keys are"
                    + " long options without their --, such as db-dir, list, lang, fields, format, resolver, ptr."
                    + " IPTRIAGE_<KEY> variables (IPTRIAGE_DB_DIR, IPTRIAGE_LANG) override the file, and the command"
                    + " line overrides both. Secrets (license keys) stay out of it. README, \"Config file\", has"
                    + " every key."
        })
final class ConfigCommand extends GroupCommand {}
