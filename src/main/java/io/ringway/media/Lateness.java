package io.ringway.media;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * How late frames went out, in microseconds, as a histogram cheap enough to take a value per frame: exact below
 * 32 µs, then 16 buckets per power of two (at most 6.25 % too high). One thread records, any thread reads: the pacer
 * thread that owns it writes with release stores and no atomic read-modify-write; readers may see a frame or two of
 * one lane's tick and not yet the rest.
 */
final class Lateness {
    private static final int EXACT = 32;
    private static final int SUB_BITS = 4, SUBS = 1 << SUB_BITS;
    private static final long CAP = (1L << 27) - 1; // 134 s: anything later is counted there
    private static final int BUCKETS = index(CAP) + 1;
    private static final int FRAMES = 0, MAX = 1, LATE = 2;

    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);
    private final AtomicLongArray totals = new AtomicLongArray(3);
    private final long lateMicros;

    /** {@code lateMicros}: a frame later than this also counts as late. */
    Lateness(long lateMicros) { this.lateMicros = lateMicros; }

    /** Only the owning thread calls this. */
    void record(long micros) {
        long v = Math.max(0, Math.min(CAP, micros));
        int i = index(v);
        counts.setRelease(i, counts.getPlain(i) + 1);
        if (v > totals.getPlain(MAX)) totals.setRelease(MAX, v);
        if (v > lateMicros) totals.setRelease(LATE, totals.getPlain(LATE) + 1);
        totals.setRelease(FRAMES, totals.getPlain(FRAMES) + 1);
    }

    long frames() { return totals.getAcquire(FRAMES); }

    long max() { return totals.getAcquire(MAX); }

    long late() { return totals.getAcquire(LATE); }

    /** Adds this histogram's bucket counts to {@code into}, which is {@link #newCounts()}. */
    void addTo(long[] into) { for (int i = 0; i < BUCKETS; i++) into[i] += counts.getAcquire(i); }

    static long[] newCounts() { return new long[BUCKETS]; }

    /** The value at {@code quantile} (0–1) of the merged {@code counts}, as its bucket's upper bound; 0 when empty. */
    static long quantile(long[] counts, double quantile) {
        long total = 0;
        for (long c : counts) total += c;
        if (total == 0) return 0;
        long rank = Math.max(1, (long) Math.ceil(quantile * total)), seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= rank) return upperBound(i);
        }
        return CAP;
    }

    static int index(long v) {
        if (v < EXACT) return (int) v;
        int exponent = 63 - Long.numberOfLeadingZeros(v);
        int sub = (int) (v >>> (exponent - SUB_BITS)) & (SUBS - 1);
        return EXACT + (exponent - 5) * SUBS + sub;
    }

    static long upperBound(int index) {
        if (index < EXACT) return index;
        int exponent = 5 + (index - EXACT) / SUBS, sub = (index - EXACT) % SUBS;
        long width = 1L << (exponent - SUB_BITS);
        return ((SUBS + sub) * width) + width - 1;
    }
}
