package io.ringway.carrier.sip;

import io.ringway.carrier.CallLeg;
import io.ringway.media.AudioClip;
import io.ringway.media.RtpSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.ResponseEvent;
import javax.sip.message.Response;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One outbound SIP call. The call's own virtual thread blocks in the {@link CallLeg} methods; the SIP stack's threads
 * and the RTP receiver report what happens through the {@code on…} methods, which never block. {@link #awaitAnswer}
 * tries the trunks in order: a trunk at its call limit is skipped, and a 5xx answer or no answer at all moves the call
 * to the next trunk (docs/sip.md has the status mapping).
 */
final class SipCall implements CallLeg {
    private static final Logger log = LoggerFactory.getLogger(SipCall.class);
    /** How long a CANCEL may wait for the INVITE to end (487) before the call is given up locally. */
    private static final long CANCEL_GRACE_NANOS = TimeUnit.SECONDS.toNanos(10);

    private enum Phase { IDLE, INVITING, ANSWERED, ENDED }

    /** How one INVITE ended. */
    private enum Attempt { PENDING, ANSWERED, NEXT_TRUNK, DONE }

    private final SipConnector sip;
    final long callId;
    final String callerId;
    final String to;
    private final int ringSeconds;
    private final Events events;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<Character> keys = new ArrayDeque<>();

    // Guarded by lock.
    private Phase phase = Phase.IDLE;
    private Attempt attempt;
    private Answer outcome;
    private Trunks.Trunk trunk;
    private ClientTransaction invite;
    private Dialog dialog;
    private String sipCallId;
    private boolean provisional, ringingReported, challenged, cancelSent, endedByCallee, trunkHeld;
    private String cancelCause; // why we cancel (ring time over, a hang-up request); null while we do not
    private long answeredNanos, endedNanos;
    private RtpSession media;
    private Sdp.Media remote;

    SipCall(SipConnector sip, long callId, String callerId, String to, int ringSeconds, Events events) {
        this.sip = sip;
        this.callId = callId;
        this.callerId = callerId;
        this.to = to;
        this.ringSeconds = ringSeconds;
        this.events = events;
    }

    @Override
    public Answer awaitAnswer() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(ringSeconds);
        RtpSession m;
        try {
            m = sip.openMedia(this);
        } catch (java.io.IOException e) {
            return endUnanswered(new Answer(Outcome.FAILED, "no RTP port: " + e.getMessage()));
        }
        lock.lock();
        try {
            media = m;
        } finally {
            lock.unlock();
        }
        String lastCause = "no SIP trunk is configured";
        List<Trunks.Trunk> trunks = sip.trunks().inOrder();
        if (trunks.isEmpty()) return endUnanswered(new Answer(Outcome.FAILED, lastCause));
        int next = 0;
        boolean invited = false;
        while (true) {
            if (cancelled()) return endUnanswered(new Answer(Outcome.NO_ANSWER, cancelCauseOr("cancelled")));
            if (System.nanoTime() >= deadline) return endUnanswered(new Answer(Outcome.NO_ANSWER, "not answered within " + ringSeconds + " s"));
            if (next == trunks.size()) {
                if (invited) return endUnanswered(new Answer(Outcome.FAILED, lastCause));
                // Every trunk is full: wait for a place rather than fail a call the operator's limits only delay.
                Thread.sleep(20);
                next = 0;
                continue;
            }
            Trunks.Trunk t = trunks.get(next);
            if (!t.tryTake()) {
                lastCause = "trunk " + t.settings.name() + " is at its limit of " + t.settings.maxCalls() + " calls";
                next++;
                continue;
            }
            invited = true;
            long pace = t.paceNanos();
            if (pace > 0) TimeUnit.NANOSECONDS.sleep(pace);
            Attempt a = inviteOn(t, deadline);
            if (a == Attempt.ANSWERED) return new Answer(Outcome.ANSWERED, null);
            lastCause = outcomeCause();
            if (a == Attempt.NEXT_TRUNK && next + 1 < trunks.size()) {
                log.info("call {}: {}; trying trunk {}", callId, lastCause, trunks.get(next + 1).settings.name());
                next++;
                continue;
            }
            return endUnanswered(outcome());
        }
    }

    /** Sends one INVITE on {@code t} and waits for how it ends; ring time over means CANCEL. */
    private Attempt inviteOn(Trunks.Trunk t, long deadline) throws InterruptedException {
        lock.lock();
        try {
            phase = Phase.INVITING;
            attempt = Attempt.PENDING;
            outcome = null;
            trunk = t;
            trunkHeld = true;
            provisional = challenged = cancelSent = false;
            try {
                invite = sip.sendInvite(this, t, media.localPort());
                sipCallId = sip.callIdOf(invite);
                dialog = invite.getDialog();
            } catch (Exception e) {
                return settle(Attempt.NEXT_TRUNK, new Answer(Outcome.FAILED, "trunk " + t.settings.name() + ": " + e.getMessage()));
            }
            t.invites.incrementAndGet();
            while (attempt == Attempt.PENDING) {
                long now = System.nanoTime();
                if (cancelCause == null && now >= deadline) {
                    cancelCause = "not answered within " + ringSeconds + " s";
                    sendCancelIfProceeding();
                }
                if (cancelCause != null && now >= deadline + CANCEL_GRACE_NANOS) {
                    return settle(Attempt.DONE, new Answer(Outcome.NO_ANSWER, cancelCause));
                }
                long wait = cancelCause == null ? deadline - now : deadline + CANCEL_GRACE_NANOS - now;
                changed.awaitNanos(Math.max(wait, 1_000_000));
            }
            return attempt;
        } finally {
            lock.unlock();
        }
    }

    /** A response to our INVITE (or to its CANCEL, BYE), from the SIP stack's thread. */
    void onInviteResponse(ResponseEvent event) {
        Response r = event.getResponse();
        int code = r.getStatusCode();
        boolean reportRinging = false;
        lock.lock();
        try {
            if (code < 200) {
                provisional = true;
                if ((code == 180 || code == 183) && !ringingReported && phase == Phase.INVITING) reportRinging = ringingReported = true;
                if (cancelCause != null) sendCancelIfProceeding();
            } else if (code < 300) {
                answered(event);
            } else if ((code == 401 || code == 407) && attempt == Attempt.PENDING) {
                challenged(event, code);
            } else if (attempt == Attempt.PENDING) {
                refused(code, r.getReasonPhrase());
            }
        } finally {
            lock.unlock();
        }
        if (reportRinging) events.ringing();
    }

    private void answered(ResponseEvent event) {
        Dialog d = event.getDialog();
        sip.ack(d, event.getResponse());
        if (phase == Phase.ANSWERED || attempt != Attempt.PENDING) {
            if (phase != Phase.ANSWERED && d != null) sip.bye(d); // answered after we gave up: end it at once
            return;
        }
        dialog = d;
        if (cancelCause != null) {
            // The 200 crossed our CANCEL: the call was not wanted any more.
            sip.bye(d);
            settle(Attempt.DONE, new Answer(Outcome.NO_ANSWER, cancelCause));
            return;
        }
        try {
            remote = Sdp.read(body(event.getResponse()));
        } catch (IllegalArgumentException e) {
            sip.bye(d);
            settle(Attempt.DONE, new Answer(Outcome.FAILED, "the callee's SDP: " + e.getMessage()));
            return;
        }
        try {
            media.start(remote.address(), remote.audioPayloadType(), remote.telephoneEventPayloadType());
            media.inBandKeys(sip.listensInBand(remote));
        } catch (RuntimeException e) {
            sip.bye(d);
            settle(Attempt.DONE, new Answer(Outcome.FAILED, "RTP: " + e.getMessage()));
            return;
        }
        phase = Phase.ANSWERED;
        answeredNanos = System.nanoTime();
        trunk.answered.incrementAndGet();
        settle(Attempt.ANSWERED, null);
    }

    private void challenged(ResponseEvent event, int code) {
        if (challenged || trunk.settings.user().isEmpty()) {
            refused(code, "authentication refused by trunk " + trunk.settings.name());
            return;
        }
        challenged = true;
        try {
            invite = sip.answerChallenge(event);
            dialog = invite.getDialog();
        } catch (Exception e) {
            settle(Attempt.DONE, new Answer(Outcome.FAILED, "SIP " + code + ": " + e.getMessage()));
        }
    }

    private void refused(int code, String reason) {
        trunk.failed.incrementAndGet();
        trunk.lastError.set("SIP " + code + " " + reason);
        FinalResponse verdict = FinalResponse.of(code, reason, cancelSent ? cancelCause : null, trunk.settings.name());
        settle(verdict.nextTrunk() ? Attempt.NEXT_TRUNK : Attempt.DONE, verdict.answer());
    }

    /** The INVITE got no final answer from the trunk (the transaction timed out). */
    void onInviteTimeout(ClientTransaction ct) {
        lock.lock();
        try {
            if (ct != invite || attempt != Attempt.PENDING) return;
            String cause = "no answer from trunk " + trunk.settings.name() + " (SIP transaction timed out)";
            trunk.failed.incrementAndGet();
            trunk.lastError.set(cause);
            settle(cancelCause != null ? Attempt.DONE : Attempt.NEXT_TRUNK,
                    new Answer(cancelCause != null ? Outcome.NO_ANSWER : Outcome.FAILED, cancelCause != null ? cancelCause : cause));
        } finally {
            lock.unlock();
        }
    }

    /** The callee hung up (its BYE). */
    void onBye() {
        lock.lock();
        try {
            if (phase != Phase.ANSWERED) return;
            endedByCallee = true;
            endLocked();
        } finally {
            lock.unlock();
        }
    }

    /** A key from the RTP receiver (RFC 4733 or in-band) or a SIP INFO. */
    void onKey(char key) {
        lock.lock();
        try {
            if (phase != Phase.ANSWERED) return;
            keys.add(key);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        events.key(key);
    }

    /** The dialog of the answered call (re-INVITEs are answered on it), or null. */
    Dialog dialog() { return locked(() -> phase == Phase.ANSWERED ? dialog : null); }

    int rtpPort() { return media.localPort(); }

    /** The call's RTP session (tests read what came back over it). */
    RtpSession media() { return locked(() -> media); }

    /** The trunk the current INVITE went to. */
    Trunks.Trunk trunk() { return locked(() -> trunk); }

    /** What the callee's SDP chose, once answered. */
    Sdp.Media remoteMedia() { return locked(() -> remote); }

    private Attempt settle(Attempt a, Answer answer) {
        attempt = a;
        outcome = answer;
        if (a != Attempt.ANSWERED) leaveTrunk();
        changed.signalAll();
        return a;
    }

    /** Gives the trunk's place back and stops taking SIP messages for the INVITE's Call-ID. Caller holds the lock. */
    private void leaveTrunk() {
        if (!trunkHeld) return;
        trunkHeld = false;
        trunk.giveBack();
        sip.forget(this, sipCallId);
    }

    private void sendCancelIfProceeding() {
        // RFC 3261 9.1: a CANCEL may only follow a provisional response; until one comes, it waits.
        if (cancelSent || !provisional || attempt != Attempt.PENDING) return;
        cancelSent = true;
        sip.cancel(invite);
    }

    private boolean cancelled() { return locked(() -> cancelCause != null); }

    private String cancelCauseOr(String fallback) { return locked(() -> cancelCause != null ? cancelCause : fallback); }

    private Answer outcome() { return locked(() -> outcome); }

    private String outcomeCause() {
        Answer a = outcome();
        return a == null ? "no answer" : a.cause();
    }

    private Answer endUnanswered(Answer answer) {
        lock.lock();
        try {
            endLocked();
        } finally {
            lock.unlock();
        }
        return answer;
    }

    /** Ends the call, answered or not: media closed, the trunk's place given back. Caller holds the lock. */
    private void endLocked() {
        if (phase == Phase.ENDED) return;
        phase = Phase.ENDED;
        endedNanos = System.nanoTime();
        leaveTrunk();
        if (media != null) sip.closeMedia(media);
        changed.signalAll();
    }

    @Override
    public boolean play(AudioClip clip, boolean stopOnKey) throws InterruptedException {
        CompletableFuture<Boolean> played;
        lock.lock();
        try {
            if (phase != Phase.ANSWERED || (stopOnKey && !keys.isEmpty())) return false;
            played = media.play(clip);
            played.whenComplete((ok, e) -> signal());
            while (!played.isDone() && phase == Phase.ANSWERED && !(stopOnKey && !keys.isEmpty())) changed.await();
            if (!played.isDone()) {
                media.stopPlaying();
                return false;
            }
        } finally {
            lock.unlock();
        }
        return Boolean.TRUE.equals(played.getNow(false));
    }

    /** Reads state under the lock. */
    private <T> T locked(java.util.function.Supplier<T> read) {
        lock.lock();
        try {
            return read.get();
        } finally {
            lock.unlock();
        }
    }

    private void signal() {
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Character nextKey(long timeoutMillis) throws InterruptedException {
        lock.lock();
        try {
            long left = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
            while (keys.isEmpty() && phase == Phase.ANSWERED && left > 0) left = changed.awaitNanos(left);
            return keys.poll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean connected() { return locked(() -> phase == Phase.ANSWERED); }

    @Override
    public boolean endedByCallee() { return locked(() -> endedByCallee); }

    @Override
    public void hangUp() {
        lock.lock();
        try {
            switch (phase) {
                case ANSWERED -> {
                    sip.bye(dialog);
                    endLocked();
                }
                case INVITING, IDLE -> {
                    if (cancelCause == null) cancelCause = "cancelled";
                    if (phase == Phase.INVITING) sendCancelIfProceeding();
                    changed.signalAll();
                }
                case ENDED -> { }
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public long talkMillis() {
        lock.lock();
        try {
            if (answeredNanos == 0) return 0;
            long end = phase == Phase.ENDED ? endedNanos : System.nanoTime();
            return TimeUnit.NANOSECONDS.toMillis(end - answeredNanos);
        } finally {
            lock.unlock();
        }
    }

    private static String body(Response r) {
        byte[] raw = r.getRawContent();
        return raw == null ? "" : new String(raw, java.nio.charset.StandardCharsets.UTF_8);
    }
}
