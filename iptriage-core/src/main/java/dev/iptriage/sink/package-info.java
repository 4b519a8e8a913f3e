/** Output formats: {@link dev.iptriage.sink.SinkFormat} renders rows as CSV, JSON Lines, JSON or an aligned table. */
package dev.iptriage.sink;
