package io.ringway.media;

/** Audio that cannot be read: not a format Ringway decodes, a file cut short, or values out of range. Says why. */
public final class AudioFormatException extends Exception {
    public AudioFormatException(String message) { super(message); }

    public AudioFormatException(String message, Throwable cause) { super(message, cause); }
}
