/**
 * The {@code iptriage} command line: picocli commands that map their options to the engine's jobs
 * and print what they did. It reads core's internal packages through core's qualified exports.
 */
module dev.iptriage.cli {
    requires dev.iptriage.core;
    requires info.picocli;
    requires jdk.httpserver; // iptriage serve
    requires me.tongfei.progressbar;

    opens dev.iptriage.cli to
            info.picocli;
}
