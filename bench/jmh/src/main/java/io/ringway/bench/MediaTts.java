package io.ringway.bench;

import io.ringway.media.AudioClip;
import io.ringway.media.AudioFormatException;
import io.ringway.media.EspeakNg;
import io.ringway.media.Speech;
import io.ringway.media.Tts;
import io.ringway.media.TtsException;
import io.ringway.media.Wav;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What a call waits for before it is answered: its announcement as G.711 µ-law, from the TTS cache or not.
 * <ul>
 *   <li>{@code hitMemory}: the clip is in the memory cache (the key is a SHA-256 of the text);</li>
 *   <li>{@code hitDisk}: memory cache off, so the WAV file is read and parsed (the first call after a restart);</li>
 *   <li>{@code miss}: a text never said before: espeak-ng runs, its 22,050 Hz output is resampled to 8 kHz, written to
 *   the cache directory, and encoded to µ-law;</li>
 *   <li>{@code muLaw}: encoding alone, for the same ~3.5 s sentence;</li>
 *   <li>{@code readEspeakWav}: espeak-ng's 22,050 Hz WAV of that sentence parsed and resampled to 8 kHz.</li>
 * </ul>
 * Needs espeak-ng installed.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class MediaTts {
    private static final Speech SENTENCE = Speech.text("Hello, your appointment with the dentist is tomorrow at nine.", "en");

    private Path dir;
    private Tts memory;
    private Tts disk;
    private AudioClip clip;
    private long misses;
    private byte[] espeakWav;

    @Setup
    public void setUp() throws IOException, TtsException {
        if (!EspeakNg.installed()) throw new IllegalStateException("espeak-ng is not installed (apt-get install espeak-ng)");
        dir = Files.createTempDirectory("ringway-jmh-tts");
        memory = new Tts(new EspeakNg(), dir, 64 << 20);
        disk = new Tts(new EspeakNg(), dir, 0);
        clip = memory.speak(SENTENCE);
        Process espeak = new ProcessBuilder("espeak-ng", "--stdout", "-v", "en", SENTENCE.text()).start();
        espeakWav = espeak.getInputStream().readAllBytes();
        disk.speak(SENTENCE);
    }

    @TearDown
    public void tearDown() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }

    @Benchmark
    public AudioClip hitMemory() throws TtsException { return memory.speak(SENTENCE); }

    @Benchmark
    public AudioClip hitDisk() throws TtsException { return disk.speak(SENTENCE); }

    @Benchmark
    @Warmup(iterations = 2, time = 3)
    @Measurement(iterations = 5, time = 3)
    public byte[] miss() throws TtsException {
        // the same sentence with a new number each time: same length of speech, never in the cache
        return memory.speak(Speech.text("Hello, your appointment number " + (++misses) + " is tomorrow at nine.", "en")).muLaw();
    }

    @Benchmark
    public byte[] muLaw() { return clip.muLaw(); }

    @Benchmark
    public AudioClip readEspeakWav() throws AudioFormatException { return Wav.read(espeakWav); }
}
