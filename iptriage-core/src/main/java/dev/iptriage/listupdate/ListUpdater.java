package dev.iptriage.listupdate;

import dev.iptriage.dbupdate.FolderLock;
import dev.iptriage.dbupdate.Http;
import dev.iptriage.dbupdate.Installer;
import dev.iptriage.dbupdate.UpdateException;
import dev.iptriage.lists.IpList;
import dev.iptriage.lists.ListReader;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;

/**
 * Downloads catalogue lists into a folder ({@code iptriage lists update}).
 *
 * <p>Per list, in order: the polling limit (a list requested less than its {@link ListSource#minInterval} ago, or
 * with {@code force} less than its {@link ListSource#hardMinInterval}, is not requested: measured from the last
 * request recorded in the state file, else from the file's modification time); a conditional GET (If-None-Match and
 * If-Modified-Since from the last response for the same URL, when the file is still there), retried on 5xx and
 * network errors with backoff and on 429 after a short Retry-After; a size cap; the body read with {@link ListReader}
 * (an HTML page, binary data or anything that is not a list is an error and replaces nothing); then an atomic rename
 * over the old file, which is kept as {@code FILE.previous}. A lock on the folder serialises concurrent runs. A
 * failure of one list leaves its file untouched and does not stop the others. The state ({@value ListState#FILE}) is
 * written after each request, so a request counts against the polling limit even when it failed.
 */
public final class ListUpdater {
    /** The lock file in the lists folder (hidden: not read as a list). */
    static final String LOCK = ".iptriage-lists.lock";

    private ListUpdater() {}

    /**
     * How to update.
     *
     * @param directory the lists folder (created if missing)
     * @param mirror a base URL whose scheme, host and port replace every list's (a local mirror), or null
     * @param force ignore the normal polling interval (never the publisher's hard limit)
     * @param dryRun only say what would be requested; nothing is requested or written
     * @param http attempts, backoff, Retry-After bound and timeout of the requests
     * @param lockWait how long to wait for another run's lock
     * @param maxBytes the largest list accepted
     * @param clock the time (polling limits, the state's times)
     * @param tls the TLS context for HTTPS, or null for the JDK's default
     */
    public record Options(
            Path directory,
            URI mirror,
            boolean force,
            boolean dryRun,
            Http.Policy http,
            Duration lockWait,
            long maxBytes,
            Clock clock,
            SSLContext tls) {}

    /** What happened to a list. */
    public enum Status {
        /** Downloaded, read as a list, and installed. */
        UPDATED,
        /** The server said it has not changed since the last download (304). */
        NOT_MODIFIED,
        /** Not requested: polled too recently. */
        SKIPPED,
        /** Dry run: it would be requested. */
        WOULD_REQUEST,
        /** Failed; the current file (if any) is untouched. */
        FAILED
    }

    /**
     * One list's outcome.
     *
     * @param source the list
     * @param status what happened
     * @param file the list's file in the folder
     * @param detail a one-line explanation (it may quote the server: make it safe before printing)
     * @param entries the number of entries of an updated list, else -1
     * @param date the updated list's own date, else the response's Last-Modified, else null
     * @param nextAllowed when a skipped list may be requested again, else null
     */
    public record Outcome(
            ListSource source,
            Status status,
            Path file,
            String detail,
            long entries,
            String date,
            Instant nextAllowed) {}

