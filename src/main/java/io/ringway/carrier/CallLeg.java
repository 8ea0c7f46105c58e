package io.ringway.carrier;

import io.ringway.media.AudioClip;

/**
 * One outbound call from dialling to hang-up, as the script running it sees the callee. The methods block the
 * calling (virtual) thread; {@link #hangUp} may be called from any thread and ends whatever is blocked.
 * Times are the call's own: a sandbox running faster than real time reports the durations the call would have had.
 */
public interface CallLeg {
    /** How dialling ended. {@code cause} says why a call was not answered (shown to the customer, stored). */
    record Answer(Outcome outcome, String cause) {}

    enum Outcome { ANSWERED, NO_ANSWER, BUSY, FAILED }

    /** What the connector tells while the call runs (from its own threads; implementations must not block). */
    interface Events {
        void ringing();

        /** A key the callee pressed: 0-9, *, #, A-D. */
        void key(char key);
    }

    /** Waits until the callee answers, or the call ends without an answer (ring time over, busy, failure). */
    Answer awaitAnswer() throws InterruptedException;

    /**
     * Plays the audio to the callee; returns when it was played (true) or when it stopped early: the call ended, or
     * {@code stopOnKey} and a key was pressed meanwhile (false).
     */
    boolean play(AudioClip clip, boolean stopOnKey) throws InterruptedException;

    /** The next key pressed (also one pressed during {@link #play}, not taken yet), or {@code null} after {@code timeoutMillis} of call time or when the call ended. */
    Character nextKey(long timeoutMillis) throws InterruptedException;

    /** Whether the call is still connected (false once either side hung up). */
    boolean connected();

    /** Whether the callee (rather than Ringway) ended the call. */
    boolean endedByCallee();

    /** Ends the call (no-op when it ended already); a call still ringing is cancelled. */
    void hangUp();

    /** Call time from answer to hang-up (or to now while connected); 0 when never answered. */
    long talkMillis();
}
