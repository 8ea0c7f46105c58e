package io.ringway.message;

/** A parameter value breaks a documented rule that has no sms77 return code of its own; the message says which. */
public final class InvalidParameter extends RuntimeException {
    public InvalidParameter(String message) { super(message, null, false, false); }
}