    /**
     * Updates {@code lists}, one after the other, under the folder lock.
     *
     * @param log progress messages
     * @return one outcome per list
     * @throws UpdateException for unusable options (a mirror that is not HTTPS), an unusable folder, or when the lock
     *     cannot be taken
     */
    @SuppressWarnings("try") // the lock is held, not used, inside the try
    public static List<Outcome> update(List<ListSource> lists, Options options, Consumer<String> log)
            throws UpdateException {
        URI mirror = options.mirror();
        if (mirror != null && !Http.allowed(mirror)) {
            throw new UpdateException(
                    UpdateException.Kind.CONFIG,
                    "mirror '" + mirror + "' must be an https:// URL (http:// only to this machine)");
        }
        if (mirror != null
                && mirror.getRawPath() != null
                && !mirror.getRawPath().isEmpty()
                && !mirror.getRawPath().equals("/")) {
            throw new UpdateException(
                    UpdateException.Kind.CONFIG,
                    "mirror '" + mirror + "': only its scheme, host and port are used (it must serve the publishers'"
                            + " paths), so it cannot have a path");
        }
        for (ListSource s : lists) {
            if (!Http.allowed(s.url(mirror))) {
                throw new UpdateException(
                        UpdateException.Kind.CONFIG, s.file() + ": " + s.url(mirror) + " is not HTTPS");
            }
        }
        Path dir = options.directory();
        if (options.dryRun()) {
            return run(lists, options, stateOrEmpty(dir, log), null, log);
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UpdateException(UpdateException.Kind.CONFIG, dir + ": cannot create the folder: " + e);
        }
        HttpClient.Builder b = HttpClient.newBuilder()
                .connectTimeout(options.http().timeout())
                .followRedirects(HttpClient.Redirect.NEVER); // Http follows them, HTTPS only
        if (options.tls() != null) {
            b.sslContext(options.tls());
        }
        Http http = new Http(b.build(), options.http());
        try (FolderLock lock = FolderLock.acquire(dir.resolve(LOCK), options.lockWait())) {
            log.accept("updating " + dir);
            Installer.removeLeftovers(dir, ".*"); // of a run killed mid-download
            return run(lists, options, stateOrEmpty(dir, log), http, log);
        } catch (UpdateException e) {
            throw e;
        } catch (IOException e) {
            throw new UpdateException(UpdateException.Kind.CONFIG, dir + ": " + e.getMessage());
        }
    }

    private static ListState stateOrEmpty(Path dir, Consumer<String> log) {
        try {
            return ListState.read(dir);
        } catch (IOException e) {
            log.accept("warning: " + e.getMessage() + ": starting afresh (polling limits then count from the files'"
                    + " times)");
            return ListState.empty();
        }
    }

    private static List<Outcome> run(
            List<ListSource> lists, Options o, ListState state, Http http, Consumer<String> log) {
        List<Outcome> out = new ArrayList<>();
        for (ListSource s : lists) {
            Path file = o.directory().resolve(s.file());
            Instant now = o.clock().instant();
            ListState.Entry st = state.get(s.file());
            Instant last = st.requested() != null ? st.requested() : modified(file);
            Duration limit = o.force() ? s.hardMinInterval() : s.minInterval();
            if (last != null && now.isBefore(last.plus(limit))) {
                Instant next = last.plus(limit);
                String why = o.force() ? " (--force does not go below its hard limit, " + ago(limit) + ")" : "";
                out.add(new Outcome(
                        s,
                        Status.SKIPPED,
                        file,
                        "polled " + ago(Duration.between(last, now)) + " ago, next allowed at "
                                + next.truncatedTo(ChronoUnit.SECONDS) + why,
                        -1,
                        null,
                        next));
                continue;
            }
            URI url = s.url(o.mirror());
            Map<String, String> headers = conditional(st, url, file);
            if (o.dryRun()) {
                out.add(new Outcome(
                        s,
                        Status.WOULD_REQUEST,
                        file,
                        url + (headers.isEmpty() ? "" : " (conditional)"), // the status says "would request"
                        -1,
                        null,
                        null));
                continue;
            }
            log.accept(s.name() + ": requesting " + url);
            state.put(s.file(), st.withRequested(url.toString(), now));
            Outcome r = fetch(s, url, headers, file, o, http, state);
            out.add(r);
            try {
                state.write(o.directory());
            } catch (IOException e) {
                log.accept("warning: cannot write " + o.directory().resolve(ListState.FILE) + ": " + e.getMessage());
            }
        }
        return out;
    }

