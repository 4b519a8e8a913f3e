package dev.iptriage.engine;

import dev.iptriage.extract.ExtractOptions;
import dev.iptriage.extract.InputMode;
import dev.iptriage.input.Input;
import java.util.List;
import java.util.Objects;

/**
 * What an extraction reads and how.
 *
 * @param inputs files or stdin, read in order
 * @param mode the input format ({@code auto} is sniffed per input)
 * @param options the extraction policies
 * @param year the year of syslog times written without one; 0 for the rule of {@link
 *     dev.iptriage.extract.YearRule} relative to each file's modification time (now for stdin)
 * @param threads worker threads decoding blocks of lines while the calling thread reads and writes
 *     (formats without state); 0 = all on the calling thread
 */
public record ExtractSpec(List<Input> inputs, InputMode mode, ExtractOptions options, int year, int threads) {

    /** Copies the inputs and checks the rest. */
    public ExtractSpec {
        inputs = List.copyOf(inputs);
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(options, "options");
        if (threads < 0) {
            throw new IllegalArgumentException("threads must be at least 0");
        }
    }

    /** A spec that decodes on the calling thread (no workers). */
    public ExtractSpec(List<Input> inputs, InputMode mode, ExtractOptions options, int year) {
        this(inputs, mode, options, year, 0);
    }
}
