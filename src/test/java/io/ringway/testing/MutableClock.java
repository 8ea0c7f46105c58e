package io.ringway.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/** A clock tests move by hand, so time rules (locks, windows, schedules) are tested without sleeping. */
public final class MutableClock extends Clock {
    private final AtomicLong millis;
    private final ZoneId zone;

    public MutableClock(Instant start) { this(start.toEpochMilli(), ZoneOffset.UTC); }

    private MutableClock(long millis, ZoneId zone) {
        this.millis = new AtomicLong(millis);
        this.zone = zone;
    }

    private MutableClock(AtomicLong shared, ZoneId zone) {
        this.millis = shared;
        this.zone = zone;
    }

    public void advance(Duration d) { millis.addAndGet(d.toMillis()); }

    public void set(Instant t) { millis.set(t.toEpochMilli()); }

    @Override public long millis() { return millis.get(); }

    @Override public Instant instant() { return Instant.ofEpochMilli(millis.get()); }

    @Override public ZoneId getZone() { return zone; }

    /** A view in another zone that still moves with this clock. */
    @Override public Clock withZone(ZoneId z) { return new MutableClock(millis, z); }
}
