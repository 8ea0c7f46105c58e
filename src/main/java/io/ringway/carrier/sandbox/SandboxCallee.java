package io.ringway.carrier.sandbox;

import io.ringway.carrier.CallLeg;
import io.ringway.carrier.VoiceConnector;

import java.nio.file.Path;

/**
 * The embedded voice carrier: no phone network, a simulated callee whose behaviour the recipient's last four digits
 * choose (README): 9001 busy, 9002 no answer, 9003 failure, 9004 hangs up in the middle of the message, 990D presses
 * key D right after the message; any other number answers after {@link SandboxCall#RING_MILLIS} and listens to the
 * end. Time runs {@code speed} times faster than real time; what the callee heard is written to
 * {@code <audioDir>/<call id>.wav} when the call ends.
 */
final class SandboxCallee implements VoiceConnector {
    private final double speed;
    private final Path audioDir;

    SandboxCallee(double speed, Path audioDir) {
        if (!(speed > 0)) throw new IllegalArgumentException("the sandbox voice speed must be > 0");
        this.speed = speed;
        this.audioDir = audioDir;
    }

    @Override
    public String name() { return Sandbox.NAME; }

    @Override
    public CallLeg dial(long callId, String callerId, String to, int ringSeconds, CallLeg.Events events) {
        return new SandboxCall(callId, to, ringSeconds, events, speed, audioDir);
    }
}
