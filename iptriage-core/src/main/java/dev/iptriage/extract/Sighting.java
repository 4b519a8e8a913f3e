package dev.iptriage.extract;

/**
 * One address seen on one line.
 *
 * @param ip the address
 * @param role {@code client} or {@code proxy} for web logs with an X-Forwarded-For chain (the
 *     left-most address of the chain is the client, the others and the connecting address are
 *     proxies), {@code client} for the connecting address of other web log lines; null elsewhere
 * @param event what the line says besides the address
 * @param invalid for a format with a chosen field ({@code csv:COLUMN}, {@code jsonl:FIELD}): the field's
 *     value when it holds no address (then {@code ip} is null), else null
 */
public record Sighting(Found ip, String role, LineEvent event, ListParser.Invalid invalid) {

    /** An address seen. */
    public Sighting(Found ip, String role, LineEvent event) {
        this(ip, role, event, null);
    }

    /** {@return the report of a chosen field that holds no address} */
    public static Sighting invalid(String text, String reason, ListParser.Kind kind) {
        return new Sighting(null, null, LineEvent.NONE, new ListParser.Invalid(text, reason, kind));
    }
}
