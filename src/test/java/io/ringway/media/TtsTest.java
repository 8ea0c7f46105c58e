package io.ringway.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TtsTest {
    private static final Speech GREETING = Speech.text(EspeakNgTest.ENGLISH, "en");

    /** Counts the runs of the engine it wraps. */
    static final class Counting implements TtsEngine {
        final TtsEngine engine;
        final AtomicInteger runs = new AtomicInteger();

        Counting(TtsEngine engine) { this.engine = engine; }

        @Override
        public String name() { return engine.name(); }

        @Override
        public AudioClip speak(Speech speech) throws TtsException {
            runs.incrementAndGet();
            return engine.speak(speech);
        }
    }

    /** A slow engine (so concurrent callers overlap) that can be told to fail. */
    static final class Slow implements TtsEngine {
        final AtomicBoolean fail = new AtomicBoolean();

        @Override
        public String name() { return "slow"; }

        @Override
        public AudioClip speak(Speech speech) throws TtsException {
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                throw new TtsException("interrupted");
            }
            if (fail.get()) throw new TtsException("engine broke");
            return AudioClip.ofPcm(new short[] {(short) speech.text().length(), 1, 2, 3});
        }
    }

    @Test
    void secondCallIsAHitWithoutRunningEspeak(@TempDir Path dir) throws Exception {
        Counting espeak = new Counting(new EspeakNg());
        Tts tts = new Tts(espeak, dir, 16 << 20);
        long t0 = System.nanoTime();
        AudioClip first = tts.speak(GREETING);
        long miss = System.nanoTime() - t0;
        long t1 = System.nanoTime();
        AudioClip second = tts.speak(GREETING);
        long hit = System.nanoTime() - t1;
        System.out.printf("Tts: miss %.1f ms (espeak-ng run, resample), memory hit %.3f ms%n", miss / 1e6, hit / 1e6);
        assertThat(espeak.runs).hasValue(1);
        assertThat(second).isSameAs(first);
        assertThat(hit).isLessThan(miss / 20);
        assertThat(hit).isLessThan(5_000_000);
    }

    @Test
    void theDiskCacheSurvivesANewTts(@TempDir Path dir) throws Exception {
        Tts before = new Tts(new EspeakNg(), dir, 16 << 20);
        AudioClip said = before.speak(GREETING);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactly(before.key(GREETING) + ".wav");
        }
        assertThat(before.key(GREETING)).matches("[0-9a-f]{64}");

        Counting espeak = new Counting(new EspeakNg());
        Tts after = new Tts(espeak, dir, 16 << 20);
        long t0 = System.nanoTime();
        AudioClip again = after.speak(GREETING);
        System.out.printf("Tts: disk hit after restart %.2f ms%n", (System.nanoTime() - t0) / 1e6);
        assertThat(espeak.runs).hasValue(0);
        assertThat(again).isEqualTo(said);
    }

    @Test
    void everyPartOfTheKeyMatters(@TempDir Path dir) throws Exception {
        Counting espeak = new Counting(new EspeakNg());
        Tts tts = new Tts(espeak, dir, 16 << 20);
        tts.speak(Speech.text("Hallo", "de"));
        tts.speak(Speech.text("Hallo", "en"));
        tts.speak(new Speech("Hallo", "en", "en-us", false));
        tts.speak(Speech.ssml("Hallo", "en"));
        tts.speak(Speech.text("Hallo!", "en"));
        assertThat(espeak.runs).hasValue(5);
        tts.speak(Speech.text("Hallo", "DE"));
        assertThat(espeak.runs).as("language tags are case-insensitive").hasValue(5);
    }

    @Test
    void concurrentIdenticalRequestsSynthesizeOnce() throws Exception {
        Counting slow = new Counting(new Slow());
        Tts tts = new Tts(slow, null, 1 << 20);
        int callers = 8;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<AudioClip>> answers = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < callers; i++) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return tts.speak(Speech.text("same words", "en"));
                }));
            }
            start.countDown();
            AudioClip first = answers.get(0).get();
            for (Future<AudioClip> a : answers) assertThat(a.get()).isSameAs(first);
        }
        assertThat(slow.runs).hasValue(1);
    }

    @Test
    void aFailureReachesEveryWaiterAndIsNotCached() throws Exception {
        Slow engine = new Slow();
        Counting slow = new Counting(engine);
        Tts tts = new Tts(slow, null, 1 << 20);
        engine.fail.set(true);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<AudioClip>> answers = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 4; i++) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return tts.speak(Speech.text("words", "en"));
                }));
            }
            start.countDown();
            for (Future<AudioClip> a : answers) {
                assertThatThrownBy(a::get).hasCauseInstanceOf(TtsException.class).hasMessageContaining("engine broke");
            }
        }
        assertThat(slow.runs).hasValue(1);
        engine.fail.set(false);
        assertThat(tts.speak(Speech.text("words", "en")).length()).isEqualTo(4);
        assertThat(slow.runs).hasValue(2);
    }

    @Test
    void anUnreadableCacheFileIsSynthesizedAgain(@TempDir Path dir) throws Exception {
        Counting slow = new Counting(new Slow());
        Tts tts = new Tts(slow, dir, 0); // no memory cache: every call looks at the disk
        Speech s = Speech.text("words", "en");
        AudioClip clip = tts.speak(s);
        assertThat(tts.speak(s)).isEqualTo(clip);
        assertThat(slow.runs).hasValue(1);
        Files.writeString(dir.resolve(tts.key(s) + ".wav"), "garbage");
        assertThat(tts.speak(s)).isEqualTo(clip);
        assertThat(slow.runs).hasValue(2);
        assertThat(Wav.read(Files.readAllBytes(dir.resolve(tts.key(s) + ".wav")))).isEqualTo(clip);
    }

    @Test
    void memoryIsBoundedByBytesAndEvictsTheLeastRecentlyUsed() {
        AudioClip second = AudioClip.silence(1000); // 16,000 bytes of samples
        ClipMemory memory = new ClipMemory(3 * (16_000 + 200));
        memory.put("a", second);
        memory.put("b", second);
        memory.put("c", second);
        assertThat(memory.get("a")).isNotNull(); // a is now the most recently used
        memory.put("d", second);
        assertThat(memory.get("b")).isNull();
        assertThat(memory.get("a")).isNotNull();
        assertThat(memory.get("c")).isNotNull();
        assertThat(memory.get("d")).isNotNull();
        assertThat(memory.usedBytes()).isLessThanOrEqualTo(3 * (16_000 + 200));
        memory.put("huge", AudioClip.silence(10_000));
        assertThat(memory.get("huge")).isNull();
        assertThat(memory.size()).isEqualTo(3);
    }
}
