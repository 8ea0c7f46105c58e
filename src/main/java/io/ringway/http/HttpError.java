package io.ringway.http;

/** A client error the handler wants answered with this HTTP status and a plain-text explanation. */
public final class HttpError extends RuntimeException {
    private final int status;

    public HttpError(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public int status() { return status; }
}
