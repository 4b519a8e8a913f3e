package dev.iptriage.extract;

import java.nio.charset.StandardCharsets;

/**
 * A read-only {@link CharSequence} over bytes, one char per byte (Latin-1), so the scanner can read a
 * line without building a String. Bytes of multi-byte UTF-8 characters are all over 0x7F, which no
 * address rule treats as a letter, digit or separator, so results equal those on the decoded text.
 */
final class AsciiView implements CharSequence {
    private final byte[] b;
    private final int off;
    private final int len;

    AsciiView(byte[] b, int off, int len) {
        this.b = b;
        this.off = off;
        this.len = len;
    }

    @Override
    public int length() {
        return len;
    }

    @Override
    public char charAt(int i) {
        if (i < 0 || i >= len) {
            throw new IndexOutOfBoundsException(i);
        }
        return (char) (b[off + i] & 0xFF);
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return new String(b, off + start, end - start, StandardCharsets.ISO_8859_1);
    }

    @Override
    public String toString() {
        return new String(b, off, len, StandardCharsets.ISO_8859_1);
    }
}
