/**
 * Static images drawn with Java2D, no browser and no display: {@link dev.iptriage.sink.png.PngImages}
 * writes the world map of a report's points and bar charts of its top tables.
 */
package dev.iptriage.sink.png;
