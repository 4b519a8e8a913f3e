package dev.iptriage.sink.report;

/**
 * The addresses at one rounded location.
 *
 * @param latitude latitude of the location (rounded, degrees)
 * @param longitude longitude of the location (rounded, degrees)
 * @param sightings input lines located here
 * @param addresses distinct addresses located here
 * @param place city and country of the most seen address, e.g. {@code Paris, France}
 * @param ip the most seen address here
 * @param asn its autonomous system number (empty if unknown)
 * @param org its AS organization (empty if unknown)
 */
public record Point(
        double latitude,
        double longitude,
        long sightings,
        long addresses,
        String place,
        String ip,
        String asn,
        String org) {}
