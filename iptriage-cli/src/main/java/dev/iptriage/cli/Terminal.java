package dev.iptriage.cli;

import java.util.Map;

/**
 * What the launcher knows about the terminal: {@code bin/iptriage} exports
 * {@code IPTRIAGE_TTY_IN}, {@code IPTRIAGE_TTY_OUT} and {@code IPTRIAGE_TTY_ERR} (1 when the
 * stream is a terminal), which Java 21 cannot find out for stderr on its own.
 */
record Terminal(boolean stdin, boolean stdout, boolean stderr) {
    static Terminal from(Map<String, String> env) {
        return new Terminal(
                "1".equals(env.get("IPTRIAGE_TTY_IN")),
                "1".equals(env.get("IPTRIAGE_TTY_OUT")),
                "1".equals(env.get("IPTRIAGE_TTY_ERR")));
    }
}
