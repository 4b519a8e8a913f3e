package dev.iptriage.cli;

import picocli.CommandLine.Option;

/**
 * {@code --config FILE} and {@code --no-config}, on every command. {@link Main} reads them from the arguments before
 * picocli parses them ({@link Config#scan}): the settings they choose are laid onto the options picocli parsed.
 */
final class ConfigOptions {
    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "read this config file instead of the default one ('iptriage config path' names it,"
                    + " 'iptriage config show' shows its settings)")
    String config;

    @Option(names = "--no-config", description = "read no config file (IPTRIAGE_* variables still apply)")
    boolean noConfig;

    /** Only {@code --no-config}: for {@code db update}, whose {@code --config} has always named its GeoIP.conf. */
    static final class NoConfig {
        @Option(
                names = "--no-config",
                description = "read no iptriage config file (IPTRIAGE_* variables still apply); give one as"
                        + " 'iptriage --config FILE db update'")
        boolean noConfig;
    }
}
