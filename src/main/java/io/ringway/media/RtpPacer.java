package io.ringway.media;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The clock of call audio: every 20 ms each stream sends its next frame. A few platform threads ("lanes", one per
 * core by default) each serve many streams, a new stream going to the lane with the fewest. Virtual threads would not
 * do: they are scheduled on a shared pool that signalling and HTTP also keep busy, and a frame that waits for a
 * carrier thread goes out late.
 *
 * <p>Each lane sends on an absolute schedule, tick k at start + k·20 ms, so lateness does not add up: a tick that
 * came late is followed by the next one on time, and ticks missed in a stall (GC, an overloaded machine) are made up
 * at once, each stream sending its frames back to back. A stall of more than {@value #MAX_CATCH_UP} ticks is not made
 * up: the schedule starts anew and each stream is told how many ticks it missed, so its RTP timestamps can jump the
 * time that passed. The lanes start a fraction of a tick apart, so their bursts of packets do not coincide.
 *
 * <p>Lateness (when a stream's frame went out, minus its tick's time) is recorded per frame; {@link #stats()} tells
 * its distribution since the start.
 */
public final class RtpPacer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RtpPacer.class);
    static final long TICK_NANOS = 20_000_000;
    static final int MAX_CATCH_UP = 5;

    /** A stream of 20 ms frames; {@link #sendFrame} runs on a lane thread and must not block. */
    interface Stream {
        /** Sends the next frame now; {@code missedTicks} is 0 unless a stall made the pacer skip that many ticks. */
        void sendFrame(int missedTicks);
    }

    /**
     * The pacing since the start: frames sent, their lateness (50th and 99th percentile, to within 6 %, and the
     * maximum) in µs, and how many were more than a tick (20 ms) late.
     */
    public record Stats(int streams, long frames, long p50Micros, long p99Micros, long maxMicros, long lateFrames) {}

    private final List<Lane> lanes;
    private final Map<Stream, Lane> laneOf = new ConcurrentHashMap<>();
    private volatile boolean running = true;

    /** One lane per core. */
    public RtpPacer() { this(Runtime.getRuntime().availableProcessors()); }

    public RtpPacer(int threads) {
        if (threads < 1) throw new IllegalArgumentException("threads must be at least 1: " + threads);
        long start = System.nanoTime() + TICK_NANOS;
        Lane[] made = new Lane[threads];
        for (int i = 0; i < threads; i++) made[i] = new Lane(i, start + TICK_NANOS * i / threads);
        lanes = List.of(made);
        for (Lane lane : lanes) lane.thread.start();
    }

    /** From the next tick of its lane on, {@code stream} sends a frame every 20 ms until {@link #remove}d. */
    void add(Stream stream) {
        if (!running) throw new IllegalStateException("the RTP pacer is closed");
        laneOf.computeIfAbsent(stream, s -> {
            Lane least = lanes.getFirst();
            for (Lane lane : lanes) if (lane.streams.size() < least.streams.size()) least = lane;
            least.streams.add(s);
            return least;
        });
    }

    /** Once this returns, {@code stream} is not called again, unless it is being called right now. */
    void remove(Stream stream) {
        Lane lane = laneOf.remove(stream);
        if (lane != null) lane.streams.remove(stream);
    }

    public int streams() { return laneOf.size(); }

    public Stats stats() {
        long[] counts = Lateness.newCounts();
        long frames = 0, max = 0, late = 0;
        for (Lane lane : lanes) {
            lane.lateness.addTo(counts);
            frames += lane.lateness.frames();
            max = Math.max(max, lane.lateness.max());
            late += lane.lateness.late();
        }
        // a bucket's upper bound may lie above the largest value in it
        return new Stats(streams(), frames, Math.min(max, Lateness.quantile(counts, 0.5)), Math.min(max, Lateness.quantile(counts, 0.99)), max, late);
    }

    /** Stops the lanes; streams still added send no more. */
    @Override
    public void close() {
        running = false;
        for (Lane lane : lanes) LockSupport.unpark(lane.thread);
        for (Lane lane : lanes) {
            try {
                lane.thread.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private final class Lane {
        final List<Stream> streams = new CopyOnWriteArrayList<>();
        final Lateness lateness = new Lateness(TICK_NANOS / 1000);
        final Thread thread;
        private long start;

        Lane(int number, long start) {
            this.start = start;
            thread = Thread.ofPlatform().name("rtp-pacer-" + number).daemon().unstarted(this::run);
        }

        private void run() {
            int missed = 0;
            for (long tick = 0; running; tick++) {
                long due = start + tick * TICK_NANOS;
                for (long wait; (wait = due - System.nanoTime()) > 0 && running; ) LockSupport.parkNanos(this, wait);
                for (Stream stream : streams) {
                    send(stream, missed);
                    lateness.record((System.nanoTime() - due) / 1000);
                }
                missed = 0;
                long behind = System.nanoTime() - (due + TICK_NANOS);
                if (behind > MAX_CATCH_UP * TICK_NANOS) {
                    missed = (int) Math.min(Integer.MAX_VALUE, behind / TICK_NANOS);
                    start = due + TICK_NANOS * (missed + 1);
                    tick = -1;
                    log.warn("RTP pacing stalled: {} ticks ({} ms) behind; {} streams skip them", missed, behind / 1_000_000, streams.size());
                }
            }
        }

        private void send(Stream stream, int missed) {
            try {
                stream.sendFrame(missed);
            } catch (RuntimeException e) {
                // a stream that fails would fail again every 20 ms: it is taken off rather than logged 50 times a second
                log.warn("RTP stream failed and was stopped", e);
                remove(stream);
            }
        }
    }
}
