package io.ringway.media;

/** Speech could not be produced: the engine is missing, failed, ran too long, or has no voice for the language. */
public final class TtsException extends Exception {
    public TtsException(String message) { super(message); }

    public TtsException(String message, Throwable cause) { super(message, cause); }
}
