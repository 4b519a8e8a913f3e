package dev.iptriage.dbupdate;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;

/** Copies a stream from the network or an archive, refusing more than a limit (hostile sizes). */
final class BoundedCopy {
    private BoundedCopy() {}

    /**
     * Copies {@code in} to {@code out}, feeding {@code digest} when not null.
     *
     * @throws UpdateException ({@link UpdateException.Kind#CORRUPT}) past {@code max} bytes
     */
    static void copy(InputStream in, OutputStream out, long max, MessageDigest digest, String what) throws IOException {
        byte[] buf = new byte[1 << 16];
        long total = 0;
        for (int n; (n = in.read(buf)) > 0; ) {
            total += n;
            if (total > max) {
                throw new UpdateException(
                        UpdateException.Kind.CORRUPT, what + " is larger than the " + max + "-byte limit");
            }
            if (digest != null) {
                digest.update(buf, 0, n);
            }
            out.write(buf, 0, n);
        }
    }
}
