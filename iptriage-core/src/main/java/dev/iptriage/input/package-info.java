/**
 * Reading inputs. {@link dev.iptriage.input.Input} is one file or standard input: gzip content is recognised by its
 * magic bytes (whatever the file name) and decompressed, and {@link dev.iptriage.input.InputEncoding} hands the
 * content out as UTF-8 (byte order mark skipped, UTF-16 transcoded) or refuses it with an {@link
 * dev.iptriage.input.UnreadableInputException} saying what it found (UTF-32, another compression, binary data).
 *
 * <p>Lines are read in bounded memory whatever their length: {@link dev.iptriage.input.LineReader} one line at a time,
 * {@link dev.iptriage.input.LineChunks} and {@link dev.iptriage.input.ChunkReader} in blocks of whole lines for worker
 * threads (a line over the limit is cut and flagged, never buffered whole). Start with {@link
 * dev.iptriage.input.Input}.
 */
package dev.iptriage.input;
