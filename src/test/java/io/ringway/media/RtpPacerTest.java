package io.ringway.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;

/** Real time on a noisy 2-core VM: the bounds are wide on purpose, and the numbers are printed. */
class RtpPacerTest {

    /** Counts its frames and where they ran. */
    static final class Counting implements RtpPacer.Stream {
        final AtomicInteger frames = new AtomicInteger();
        final AtomicInteger missed = new AtomicInteger();
        final Set<Thread> threads = ConcurrentHashMap.newKeySet();
        volatile long stallMillis;

        @Override
        public void sendFrame(int missedTicks) {
            frames.incrementAndGet();
            missed.addAndGet(missedTicks);
            threads.add(Thread.currentThread());
            long stall = stallMillis;
            if (stall > 0) {
                stallMillis = 0;
                sleep(stall);
            }
        }
    }

    @Test
    void twoHundredStreamsEachSendFiftyFramesASecondOnPlatformThreads() throws Exception {
        try (RtpPacer pacer = new RtpPacer(2)) {
            List<Counting> streams = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                Counting s = new Counting();
                streams.add(s);
                pacer.add(s);
            }
            assertThat(pacer.streams()).isEqualTo(200);
            sleep(300); // every stream has begun
            Rate rate = Rate.overASecond(streams.stream().<LongSupplier>map(s -> s.frames::get).toList());
            RtpPacer.Stats stats = pacer.stats();
            System.out.printf("RtpPacer, 200 streams, 2 lanes: %s; %s%n", rate, stats);
            rate.assertAboutFiftyPerSecond();

            Map<Thread, Integer> perThread = new HashMap<>();
            for (Counting s : streams) {
                assertThat(s.threads).as("one lane per stream").hasSize(1);
                Thread t = s.threads.iterator().next();
                assertThat(t.isVirtual()).isFalse();
                assertThat(t.getName()).startsWith("rtp-pacer-");
                perThread.merge(t, 1, Integer::sum);
            }
            assertThat(perThread.values()).as("spread over the lanes").containsExactlyInAnyOrder(100, 100);

            assertThat(stats.streams()).isEqualTo(200);
            assertSane(stats);
            long sentBefore = streams.stream().mapToLong(s -> s.frames.get()).sum();
            long recorded = pacer.stats().frames();
            long sentAfter = streams.stream().mapToLong(s -> s.frames.get()).sum();
            assertThat(recorded).as("one lateness per frame").isBetween(sentBefore - 200, sentAfter);
        }
    }

    @Test
    void aLateTickDoesNotShiftTheSchedule() throws Exception {
        try (RtpPacer pacer = new RtpPacer(1)) {
            Counting stream = countingOn(pacer);
            sleep(200);
            int before = stream.frames.get();
            long started = System.nanoTime();
            stream.stallMillis = 70; // 3.5 ticks: made up by sending the frames back to back
            sleep(1000);
            double ticks = (System.nanoTime() - started) / (double) RtpPacer.TICK_NANOS;
            int sent = stream.frames.get() - before;
            System.out.printf("RtpPacer after a 70 ms stall: %d frames in %.1f ticks; %s%n", sent, ticks, pacer.stats());
            assertThat((double) sent).isBetween(ticks - 4, ticks + 2);
            assertThat(stream.missed.get()).isZero();
            assertThat(pacer.stats().lateFrames()).isGreaterThanOrEqualTo(1);
            assertThat(pacer.stats().maxMicros()).isGreaterThanOrEqualTo(40_000);
        }
    }

    @Test
    void aLongStallStartsTheScheduleAnewAndTellsTheTicksMissed() throws Exception {
        try (RtpPacer pacer = new RtpPacer(1)) {
            Counting stream = countingOn(pacer);
            sleep(100);
            stream.stallMillis = 300; // 15 ticks
            sleep(400);
            int afterStall = stream.frames.get();
            sleep(200);
            System.out.printf("RtpPacer after a 300 ms stall: %d ticks missed%n", stream.missed.get());
            assertThat(stream.missed.get()).isBetween(10, 16);
            assertThat(stream.frames.get() - afterStall).as("frames in 200 ms after it").isBetween(6, 12);
        }
    }

    @Test
    void aRemovedStreamSendsNoMoreAndAFailingOneIsTakenOff() throws Exception {
        try (RtpPacer pacer = new RtpPacer(2)) {
            Counting kept = new Counting(), removed = new Counting();
            AtomicLong failures = new AtomicLong();
            RtpPacer.Stream failing = missed -> {
                failures.incrementAndGet();
                throw new IllegalStateException("broken stream");
            };
            pacer.add(kept);
            pacer.add(removed);
            pacer.add(failing);
            sleep(200);
            pacer.remove(removed);
            int frozen = removed.frames.get();
            sleep(200);
            assertThat(removed.frames.get()).isBetween(frozen, frozen + 1);
            assertThat(failures.get()).isEqualTo(1);
            assertThat(kept.frames.get()).isGreaterThan(10);
            assertThat(pacer.streams()).isEqualTo(1);
        }
    }

    @Test
    void closeStopsTheLanes() {
        RtpPacer pacer = new RtpPacer(3);
        Counting stream = countingOn(pacer);
        sleep(100);
        pacer.close();
        int frozen = stream.frames.get();
        sleep(100);
        assertThat(stream.frames.get()).isEqualTo(frozen);
        assertThat(stream.threads).hasSize(1).noneMatch(Thread::isAlive);
    }

    @Test
    void latenessPercentilesAreWithinTheirBucket() {
        Lateness lateness = new Lateness(20_000);
        for (int i = 1; i <= 1000; i++) lateness.record(i * 10L); // 10 µs … 10 ms
        lateness.record(25_000);
        lateness.record(-5); // a clock that went backwards counts as on time
        long[] counts = Lateness.newCounts();
        lateness.addTo(counts);
        assertThat(lateness.frames()).isEqualTo(1002);
        assertThat(lateness.max()).isEqualTo(25_000);
        assertThat(lateness.late()).isEqualTo(1);
        assertThat(Lateness.quantile(counts, 0.5)).isBetween(5000L, 5000L * 17 / 16);
        assertThat(Lateness.quantile(counts, 0.99)).isBetween(9900L, 9900L * 17 / 16);
        assertThat(Lateness.quantile(counts, 0.0)).isZero();
        assertThat(Lateness.quantile(Lateness.newCounts(), 0.5)).isZero();
        for (long v = 0; v < 1 << 20; v += 7) {
            assertThat(Lateness.upperBound(Lateness.index(v))).as("bucket of %d", v).isBetween(v, Math.max(v, v + v / 16));
        }
    }

    /** How many frames each of some streams sent in about a second of real time. */
    record Rate(long min, long max, double seconds) {
        static Rate overASecond(List<LongSupplier> frameCounts) {
            long[] before = frameCounts.stream().mapToLong(LongSupplier::getAsLong).toArray();
            long started = System.nanoTime();
            sleep(1000);
            double seconds = (System.nanoTime() - started) / 1e9;
            long min = Long.MAX_VALUE, max = 0;
            for (int i = 0; i < before.length; i++) {
                long sent = frameCounts.get(i).getAsLong() - before[i];
                min = Math.min(min, sent);
                max = Math.max(max, sent);
            }
            return new Rate(min, max, seconds);
        }

        /** Generous bounds: the machine may be a busy 2-core VM. */
        void assertAboutFiftyPerSecond() {
            assertThat(min).as("fewest frames of a stream in %.2f s", seconds).isGreaterThanOrEqualTo((long) (40 * seconds));
            assertThat(max).as("most frames of a stream in %.2f s", seconds).isLessThanOrEqualTo((long) (60 * seconds) + 1);
        }

        @Override
        public String toString() { return String.format("%d–%d frames per stream in %.2f s", min, max, seconds); }
    }

    static void assertSane(RtpPacer.Stats stats) {
        assertThat(stats.frames()).isPositive();
        assertThat(stats.p50Micros()).isLessThanOrEqualTo(stats.p99Micros());
        assertThat(stats.p99Micros()).isLessThanOrEqualTo(stats.maxMicros());
    }

    private static Counting countingOn(RtpPacer pacer) {
        Counting stream = new Counting();
        pacer.add(stream);
        return stream;
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aLanesFramesLeaveSpreadOverTheTickNotInOneBurst() throws Exception {
        try (RtpPacer pacer = new RtpPacer(1)) {
            Set<Long> millisecondsOfTheTick = ConcurrentHashMap.newKeySet();
            long origin = System.nanoTime();
            for (int i = 0; i < 40; i++) pacer.add(missed -> millisecondsOfTheTick.add(((System.nanoTime() - origin) / 1_000_000) % 20));
            sleep(500);
            // 40 streams over 20 slots of 1 ms: frames leave in (nearly) every millisecond of the 20
            assertThat(millisecondsOfTheTick.size()).as("%s", millisecondsOfTheTick).isGreaterThanOrEqualTo(15);
        }
    }

    @Test
    void recentStatsCoverOnlyTheTimeSinceTheLastLook() throws Exception {
        try (RtpPacer pacer = new RtpPacer(1)) {
            Counting stream = countingOn(pacer);
            sleep(1100);
            pacer.recent(); // starts a window
            sleep(1100);
            RtpPacer.Stats window = pacer.recent();
            RtpPacer.Stats all = pacer.stats();
            System.out.printf("RtpPacer recent window %s, all %s%n", window, all);
            assertThat(window.frames()).isBetween(40L, 70L); // ~55 frames in 1.1 s
            assertThat(all.frames()).isGreaterThan(window.frames() + 40);
            assertThat(pacer.recent()).as("asked again within a second: the same window").isEqualTo(window);
            assertThat(stream.frames.get()).isGreaterThan(90);
        }
    }
}
