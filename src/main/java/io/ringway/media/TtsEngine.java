package io.ringway.media;

/** A text-to-speech engine. {@link Tts} caches what it says; implementations need not be fast, only thread-safe. */
public interface TtsEngine {
    /** Stable across restarts: part of the cache key, so audio of one engine is never served for another. */
    String name();

    AudioClip speak(Speech speech) throws TtsException;
}
