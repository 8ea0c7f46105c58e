package io.ringway.webhook;

/**
 * One event on its way to one subscription, as the API shows it: {@code state} PENDING, DELIVERED, FAILED or
 * CANCELLED (unsubscribed before it was sent); the last answer ({@code lastStatus}, or {@code lastError} when there
 * was none); {@code history} as a JSON array of {@code {"at", "status" | "error", "ms"}}, one per attempt.
 */
public record Delivery(long id, long webhookId, String eventType, long subjectId, String payload, long eventAt, String state,
                       int attempts, Integer lastStatus, String lastError, Long nextAt, Long finishedAt, String history) {}
