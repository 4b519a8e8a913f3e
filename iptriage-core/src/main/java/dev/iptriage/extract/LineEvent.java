package dev.iptriage.extract;

import java.time.Instant;

/**
 * What a log line says besides its addresses; shared by every address found on the line. Absent parts
 * are null (numbers: -1).
 *
 * @param time when it happened, in UTC
 * @param status HTTP status (nginx/apache), -1 when none
 * @param path request path without the query string (nginx/apache)
 * @param userAgent the User-Agent (nginx/apache)
 * @param user the user name tried or logged in (sshd)
 * @param login the sshd outcome
 * @param repeat how many events the line stands for: syslog's {@code message repeated N times} gives N,
 *     otherwise 1
 * @param jail the fail2ban jail
 * @param action the fail2ban action
 * @param process the id of the process that wrote the line (syslog's {@code prog[pid]}), -1 when
 *     unknown: an sshd connection's lines share it
 */
public record LineEvent(
        Instant time,
        int status,
        String path,
        String userAgent,
        String user,
        Login login,
        int repeat,
        String jail,
        BanAction action,
        long process) {

    /** An event whose process is unknown. */
    public LineEvent(
            Instant time,
            int status,
            String path,
            String userAgent,
            String user,
            Login login,
            int repeat,
            String jail,
            BanAction action) {
        this(time, status, path, userAgent, user, login, repeat, jail, action, -1);
    }

    /** A line with nothing known but its addresses. */
    public static final LineEvent NONE = new LineEvent(null, -1, null, null, null, null, 1, null, null);

    /** {@return an event with only a time} */
    public static LineEvent at(Instant time) {
        return new LineEvent(time, -1, null, null, null, null, 1, null, null);
    }

    /** The sshd outcome of a line. */
    public enum Login {
        /** {@code Failed <method> for [invalid user] U from A}: one failed attempt. */
        FAILED,
        /** {@code Accepted <method> for U from A}. */
        ACCEPTED,
        /**
         * {@code Invalid user U from A}: a user name that does not exist was tried (sshd writes it once
         * per connection, before that connection's {@code Failed ... for invalid user U} lines).
         */
        INVALID_USER
    }

    /** A fail2ban action. */
    public enum BanAction {
        /** {@code Found A}: a match counted against the jail's limit. */
        FOUND,
        /** {@code Ban A}. */
        BAN,
        /** {@code Unban A}. */
        UNBAN,
        /** {@code Restore Ban A} after a restart. */
        RESTORE
    }
}
