package dev.iptriage.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * A deterministic log-like address list: random public IPv4 and IPv6 addresses, some seen very often
 * (a few busy scanners), some private ones, ports, comments and junk lines.
 */
final class SampleLog {
    private SampleLog() {}

    static Path write(Path file, int lines, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        String[] busy = new String[20];
        for (int i = 0; i < busy.length; i++) {
            busy[i] = v4(rnd);
        }
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int i = 0; i < lines; i++) {
                int k = rnd.nextInt(100);
                String line;
                if (k < 30) {
                    line = busy[Math.min(busy.length - 1, (int) Math.abs(rnd.nextGaussian() * 5))];
                } else if (k < 90) {
                    line = v4(rnd);
                } else if (k < 94) {
                    line = v4(rnd) + ":" + (1024 + rnd.nextInt(60000));
                } else if (k < 97) {
                    line = String.format("2a0%x:%x::%x", rnd.nextInt(16), rnd.nextInt(0x10000), rnd.nextInt(0x10000));
                } else if (k < 98) {
                    line = "10." + rnd.nextInt(256) + "." + rnd.nextInt(256) + "." + rnd.nextInt(256);
                } else if (k < 99) {
                    line = "# comment " + i;
                } else {
                    line = "not an address " + i;
                }
                w.write(line);
                w.write('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    private static String v4(SplittableRandom rnd) {
        return (1 + rnd.nextInt(223)) + "." + rnd.nextInt(256) + "." + rnd.nextInt(256) + "." + rnd.nextInt(256);
    }
}
