package io.ringway.carrier.sandbox;

import io.ringway.carrier.SmsConnector;

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
}
