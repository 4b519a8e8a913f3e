package dev.iptriage.text;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The lines of a small UTF-8 text file already in memory (a zones file, a rules file): a leading
 * byte order mark is skipped, lines end with LF or CRLF (the last one needs no end), and each line
 * is decoded strictly, so a byte that is not UTF-8 is said with its line number.
 */
public final class Utf8Lines {
    private Utf8Lines() {}

    /** Takes each line. */
    @FunctionalInterface
    public interface Sink<E extends Exception> {
        /**
         * @param number the line's number, from 1
         * @param text the line without its end
         */
        void line(int number, String text) throws E;
    }

    /** Makes the failure for a line. */
    @FunctionalInterface
    public interface Failure<E extends Exception> {
        /** The failure for line {@code number}, whose {@code bytes} are too many or not UTF-8. */
        E at(int number, int bytes, boolean tooLong);
    }

    /**
     * Hands every line of {@code bytes} to {@code sink}, in order.
     *
     * @param maxLineBytes a line of more bytes is {@code failure}'s (checked before decoding it)
     * @throws E from {@code sink}, or {@code failure}'s for a line too long or not UTF-8
     */
    public static <E extends Exception> void forEach(byte[] bytes, int maxLineBytes, Sink<E> sink, Failure<E> failure)
            throws E {
        CharsetDecoder utf8 = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        boolean bom = bytes.length >= 3
                && (bytes[0] & 0xFF) == 0xEF
                && (bytes[1] & 0xFF) == 0xBB
                && (bytes[2] & 0xFF) == 0xBF;
        int number = 0;
        int from = bom ? 3 : 0;
        while (from < bytes.length) {
            int end = from;
            while (end < bytes.length && bytes[end] != '\n') {
                end++;
            }
            number++;
            int len = end - from;
            if (len > 0 && bytes[from + len - 1] == '\r') {
                len--;
            }
            if (len > maxLineBytes) {
                throw failure.at(number, len, true);
            }
            String text;
            try {
                text = utf8.decode(ByteBuffer.wrap(bytes, from, len)).toString();
            } catch (CharacterCodingException e) {
                throw failure.at(number, len, false);
            }
            sink.line(number, text);
            from = end + 1;
        }
    }
}
