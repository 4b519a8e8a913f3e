/**
 * Country outlines for maps drawn offline (Natural Earth, committed as a GeoJSON resource), used by the HTML and PNG
 * reports, and country names to ISO codes ({@link dev.iptriage.sink.world.CountryCodes}) for the reports and the
 * serve page's map. Entry point: {@link dev.iptriage.sink.world.WorldOutlines}.
 */
package dev.iptriage.sink.world;
