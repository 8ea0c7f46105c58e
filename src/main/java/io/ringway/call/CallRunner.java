package io.ringway.call;

import io.ringway.carrier.CallLeg;
import io.ringway.media.AudioClip;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;

/**
 * Runs one call on its own virtual thread: renders the script's audio, dials, waits for the answer, plays the
 * script (Gathers wait for keys and take their branch), hangs up, and has the outcome recorded. Keys pressed at any
 * time are recorded as they come.
 */
final class CallRunner implements CallLeg.Events {
    private static final Logger log = LoggerFactory.getLogger(CallRunner.class);
    static final String STOPPING = "interrupted: Ringway was stopping";

    private final Call call;
    private final Switchboard board;
    private volatile CallLeg leg;
    private volatile boolean hangUpRequested;
    private volatile boolean stopping;

    CallRunner(Call call, Switchboard board) {
        this.call = call;
        this.board = board;
    }

    long callId() { return call.id(); }

    /** Ends the call as soon as possible (from any thread): before dialling, while ringing, or while playing. */
    void hangUp() {
        hangUpRequested = true;
        CallLeg l = leg;
        if (l != null) l.hangUp();
    }

    /** Ringway is stopping: the call is cut off and recorded as failed (charged for the minutes it was connected). */
    void stop() {
        stopping = true;
        hangUp();
    }

    void run() {
        try {
            Map<CallScript.Step, AudioClip> clips;
            CallScript script;
            try {
                script = Scripts.of(call, board.menuTimeoutSeconds());
                clips = board.audio().render(script, call.language());
            } catch (Exception e) {
                if (stopping) return; // the fetch was cut off by the stop, not refused: the next start dials it
                log.warn("call {}: no audio: {}", call.id(), e.getMessage());
                board.finish(call, CallStatus.FAILED, "audio: " + e.getMessage(), 0);
                return;
            }
            if (stopping) return; // not dialled: the next start dials it
            if (hangUpRequested) {
                board.finish(call, CallStatus.NO_ANSWER, "cancelled by a hang-up request", 0);
                return;
            }
            CallLeg l = board.connector().dial(call.id(), call.callerId(), call.recipient(), call.ringSeconds(), this);
            leg = l;
            if (hangUpRequested) l.hangUp();
            CallLeg.Answer answer = l.awaitAnswer();
            switch (answer.outcome()) {
                case NO_ANSWER -> board.finish(call, stopping ? CallStatus.FAILED : CallStatus.NO_ANSWER,
                        stopping ? STOPPING : hangUpRequested ? "cancelled by a hang-up request" : answer.cause(), 0);
                case BUSY -> board.finish(call, CallStatus.FAILED, CallStatus.BUSY, 0);
                case FAILED -> board.finish(call, CallStatus.FAILED, answer.cause(), 0);
                case ANSWERED -> {
                    board.answered(call);
                    play(script.steps(), clips);
                    l.hangUp();
                    if (stopping) {
                        board.finish(call, CallStatus.FAILED, STOPPING, l.talkMillis());
                        return;
                    }
                    String cause = l.endedByCallee() ? "the callee hung up" : hangUpRequested ? "hung up by request" : null;
                    board.finish(call, CallStatus.COMPLETED, cause, l.talkMillis());
                }
            }
        } catch (InterruptedException e) {
            CallLeg l = leg;
            if (l != null) l.hangUp();
            board.finish(call, CallStatus.FAILED, STOPPING, l == null ? 0 : l.talkMillis());
        } catch (RuntimeException e) {
            log.error("call {} failed", call.id(), e);
            CallLeg l = leg;
            if (l != null) l.hangUp();
            board.finish(call, CallStatus.FAILED, "internal error: " + e.getMessage(), l == null ? 0 : l.talkMillis());
        } finally {
            board.ended(this);
        }
    }

    /** Plays the steps in order; false once the call should end (hung up, a Hangup step, or a request). */
    private boolean play(List<CallScript.Step> steps, Map<CallScript.Step, AudioClip> clips) throws InterruptedException {
        for (CallScript.Step step : steps) {
            if (hangUpRequested || !leg.connected()) return false;
            switch (step) {
                case CallScript.Hangup h -> { return false; }
                case CallScript.Gather g -> {
                    if (!gather(g, clips)) return false;
                }
                default -> {
                    if (!leg.play(clips.get(step), false)) return false;
                }
            }
        }
        return true;
    }

    /** A key during the prompt stops it (barge-in) and counts as the first of the digits. */
    private boolean gather(CallScript.Gather g, Map<CallScript.Step, AudioClip> clips) throws InterruptedException {
        for (CallScript.Step step : g.prompt()) {
            if (!leg.play(clips.get(step), true)) {
                if (!leg.connected()) return false;
                break;
            }
        }
        StringBuilder digits = new StringBuilder();
        while (digits.length() < g.numDigits()) {
            Character key = leg.nextKey(g.timeoutSeconds() * 1000L);
            if (key == null || (g.finishOnKey() != null && key.equals(g.finishOnKey()))) break;
            digits.append(key);
        }
        if (!leg.connected()) return false;
        List<CallScript.Step> branch = g.branches().get(digits.toString());
        return branch == null || play(branch, clips);
    }

    @Override
    public void ringing() { board.ringing(call); }

    @Override
    public void key(char key) { board.key(call, key); }
}
