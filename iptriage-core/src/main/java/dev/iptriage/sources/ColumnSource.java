package dev.iptriage.sources;

/**
 * Something that adds columns to an address: a local .mmdb file ({@link LocalSource}) or a remote
 * service asked per address ({@link RemoteSource}).
 */
public sealed interface ColumnSource permits LocalSource, RemoteSource {
    /**
     * The source's name: short, lower case, unique in a run ({@code ptr}, {@code dnsbl}); it names
     * the source in the run summary and, for a remote source, its status column ({@code
     * NAME_status}).
     */
    String name();
}
