package io.ringway.carrier.sandbox;

import io.ringway.carrier.SmsConnector;
import io.ringway.carrier.VoiceConnector;

import java.time.Clock;

/**
 * The embedded carrier used when none is configured: it takes every submit and, after a delay, reports the
 * outcome that the recipient's last four digits ask for (see README: 9001 NOTDELIVERED, 9002 EXPIRED,
 * 9003 REJECTED, 9004 the submit fails; anything else is DELIVERED).
 */
public final class Sandbox {
    public static final String NAME = "sandbox";

    private Sandbox() {}

    public static SmsConnector smsc(long receiptDelayMillis, Clock clock) {
        return new SandboxSmsc(receiptDelayMillis, clock);
    }

    /**
     * The simulated callee (README: magic numbers …9001 busy, …9002 no answer, …9003 failed, …9004 hangs up
     * mid-message, …990D presses key D after the message); {@code speed} times faster than real time, what callees
     * heard written to {@code audioDir/<call id>.wav}.
     */
    public static VoiceConnector callee(double speed, java.nio.file.Path audioDir) {
        return new SandboxCallee(speed, audioDir);
    }
}
