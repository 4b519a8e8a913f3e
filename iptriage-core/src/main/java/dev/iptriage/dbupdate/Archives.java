package dev.iptriage.dbupdate;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Takes the database out of a download. Archive entry names are only compared, never used as
 * paths, so a hostile archive cannot write outside the folder; sizes are capped while copying.
 */
final class Archives {
    private Archives() {}

    /**
     * Copies the regular-file entry named {@code EDITION.mmdb} (in any top folder, as MaxMind's
     * {@code EDITION_YYYYMMDD/EDITION.mmdb}) of a tar.gz to {@code out}.
     */
    static void mmdbFromTarGz(Path archive, String edition, Path out, long maxBytes) throws UpdateException {
        String want = edition + ".mmdb";
        try (InputStream raw = Files.newInputStream(archive);
                TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(raw, 1 << 16))) {
            for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
                String name = e.getName();
                String base = name.substring(name.lastIndexOf('/') + 1);
                if (e.isFile() && base.equals(want) && !name.contains("..")) {
                    copy(tar, out, maxBytes, want);
                    return;
                }
            }
        } catch (UpdateException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new UpdateException(UpdateException.Kind.CORRUPT, "the archive is unreadable: " + e.getMessage());
        }
        throw new UpdateException(UpdateException.Kind.CORRUPT, "the archive has no " + want);
    }

    /** Gunzips a {@code .mmdb.gz} download to {@code out}. */
    static void gunzip(Path gz, Path out, long maxBytes) throws UpdateException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(gz), 1 << 16)) {
            copy(in, out, maxBytes, gz.getFileName().toString());
        } catch (UpdateException e) {
            throw e;
        } catch (IOException e) {
            throw new UpdateException(
                    UpdateException.Kind.CORRUPT, "the download is not valid gzip: " + e.getMessage());
        }
    }

    private static void copy(InputStream in, Path out, long max, String what) throws IOException {
        try (OutputStream o = Files.newOutputStream(out)) {
            BoundedCopy.copy(in, o, max, null, what);
        }
    }
}
