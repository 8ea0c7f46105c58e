package io.ringway.api.sms77;

/** Ends a request with a bare sms77 return code as the body (e.g. {@code 900}), which every client turns into an error. */
final class ApiCode extends RuntimeException {
    static final int AUTH_FAILED = 900;
    static final int SIGNATURE_FAILED = 901;

    private final int code;

    ApiCode(int code) {
        super(Integer.toString(code), null, false, false);
        this.code = code;
    }

    int code() { return code; }
}
