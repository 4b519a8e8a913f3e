package dev.iptriage.cli;

import picocli.CommandLine.Command;

/** {@code iptriage lists}: the lists subcommands. */
@Command(
        name = "lists",
        footerHeading = "%nExamples:%n",
        footer = {
            "  # download every public list into the lists folder",
            "  iptriage lists update",
            "  # what a run would use",
            "  iptriage lists list",
            "  # one list",
            "  iptriage lists update tor_exit_nodes.txt"
        },
        mixinStandardHelpOptions = true,
        description = "Download public IP lists (see 'lists update').")
final class ListsCommand extends GroupCommand {}
