package dev.iptriage.engine;

/** Receives progress from a running job (called from the job's writing thread). */
@FunctionalInterface
public interface ProgressListener {
    /** No progress reporting. */
    ProgressListener NONE = (done, total, lines) -> {};

    /**
     * @param bytesDone input bytes processed so far
     * @param bytesTotal total input bytes, or -1 when unknown (stdin)
     * @param lines lines processed so far
     */
    void progress(long bytesDone, long bytesTotal, long lines);
}
