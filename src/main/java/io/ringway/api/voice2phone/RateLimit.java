package io.ringway.api.voice2phone;

import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;

/** A token bucket per account: {@code perSecond} requests a second on average, bursts of twice that. */
final class RateLimit {
    private final double perSecond;
    private final double burst;
    private final Clock clock;
    private final ConcurrentHashMap<Long, double[]> buckets = new ConcurrentHashMap<>(); // {tokens, last refill millis}

    RateLimit(double perSecond, Clock clock) {
        this.perSecond = perSecond;
        this.burst = Math.max(1, perSecond * 2);
        this.clock = clock;
    }

    boolean allow(long accountId) {
        if (perSecond <= 0) return true;
        long now = clock.millis();
        boolean[] allowed = new boolean[1];
        buckets.compute(accountId, (id, b) -> {
            if (b == null) b = new double[] {burst, now};
            b[0] = Math.min(burst, b[0] + (now - b[1]) * perSecond / 1000.0);
            b[1] = now;
            if (b[0] >= 1) {
                b[0] -= 1;
                allowed[0] = true;
            }
            return b;
        });
        return allowed[0];
    }
}
