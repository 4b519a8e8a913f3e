package dev.iptriage.pipeline;

import java.io.ByteArrayOutputStream;

/** A byte buffer whose contents can be read without copying. */
final class Bytes extends ByteArrayOutputStream {
    Bytes(int size) {
        super(size);
    }

    /** The backing array; valid up to {@link #size()}. */
    byte[] array() {
        return buf;
    }
}
