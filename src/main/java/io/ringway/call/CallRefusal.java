package io.ringway.call;

/** Why a call was not accepted, with the sms77 return code {@code /api/voice} answers (the SMS API's codes). */
public enum CallRefusal {
    INVALID_CALLER_ID(201, "The caller ID is not one of the account's verified caller IDs, inbound numbers or the shared numbers."),
    INVALID_RECIPIENT(202, "The recipient number is invalid."),
    MISSING_TO(301, "The variable to is not set."),
    MISSING_TEXT(305, "The variable text is not set."),
    INVALID_PARAMETER(400, "A parameter has an invalid value."),
    TEXT_TOO_LONG(401, "The variable text is too long."),
    INSUFFICIENT_CREDIT(500, "The account has too little credit available.");

    private final int code;
    private final String text;

    CallRefusal(int code, String text) {
        this.code = code;
        this.text = text;
    }

    public int code() { return code; }

    public String text() { return text; }
}
