package io.ringway.call;

/**
 * Where a call is, with the names sms77 uses ({@code voice_status} events, the journal) and the numbers of the
 * Voice2Phone API, which its document leaves open: there, the example of a finished call that got a key shows
 * {@code Status: 2}, so 2 is "completed" (docs/voice.md lists them all). A busy callee is {@link #FAILED} with
 * cause {@code busy} for sms77, as sms77 has no busy status, and {@link #V2P_BUSY} for Voice2Phone.
 */
public enum CallStatus {
    INITIATED("initiated", 0),
    RINGING("ringing", 1),
    IN_PROGRESS("in-progress", 3),
    COMPLETED("completed", 2),
    NO_ANSWER("no-answer", 4),
    FAILED("failed", 6);

    /** Voice2Phone status of a failed call whose callee was busy. */
    public static final int V2P_BUSY = 5;
    /** The cause stored with a call that failed because the callee was busy. */
    public static final String BUSY = "busy";

    private final String apiName;
    private final int v2pCode;

    CallStatus(String apiName, int v2pCode) {
        this.apiName = apiName;
        this.v2pCode = v2pCode;
    }

    public String apiName() { return apiName; }

    public int v2pCode() { return v2pCode; }

    public boolean finished() { return this == COMPLETED || this == NO_ANSWER || this == FAILED; }

    public static CallStatus ofApiName(String name) {
        for (CallStatus s : values()) if (s.apiName.equals(name)) return s;
        throw new IllegalArgumentException("no call status " + name);
    }
}
