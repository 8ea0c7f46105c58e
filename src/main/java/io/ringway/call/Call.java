package io.ringway.call;

/**
 * A call as stored. {@code scriptKind}/{@code script} are what the API received; money is in micro-units of the
 * account currency; times are epoch milliseconds; {@code durationMillis} is talk time (answer to hang-up).
 */
public record Call(long id, String uuid, long accountId, String api, String callerId, String recipient,
                   String scriptKind, String script, String language, int ringSeconds, String foreignId,
                   CallStatus status, String cause, String dtmf, long pricePerMinuteMicros, long chargedMicros,
                   Long durationMillis, String connector, boolean hangupRequested, long createdAt, long updatedAt,
                   Long answeredAt, Long endedAt) {

    /** Whole seconds of talk time, as the {@code duration} of events and journals. */
    public long durationSeconds() { return durationMillis == null ? 0 : durationMillis / 1000; }

    /** Voice2Phone's status number (busy told apart from other failures). */
    public int v2pStatus() { return status == CallStatus.FAILED && CallStatus.BUSY.equals(cause) ? CallStatus.V2P_BUSY : status.v2pCode(); }
}
