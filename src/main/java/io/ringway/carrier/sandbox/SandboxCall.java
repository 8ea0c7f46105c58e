package io.ringway.carrier.sandbox;

import io.ringway.carrier.CallLeg;
import io.ringway.media.AudioClip;
import io.ringway.media.Wav;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/** One simulated call (see {@link SandboxCallee}); call time is real time multiplied by the speed factor. */
final class SandboxCall implements CallLeg {
    private static final Logger log = LoggerFactory.getLogger(SandboxCall.class);
    static final long RING_MILLIS = 3_000;

    private enum Behaviour { LISTENS, BUSY, NO_ANSWER, FAILS, HANGS_UP_MID_MESSAGE, PRESSES_KEY }

    private final long callId;
    private final int ringSeconds;
    private final Events events;
    private final double speed;
    private final Path audioDir;
    private final Behaviour behaviour;
    private final char key;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<Character> keys = new ArrayDeque<>();
    private final List<AudioClip> heard = new ArrayList<>();
    private boolean answered, ended, endedByCallee, playedOnce;
    private long talked; // call time since the answer, advanced as the script plays and waits

    SandboxCall(long callId, String to, int ringSeconds, Events events, double speed, Path audioDir) {
        this.callId = callId;
        this.ringSeconds = ringSeconds;
        this.events = events;
        this.speed = speed;
        this.audioDir = audioDir;
        String last4 = to.length() >= 4 ? to.substring(to.length() - 4) : "";
        this.key = last4.startsWith("990") ? last4.charAt(3) : 0;
        this.behaviour = switch (last4) {
            case "9001" -> Behaviour.BUSY;
            case "9002" -> Behaviour.NO_ANSWER;
            case "9003" -> Behaviour.FAILS;
            case "9004" -> Behaviour.HANGS_UP_MID_MESSAGE;
            default -> key != 0 && Character.isDigit(key) ? Behaviour.PRESSES_KEY : Behaviour.LISTENS;
        };
    }

    @Override
    public Answer awaitAnswer() throws InterruptedException {
        events.ringing();
        long ring = switch (behaviour) {
            case BUSY -> 1_000;
            case FAILS -> 500;
            case NO_ANSWER -> ringSeconds * 1000L;
            default -> Math.min(RING_MILLIS, ringSeconds * 1000L);
        };
        long waited = waitCallTime(ring, false);
        lock.lock();
        try {
            if (ended) return new Answer(Outcome.NO_ANSWER, "cancelled while ringing");
            switch (behaviour) {
                case BUSY -> { ended = true; return new Answer(Outcome.BUSY, "busy"); }
                case FAILS -> { ended = true; return new Answer(Outcome.FAILED, "the sandbox network refused the call (…9003)"); }
                case NO_ANSWER -> { ended = true; return new Answer(Outcome.NO_ANSWER, "not answered within " + ringSeconds + " s"); }
                default -> {
                    if (waited < ring) return new Answer(Outcome.NO_ANSWER, "cancelled while ringing");
                    answered = true;
                    return new Answer(Outcome.ANSWERED, null);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean play(AudioClip clip, boolean stopOnKey) throws InterruptedException {
        boolean first;
        lock.lock();
        try {
            if (!answered || ended) return false;
            if (stopOnKey && !keys.isEmpty()) return false;
            first = !playedOnce;
            playedOnce = true;
        } finally {
            lock.unlock();
        }
        boolean hangUpHalfway = first && behaviour == Behaviour.HANGS_UP_MID_MESSAGE;
        long length = hangUpHalfway ? clip.durationMillis() / 2 : clip.durationMillis();
        long played = waitCallTime(length, stopOnKey);
        record(clip.slice(0, played), played);
        if (hangUpHalfway && played >= length) {
            end(true);
            return false;
        }
        if (played < clip.durationMillis()) return false;
        if (first && behaviour == Behaviour.PRESSES_KEY) press(key);
        return true;
    }

    @Override
    public Character nextKey(long timeoutMillis) throws InterruptedException {
        lock.lock();
        try {
            if (!keys.isEmpty()) return keys.poll();
            if (ended) return null;
        } finally {
            lock.unlock();
        }
        long waited = waitCallTime(timeoutMillis, true);
        record(AudioClip.silence(waited), waited);
        lock.lock();
        try {
            return keys.poll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean connected() {
        lock.lock();
        try {
            return answered && !ended;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean endedByCallee() {
        lock.lock();
        try {
            return endedByCallee;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void hangUp() { end(false); }

    @Override
    public long talkMillis() {
        lock.lock();
        try {
            return talked;
        } finally {
            lock.unlock();
        }
    }

    private void press(char k) {
        lock.lock();
        try {
            keys.add(k);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        events.key(k);
    }

    private void record(AudioClip clip, long millis) {
        lock.lock();
        try {
            if (!answered) return;
            heard.add(clip);
            talked += millis;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Lets {@code millis} of call time pass (real time divided by the speed), or less when the call ends or (with
     * {@code stopOnKey}) a key is pressed. Returns the call time that passed.
     */
    private long waitCallTime(long millis, boolean stopOnKey) throws InterruptedException {
        long start = System.nanoTime();
        long realNanos = (long) (TimeUnit.MILLISECONDS.toNanos(millis) / speed);
        lock.lock();
        try {
            while (!ended && !(stopOnKey && !keys.isEmpty())) {
                long left = realNanos - (System.nanoTime() - start);
                if (left <= 0) return millis;
                changed.awaitNanos(left);
            }
        } finally {
            lock.unlock();
        }
        return Math.min(millis, (long) ((System.nanoTime() - start) * speed / 1_000_000));
    }

    private void end(boolean byCallee) {
        List<AudioClip> audio;
        lock.lock();
        try {
            if (ended && !answered) return;
            boolean first = !ended;
            ended = true;
            if (first) endedByCallee = byCallee;
            changed.signalAll();
            if (!answered || heard == null) return;
            audio = List.copyOf(heard);
            heard.clear();
            answered = false; // written once
        } finally {
            lock.unlock();
        }
        writeAudio(AudioClip.concat(audio));
    }

    private void writeAudio(AudioClip clip) {
        try {
            Files.createDirectories(audioDir);
            Path tmp = Files.createTempFile(audioDir, callId + "-", ".tmp");
            Files.write(tmp, Wav.write(clip));
            Files.move(tmp, audioDir.resolve(callId + ".wav"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            log.warn("sandbox call {}: could not keep what the callee heard: {}", callId, e.getMessage());
        }
    }
}