    private static Outcome fetch(
            ListSource s, URI url, Map<String, String> headers, Path file, Options o, Http http, ListState state) {
        Path tmp = null;
        try {
            tmp = Installer.tempIn(o.directory(), "." + s.file() + ".", "");
            Path body = tmp;
            Http.Response r = http.fetch(url, s.name(), headers, () -> Installer.openTemp(body), o.maxBytes());
            Instant now = o.clock().instant();
            ListState.Entry st = state.get(s.file());
            if (r.status() == 304) {
                state.put(s.file(), st.withChecked(now));
                return new Outcome(s, Status.NOT_MODIFIED, file, "not modified", -1, null, null);
            }
            IpList list = read(s, tmp);
            Installer.replaceKeepingPrevious(tmp, file);
            state.put(
                    s.file(),
                    st.withUpdate(
                            r.etag(), r.lastModified(), now, list.entries().size()));
            String date = list.date() != null ? list.date() : r.lastModified();
            String detail = list.entries().size()
                    + (list.entries().size() == 1 ? " entry, " : " entries, ")
                    + (date == null ? "no date" : "date " + date)
                    + (list.problemCount() > 0
                            ? ", " + list.problemCount() + " bad lines skipped (first: "
                                    + list.problems().get(0).format(s.file()) + ")"
                            : "");
            return new Outcome(s, Status.UPDATED, file, detail, list.entries().size(), date, null);
        } catch (UpdateException e) {
            String m = e.getMessage();
            m = m.startsWith(s.name() + ": ") ? m.substring(s.name().length() + 2) : m; // the line names the list
            return new Outcome(s, Status.FAILED, file, m + keptNote(file), -1, null, null);
        } catch (IOException e) {
            return new Outcome(
                    s, Status.FAILED, file, "cannot write: " + e.getMessage() + keptNote(file), -1, null, null);
        } finally {
            if (tmp != null) {
                Installer.deleteQuietly(tmp);
            }
        }
    }

    private static String keptNote(Path file) {
        return Files.exists(file) ? "; the current file is kept" : "";
    }

    /** Reads the download as a list: anything that is not one is an error, and replaces nothing. */
    private static IpList read(ListSource s, Path tmp) throws IOException {
        String what = s.file() + " (download)";
        try (InputStream in = Files.newInputStream(tmp)) {
            byte[] head = in.readNBytes(512);
            String start = new String(head, StandardCharsets.UTF_8).stripLeading();
            if (start.startsWith("<")) {
                throw new UpdateException(
                        UpdateException.Kind.CORRUPT,
                        "the server sent an HTML or XML page, not a list (an error or login page?)");
            }
        }
        IpList list;
        try (InputStream in = Files.newInputStream(tmp)) {
            list = ListReader.read(in, what, s.name());
        } catch (ListReader.NotAListException e) {
            throw new UpdateException(UpdateException.Kind.CORRUPT, "not a list: " + e.getMessage());
        }
        if (!s.formats().contains(list.format())) {
            // the catalogue knows how the publisher serves the list: another format is an error page, a wrong
            // address or a mirror serving something else, and would be installed under a name that misdescribes it
            throw new UpdateException(
                    UpdateException.Kind.CORRUPT,
                    "the download reads as a '" + list.format().id() + "' list, expected "
                            + s.formats().stream()
                                    .map(f -> "'" + f.id() + "'")
                                    .sorted()
                                    .collect(Collectors.joining(" or "))
                            + ", the format its publisher serves (a wrong address or a mirror serving something else?)");
        }
        return list;
    }

    /** Conditional request headers, when the file is there and was downloaded from the same URL. */
    private static Map<String, String> conditional(ListState.Entry st, URI url, Path file) {
        Map<String, String> h = new LinkedHashMap<>();
        if (!Files.isRegularFile(file) || !url.toString().equals(st.url())) {
            return h;
        }
        if (st.etag() != null) {
            h.put("If-None-Match", st.etag());
        }
        if (st.lastModified() != null) {
            h.put("If-Modified-Since", st.lastModified());
        }
        return h;
    }

    static Instant modified(Path file) {
        try {
            return Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
                    ? Files.getLastModifiedTime(file).toInstant()
                    : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** A short duration for people: {@code 42s}, {@code 12m}, {@code 3h05m}, {@code 2d04h}. */
    static String ago(Duration d) {
        long s = Math.max(0, d.toSeconds());
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return s / 60 + "m";
        }
        if (s < 86_400) {
            return String.format(java.util.Locale.ROOT, "%dh%02dm", s / 3600, s % 3600 / 60);
        }
        return String.format(java.util.Locale.ROOT, "%dd%02dh", s / 86_400, s % 86_400 / 3600);
    }
}
