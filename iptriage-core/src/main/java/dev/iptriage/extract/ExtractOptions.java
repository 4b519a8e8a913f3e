package dev.iptriage.extract;

/**
 * The extraction policies where real-world tools disagree (see the README, "Extraction policy").
 *
 * @param refang undo defanging ({@code 1[.]1[.]1[.]1}, {@code 1(.)1}, {@code [dot]}, ...) before
 *     looking for addresses; on by default
 * @param leadingZeros accept IPv4 octets with leading zeros ({@code 010.1.1.1}) and read them as
 *     decimal; off by default, because other tools read them as octal
 * @param dottedPort read {@code a.b.c.d.port} (dante, some BSD tools) as the address {@code a.b.c.d};
 *     off by default, because five dotted numbers are more often an OID or a version
 * @param keepMapped report {@code ::ffff:a.b.c.d} as written instead of as the IPv4 address {@code
 *     a.b.c.d}; off by default
 */
public record ExtractOptions(boolean refang, boolean leadingZeros, boolean dottedPort, boolean keepMapped) {

    /** The defaults: refang on, everything else off. */
    public static final ExtractOptions DEFAULTS = new ExtractOptions(true, false, false, false);
}
