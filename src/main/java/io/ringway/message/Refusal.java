package io.ringway.message;

/**
 * Why an SMS (or one recipient of it) was not accepted, with the sms77 return code the API reports for it.
 * {@link #INVALID_PARAMETER} covers values the sms77 documents give rules but no code for (label, ttl, delay, ...).
 */
public enum Refusal {
    SOME_FAILED(101, "The transmission to at least one recipient failed."),
    INVALID_SENDER(201, "The sender is invalid. A maximum of 11 alphanumeric or 16 numeric characters is allowed."),
    INVALID_RECIPIENT(202, "The recipient number is invalid."),
    MISSING_TO(301, "The variable to is not set."),
    MISSING_TEXT(305, "The variable text is not set."),
    INVALID_PARAMETER(400, "A parameter has an invalid value."),
    TEXT_TOO_LONG(401, "The variable text is too long."),
    RELOAD_LOCK(402, "The Reload Lock prevents sending this SMS as it has already been sent within the last 180 seconds."),
    DAILY_LIMIT(403, "The maximum limit for this number per day has been reached."),
    INSUFFICIENT_CREDIT(500, "The account has too little credit available."),
    CARRIER_FAILED(600, "The carrier delivery failed.");

    private final int code;
    private final String text;

    Refusal(int code, String text) {
        this.code = code;
        this.text = text;
    }

    public int code() { return code; }

    public String text() { return text; }
}
