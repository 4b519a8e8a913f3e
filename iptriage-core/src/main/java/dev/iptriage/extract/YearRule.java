package dev.iptriage.extract;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * The year of a syslog time written without one ({@code Dec 10 06:55:46}): a fixed year when given,
 * otherwise the year that puts the time at most one day after the reference instant (the file's
 * modification time, or now for standard input). So a December line read in January belongs to last
 * year, and a log never lies in the future by more than a clock-skew day.
 *
 * @param fixedYear the year to use, or 0 for the rule
 * @param reference the instant a line cannot be (much) later than
 */
public record YearRule(int fixedYear, Instant reference) {
    private static final Duration SKEW = Duration.ofDays(1);

    /** {@return a rule relative to {@code reference}} */
    public static YearRule relativeTo(Instant reference) {
        return new YearRule(0, reference);
    }

    Instant resolve(LocalDateTime withoutYear) {
        if (fixedYear > 0) {
            return at(withoutYear, fixedYear);
        }
        int year = reference.atOffset(ZoneOffset.UTC).getYear();
        Instant t = at(withoutYear, year);
        return t.isAfter(reference.plus(SKEW)) ? at(withoutYear, year - 1) : t;
    }

    private static Instant at(LocalDateTime t, int year) {
        int day = t.getDayOfMonth();
        if (t.getMonthValue() == 2 && day == 29 && !java.time.Year.isLeap(year)) {
            day = 28; // Feb 29 from a leap year read against a common year
        }
        return t.withDayOfMonth(1).withYear(year).withDayOfMonth(day).toInstant(ZoneOffset.UTC);
    }
}
