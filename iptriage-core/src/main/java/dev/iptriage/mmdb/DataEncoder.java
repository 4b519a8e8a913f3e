package dev.iptriage.mmdb;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Encodes values into an MMDB data section held in memory. With deduplication on, every value of
 * three or more bytes is remembered by content; a later equal value becomes a pointer to the first
 * copy whenever the pointer is shorter than writing the value again, and an equal top-level record
 * simply reuses the first copy's offset.
 */
final class DataEncoder {

    private static final int POINTER_BASE_1 = 2048;
    private static final int POINTER_BASE_2 = 526_336;
    private static final int POINTER_BASE_3 = 134_744_064;
    private static final int MAX_LENGTH = Integer.MAX_VALUE - 64;

    private final boolean dedup;
    /** Value -> (offset << 32 | encoded length) of its first inline copy. */
    private final Map<Datum, Long> written = new HashMap<>();

    private byte[] buf = new byte[1 << 16];
    private int pos;

    DataEncoder(boolean dedup) {
        this.dedup = dedup;
    }

    /** Bytes written so far. */
    int size() {
        return pos;
    }

    void writeTo(OutputStream out) throws IOException {
        out.write(buf, 0, pos);
    }

    /** Encodes a value the search tree points at and returns its offset; equal records share one. */
    int encodeRecord(Datum value) {
        Long slot = dedup ? written.get(value) : null;
        if (slot != null) {
            return (int) (slot >>> 32);
        }
        int start = pos;
        encodeInline(value);
        if (dedup) {
            written.put(value, (long) start << 32 | (pos - start));
        }
        return start;
    }

    /** Encodes a value, as a pointer to an earlier equal value when that is shorter. */
    void encode(Datum value) {
        Long slot = dedup ? written.get(value) : null;
        if (slot != null) {
            int offset = (int) (slot >>> 32);
            if (pointerLength(offset) < (int) (long) slot) {
                writePointer(offset);
                return;
            }
        }
        int start = pos;
        encodeInline(value);
        int length = pos - start;
        if (dedup && slot == null && length > 2) {
            written.put(value, (long) start << 32 | length);
        }
    }

    private void encodeInline(Datum value) {
        switch (value) {
            case Datum.Str s -> writeBytes(Decoder.UTF8, s.value().getBytes(StandardCharsets.UTF_8));
            case Datum.Bytes b -> writeBytes(Decoder.BYTES, b.value());
            case Datum.Dbl d -> writeFixed(Decoder.DOUBLE, d.bits(), 8);
            case Datum.Flt f -> writeFixed(Decoder.FLOAT, f.bits(), 4);
            case Datum.U16 u -> writeUnsigned(Decoder.UINT16, u.value());
            case Datum.U32 u -> writeUnsigned(Decoder.UINT32, u.value());
            case Datum.U64 u -> writeUnsigned(Decoder.UINT64, u.value());
            case Datum.I32 i -> writeInt32(i.value());
            case Datum.U128 u -> writeUint128(u.value());
            case Datum.Bool b -> writeControl(Decoder.BOOLEAN, b.value() ? 1 : 0);
            case Datum.MapD m -> writeMap(m);
            case Datum.Arr a -> writeArray(a);
        }
    }

    private void writeMap(Datum.MapD map) {
        writeControl(Decoder.MAP, map.keys().size());
        for (int i = 0; i < map.keys().size(); i++) {
            encode(map.keys().get(i));
            encode(map.values().get(i));
        }
    }

    private void writeArray(Datum.Arr array) {
        writeControl(Decoder.ARRAY, array.items().size());
        for (Datum item : array.items()) {
            encode(item);
        }
    }

    private void writeBytes(int type, byte[] payload) {
        writeControl(type, payload.length);
        ensure(payload.length);
        System.arraycopy(payload, 0, buf, pos, payload.length);
        pos += payload.length;
    }

    private void writeFixed(int type, long bits, int length) {
        writeControl(type, length);
        writeBigEndian(bits, length);
    }

    /** Unsigned integers use as few bytes as the value needs (zero needs none). */
    private void writeUnsigned(int type, long value) {
        int length = (Long.SIZE - Long.numberOfLeadingZeros(value) + 7) / 8;
        writeControl(type, length);
        writeBigEndian(value, length);
    }

    /** Readers do not sign-extend short int32 fields, so negative values always take 4 bytes. */
    private void writeInt32(int value) {
        if (value < 0) {
            writeFixed(Decoder.INT32, value, 4);
        } else {
            writeUnsigned(Decoder.INT32, value);
        }
    }

    private void writeUint128(BigInteger value) {
        byte[] raw = value.toByteArray();
        int skip = raw[0] == 0 ? 1 : 0;
        byte[] payload = Arrays.copyOfRange(raw, skip, raw.length);
        writeBytes(Decoder.UINT128, payload);
    }

    /** Control byte, extended type byte if the type is above 7, then the size extension bytes. */
    void writeControl(int type, int size) {
        int sizeBits;
        int extra;
        int extraLength;
        if (size < 29) {
            sizeBits = size;
            extra = 0;
            extraLength = 0;
        } else if (size < 285) {
            sizeBits = 29;
            extra = size - 29;
            extraLength = 1;
        } else if (size < 65_821) {
            sizeBits = 30;
            extra = size - 285;
            extraLength = 2;
        } else {
            sizeBits = 31;
            extra = size - 65_821;
            extraLength = 3;
        }
        if (type <= 7) {
            put((type << 5) | sizeBits);
        } else {
            put(sizeBits);
            put(type - 7);
        }
        writeBigEndian(extra, extraLength);
    }

    /** Length in bytes of a pointer to {@code offset}. */
    static int pointerLength(int offset) {
        if (offset < POINTER_BASE_1) {
            return 2;
        } else if (offset < POINTER_BASE_2) {
            return 3;
        }
        return offset < POINTER_BASE_3 ? 4 : 5;
    }

    /** Writes a pointer ({@code 001SSVVV} plus 1 to 4 bytes) to a data section offset. */
    void writePointer(int offset) {
        switch (pointerLength(offset)) {
            case 2 -> {
                put(0x20 | offset >>> 8);
                writeBigEndian(offset, 1);
            }
            case 3 -> {
                int v = offset - POINTER_BASE_1;
                put(0x28 | v >>> 16);
                writeBigEndian(v, 2);
            }
            case 4 -> {
                int v = offset - POINTER_BASE_2;
                put(0x30 | v >>> 24);
                writeBigEndian(v, 3);
            }
            default -> {
                put(0x38);
                writeBigEndian(offset, 4);
            }
        }
    }

    private void writeBigEndian(long value, int length) {
        ensure(length);
        for (int i = length - 1; i >= 0; i--) {
            buf[pos++] = (byte) (value >>> (8 * i));
        }
    }

    private void put(int b) {
        ensure(1);
        buf[pos++] = (byte) b;
    }

    private void ensure(int more) {
        if (more <= buf.length - pos) {
            return;
        }
        long needed = (long) pos + more;
        if (needed > MAX_LENGTH) {
            throw new IllegalStateException("data section exceeds the writer's limit of " + MAX_LENGTH + " bytes");
        }
        long grown = Math.max(needed, Math.min((long) buf.length * 2, MAX_LENGTH));
        buf = Arrays.copyOf(buf, (int) grown);
    }
}
