package dev.iptriage.cli;

import picocli.CommandLine.Command;

/** {@code iptriage db}: the database subcommands. */
@Command(
        name = "db",
        footerHeading = "%nExamples:%n",
        footer = {
            "  # which databases a run would use",
            "  iptriage db list",
            "  # metadata, age and attribution of the embedded data",
            "  iptriage db info builtin",
            "  # current databases (MaxMind, settings from GeoIP.conf)",
            "  iptriage db update",
            "  # a full structural check",
            "  iptriage db verify GeoLite2-City.mmdb"
        },
        mixinStandardHelpOptions = true,
        description =
                "List, inspect, verify, update, build and export databases (see 'db list', 'db info', 'db verify',"
                        + " 'db update', 'db build', 'db export').")
final class DbCommand extends GroupCommand {}
