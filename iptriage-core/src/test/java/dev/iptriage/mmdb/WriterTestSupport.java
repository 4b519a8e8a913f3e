package dev.iptriage.mmdb;

import com.maxmind.db.DatabaseRecord;
import com.maxmind.db.Reader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;

/** Helpers for the writer tests: bytes of a written database, MaxMind's reader over them, lookups. */
final class WriterTestSupport {
    private WriterTestSupport() {}

    static MmdbWriter.Builder builder() {
        return MmdbWriter.builder().databaseType("iptriage-test").buildEpoch(1_700_000_000L);
    }

    static byte[] bytes(MmdbWriter writer) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            writer.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static Reader reader(byte[] database) {
        try {
            return new Reader(new ByteArrayInputStream(database));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Reader reader(MmdbWriter writer) {
        return reader(bytes(writer));
    }

    /** The record for an address given as 4 or 16 bytes; 16 bytes always walk the whole IPv6 tree. */
    static DatabaseRecord<Object> lookup(Reader reader, byte[] address) {
        try {
            return reader.getRecord(inet(address), Object.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Like {@code InetAddress.getByAddress}, but 16 bytes stay IPv6 (no conversion of ::ffff:a.b.c.d). */
    static InetAddress inet(byte[] address) {
        try {
            return address.length == 16
                    ? Inet6Address.getByAddress(null, address, -1)
                    : InetAddress.getByAddress(address);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** A literal IPv4 or IPv6 address (test input only: parsing literals does no DNS). */
    static byte[] ip(String literal) {
        byte[] address;
        try {
            address = InetAddress.getByName(literal).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
        if (address.length == 4 && literal.contains(":")) { // Java turned ::ffff:a.b.c.d into IPv4
            byte[] mapped = new byte[16];
            mapped[10] = (byte) 0xFF;
            mapped[11] = (byte) 0xFF;
            System.arraycopy(address, 0, mapped, 12, 4);
            return mapped;
        }
        return address;
    }

    /** {@code value} as a big-endian unsigned number of {@code length} bytes. */
    static byte[] toBytes(BigInteger value, int length) {
        byte[] raw = value.toByteArray();
        byte[] out = new byte[length];
        int n = Math.min(raw.length, length);
        System.arraycopy(raw, raw.length - n, out, length - n, n);
        return out;
    }

    /** The size of the data section of a database: between the tree's separator and the metadata. */
    static long dataSectionSize(byte[] database) {
        Reader reader = reader(database);
        long treeBytes = reader.getMetadata().nodeCount() * reader.getMetadata().recordSize() / 4;
        int metadataStart = lastIndexOf(database, "\u00AB\u00CD\u00EFMaxMind.com");
        return metadataStart - treeBytes - 16;
    }

    private static int lastIndexOf(byte[] haystack, String latin1) {
        byte[] n = latin1.getBytes(StandardCharsets.ISO_8859_1);
        outer:
        for (int i = haystack.length - n.length; i >= 0; i--) {
            for (int j = 0; j < n.length; j++) {
                if (haystack[i + j] != n[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** How often {@code needle} occurs in {@code haystack}. */
    static int occurrences(byte[] haystack, String needle) {
        byte[] n = needle.getBytes(StandardCharsets.UTF_8);
        int count = 0;
        outer:
        for (int i = 0; i + n.length <= haystack.length; i++) {
            for (int j = 0; j < n.length; j++) {
                if (haystack[i + j] != n[j]) {
                    continue outer;
                }
            }
            count++;
        }
        return count;
    }
}
