package dev.iptriage.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock a test sets and moves (in UTC), so no test depends on today's date. */
public final class TestClock extends Clock {
    private volatile Instant now;

    /** A clock at {@code now}. */
    public TestClock(Instant now) {
        this.now = now;
    }

    /** Moves the clock forward by {@code d}. */
    public void advance(Duration d) {
        now = now.plus(d);
    }

    /** Moves the clock forward by {@code seconds}. */
    public void advance(long seconds) {
        now = now.plusSeconds(seconds);
    }

    /** Sets the clock to {@code t}. */
    public void set(Instant t) {
        now = t;
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
