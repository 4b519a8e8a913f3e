/**
 * Country outlines for maps drawn offline (Natural Earth, committed as a GeoJSON resource), used by the HTML and PNG
 * reports. Entry point: {@link dev.iptriage.sink.world.WorldOutlines}.
 */
package dev.iptriage.sink.world;
