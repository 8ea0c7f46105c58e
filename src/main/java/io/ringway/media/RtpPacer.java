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
 * time that passed. Within a lane each stream has one of 20 slots of 1 ms (see {@link Lane}), and the lanes start
 * half a slot apart, so packets leave evenly spread over the tick rather than in bursts.
 *
 * <p>Lateness (when a stream's frame went out, minus its tick's time) is recorded per frame; {@link #stats()} tells
 * its distribution since the start.
 */
public final class RtpPacer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RtpPacer.class);
    static final long TICK_NANOS = 20_000_000;
    static final int MAX_CATCH_UP = 5;
    static final int SLOTS = 20;
    static final long SLOT_NANOS = TICK_NANOS / SLOTS;

    /** A stream of 20 ms frames; {@link #sendFrame} runs on a lane thread and must not block. */
    interface Stream {
        /** Sends the next frame now; {@code missedTicks} is 0 unless a stall made the pacer skip that many ticks. */
        void sendFrame(int missedTicks);
    }

    /**
     * The pacing since the start: frames sent, their lateness (50th and 99th percentile, to within 6 %, and the
     * maximum) in µs, how many were more than a tick (20 ms) late, and how many were never sent because a stall of
     * more than {@value #MAX_CATCH_UP} ticks was not made up (per stream, the ticks it skipped).
     */
    public record Stats(int streams, long frames, long p50Micros, long p99Micros, long maxMicros, long lateFrames, long skippedFrames) {}

    private final List<Lane> lanes;
    private final RtpReceiver receiver = new RtpReceiver();
    private Totals windowStart; // guarded by this
    private long windowStartNanos;
    private Stats lastWindow;
    private final Map<Stream, Lane> laneOf = new ConcurrentHashMap<>();
    private volatile boolean running = true;

    /** One lane per core. */
    public RtpPacer() { this(Runtime.getRuntime().availableProcessors()); }

    public RtpPacer(int threads) {
        if (threads < 1) throw new IllegalArgumentException("threads must be at least 1: " + threads);
        long start = System.nanoTime() + TICK_NANOS;
        Lane[] made = new Lane[threads];
        for (int i = 0; i < threads; i++) made[i] = new Lane(i, start + SLOT_NANOS * i / threads);
        lanes = List.of(made);
        for (Lane lane : lanes) lane.thread.start();
    }

    /** From the next tick of its lane on, {@code stream} sends a frame every 20 ms until {@link #remove}d. */
    void add(Stream stream) {
        if (!running) throw new IllegalStateException("the RTP pacer is closed");
        laneOf.computeIfAbsent(stream, s -> {
            Lane least = lanes.getFirst();
            for (Lane lane : lanes) if (lane.size() < least.size()) least = lane;
            least.add(s);
            return least;
        });
    }

    /** Once this returns, {@code stream} is not called again, unless it is being called right now. */
    void remove(Stream stream) {
        Lane lane = laneOf.remove(stream);
        if (lane != null) lane.remove(stream);
    }

    public int streams() { return laneOf.size(); }

    public Stats stats() { return totals().stats(streams()); }

    /**
     * The pacing between the previous call of this method and this one (when that was at least a second ago; else
     * the same window as last time): what an operator watching the gateway, or a benchmark measuring the calls once
     * they are all connected, wants rather than everything since the start. The maximum is its bucket's bound.
     */
    public synchronized Stats recent() {
        long now = System.nanoTime();
        if (windowStart == null || now - windowStartNanos >= 1_000_000_000L) {
            Totals current = totals();
            lastWindow = windowStart == null ? current.stats(streams()) : current.minus(windowStart).stats(streams());
            windowStart = current;
            windowStartNanos = now;
        }
        return lastWindow;
    }

    private Totals totals() {
        long[] counts = Lateness.newCounts();
        long frames = 0, max = 0, late = 0, skipped = 0;
        for (Lane lane : lanes) {
            skipped += lane.skipped.sum();
            lane.lateness.addTo(counts);
            frames += lane.lateness.frames();
            max = Math.max(max, lane.lateness.max());
            late += lane.lateness.late();
        }
        return new Totals(counts, frames, max, late, skipped);
    }

    /** Merged lateness histograms and counters at one moment. */
    private record Totals(long[] counts, long frames, long max, long late, long skipped) {
        Stats stats(int streams) {
            // a bucket's upper bound may lie above the largest value in it
            return new Stats(streams, frames, Math.min(max, Lateness.quantile(counts, 0.5)), Math.min(max, Lateness.quantile(counts, 0.99)),
                    max, late, skipped);
        }

        Totals minus(Totals earlier) {
            long[] c = counts.clone();
            int highest = -1;
            for (int i = 0; i < c.length; i++) {
                c[i] -= earlier.counts[i];
                if (c[i] > 0) highest = i;
            }
            return new Totals(c, frames - earlier.frames, highest < 0 ? 0 : Math.min(max, Lateness.upperBound(highest)),
                    late - earlier.late, skipped - earlier.skipped);
        }
    }

    /** The thread that receives the sessions' packets. */
    RtpReceiver receiver() { return receiver; }

    /** Stops the lanes and the receiving; streams still added send no more. */
    @Override
    public void close() {
        running = false;
        receiver.close();
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

    /**
     * One pacing thread. Its streams are spread over {@value #SLOTS} slots of 1 ms, each stream keeping its slot: a
     * tick's frames leave in small groups across the 20 ms instead of in one burst, so a frame's lateness is the
     * thread's wake-up delay plus a few sends, not the time it takes to send every frame of the lane.
     */
    private final class Lane {
        private final List<List<Stream>> slots = new java.util.ArrayList<>();
        private final Map<Stream, List<Stream>> slotOf = new ConcurrentHashMap<>();
        final Lateness lateness = new Lateness(TICK_NANOS / 1000);
        final java.util.concurrent.atomic.LongAdder skipped = new java.util.concurrent.atomic.LongAdder();
        final Thread thread;
        private final int[] missedBySlot = new int[SLOTS];
        private long start;

        Lane(int number, long start) {
            this.start = start;
            for (int i = 0; i < SLOTS; i++) slots.add(new CopyOnWriteArrayList<>());
            thread = Thread.ofPlatform().name("rtp-pacer-" + number).daemon().unstarted(this::run);
        }

        int size() { return slotOf.size(); }

        synchronized void add(Stream stream) {
            List<Stream> least = slots.getFirst();
            for (List<Stream> slot : slots) if (slot.size() < least.size()) least = slot;
            least.add(stream);
            slotOf.put(stream, least);
        }

        synchronized void remove(Stream stream) {
            List<Stream> slot = slotOf.remove(stream);
            if (slot != null) slot.remove(stream);
        }

        private void run() {
            for (long step = 0; running; step++) {
                long due = start + step * SLOT_NANOS;
                for (long wait; (wait = due - System.nanoTime()) > 0 && running; ) LockSupport.parkNanos(this, wait);
                int slot = (int) (step % SLOTS);
                int missed = missedBySlot[slot];
                missedBySlot[slot] = 0;
                for (Stream stream : slots.get(slot)) {
                    send(stream, missed);
                    lateness.record((System.nanoTime() - due) / 1000);
                }
                long behind = System.nanoTime() - (due + SLOT_NANOS);
                if (behind > MAX_CATCH_UP * TICK_NANOS) {
                    // Too far behind to make up: the schedule starts anew at the next slot, and every stream is
                    // told, when its slot comes, how many ticks it skipped.
                    int ticks = (int) Math.min(Integer.MAX_VALUE, behind / TICK_NANOS);
                    java.util.Arrays.fill(missedBySlot, ticks);
                    skipped.add((long) ticks * size());
                    start = due + SLOT_NANOS * ((behind / SLOT_NANOS) + 1) - (step + 1) * SLOT_NANOS;
                    log.warn("RTP pacing stalled: {} ticks ({} ms) behind; {} streams skip them", ticks, behind / 1_000_000, size());
                }
            }
        }

        private void send(Stream stream, int missed) {
            try {
                stream.sendFrame(missed);
            } catch (RuntimeException e) {
                // a stream that fails would fail again every 20 ms: it is taken off rather than logged 50 times a second
                log.warn("RTP stream failed and was stopped", e);
                RtpPacer.this.remove(stream);
            }
        }
    }
}
