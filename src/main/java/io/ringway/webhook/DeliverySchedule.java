package io.ringway.webhook;

import java.util.concurrent.ThreadLocalRandom;

/**
 * When a failed delivery is tried again: 37 s after the first attempt, doubling after each one, ±10 % jitter (so
 * deliveries that failed together, say while a receiver restarted, do not come back together), 14 attempts in all.
 * The 13 waits add up to 37 s × (2¹³ − 1) ≈ 84 hours, the 3.5 days sms77 documents.
 */
final class DeliverySchedule {
    static final int MAX_ATTEMPTS = 14;
    static final long FIRST_WAIT_MILLIS = 37_000;

    private DeliverySchedule() {}

    /** Whether another attempt follows attempt number {@code attempt} (1-based) when it failed temporarily. */
    static boolean retries(int attempt) { return attempt < MAX_ATTEMPTS; }

    /** The wait after failed attempt number {@code attempt} (1-based); {@code jitter} in [−1, 1] scales ±10 %. */
    static long waitMillis(int attempt, double jitter) {
        long base = FIRST_WAIT_MILLIS << Math.min(Math.max(attempt - 1, 0), MAX_ATTEMPTS - 2);
        return Math.round(base * (1 + 0.1 * Math.max(-1, Math.min(1, jitter))));
    }

    static long waitMillis(int attempt) { return waitMillis(attempt, ThreadLocalRandom.current().nextDouble(-1, 1)); }
}
