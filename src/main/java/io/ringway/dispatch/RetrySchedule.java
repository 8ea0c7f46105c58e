package io.ringway.dispatch;

/** When to try a submit again after a temporary carrier failure: 5 s doubling to at most 10 minutes. */
final class RetrySchedule {
    private RetrySchedule() {}

    static long delayMillis(int attempt) {
        long base = 5_000L << Math.min(Math.max(attempt - 1, 0), 7);
        return Math.min(base, 600_000L);
    }
}
