package dev.iptriage.engine;

import dev.iptriage.extract.ListParser;
import dev.iptriage.model.Status;
import java.util.ArrayList;
import java.util.List;

/** What a worker made of one block: rendered rows (or keys, with --unique) and counts. */
final class ChunkResult {
    final long[] byStatus = new long[Status.values().length];
    final List<Object> keys;
    byte[] output = new byte[0];
    int outputLength;
    int rows;
    int lines;
    long bytes;
    long blank;
    long comments;
    long truncated;
    String firstError;

    ChunkResult(boolean unique) {
        this.keys = unique ? new ArrayList<>() : null;
    }

    void count(Status s, String error) {
        byStatus[s.ordinal()]++;
        if (error != null && firstError == null) {
            firstError = error;
        }
    }

    void invalid(ListParser.Invalid inv) {
        switch (inv.kind()) {
            case BLANK -> blank++;
            case COMMENT -> comments++;
            case TOO_LONG -> truncated++;
            case OTHER -> {}
        }
    }
}
