package dev.iptriage.cli;

import dev.iptriage.sink.Order;
import picocli.CommandLine.Option;

/** {@code --sort KEY}, {@code -r} and {@code --top N}: the order of one-row-per-address output. */
final class SortOptions {
    @Option(
            names = "--sort",
            paramLabel = "KEY",
            description = "with --unique: sort the rows by count, ip, asn, country, first_seen or last_seen"
                    + " (ascending; ties by ip; rows without the value, and invalid lines, last). The key need"
                    + " not be an output column")
    String sort;

    @Option(
            names = {"-r", "--reverse"},
            description = "with --sort: largest, latest or last first (ties still by ip, ascending)")
    boolean reverse;

    @Option(
            names = "--top",
            paramLabel = "N",
            description = "with --sort: write only the first N rows (keeps N rows in memory, not all)")
    Integer top;

    /** The key {@code --sort} names; an unknown one is a usage error that lists the keys. */
    static Order.Key key(String sort) {
        return Order.Key.byName(sort)
                .orElseThrow(() -> new CliException(
                        ExitCodes.USAGE, "unknown --sort key '" + sort + "': use " + Order.Key.names()));
    }

    /**
     * The order these options ask for, {@link Order#NONE} without {@code --sort}.
     *
     * @param unique whether the command writes one row per address (else any of the options is a usage error)
     * @param flag the option that makes it so, for the message ({@code --unique})
     */
    Order order(boolean unique, String flag) {
        if (sort == null) {
            if (reverse || top != null) {
                throw new CliException(
                        ExitCodes.USAGE,
                        (top != null ? "--top" : "-r") + " needs --sort KEY (e.g. --sort count -r --top 10 for the"
                                + " busiest addresses)");
            }
            return Order.NONE;
        }
        Order.Key key = key(sort);
        if (top != null && top < 1) {
            throw new CliException(ExitCodes.USAGE, "--top must be at least 1");
        }
        if (!unique) {
            throw new CliException(ExitCodes.USAGE, "--sort orders one row per address: add " + flag);
        }
        return new Order(key, reverse, top == null ? 0 : top);
    }
}
