package io.ringway.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** espeak-ng for real (.ci/run installs it). Durations are printed so a change of espeak-ng version shows. */
class EspeakNgTest {
    static final String GERMAN = "Guten Tag, Ihr Termin beim Zahnarzt ist morgen um neun Uhr."; // 11 words
    static final String ENGLISH = "Hello, your appointment with the dentist is tomorrow at nine."; // 10 words
    private static final double SILENT = 100; // RMS of a 20 ms window; speech is in the thousands

    private final EspeakNg espeak = new EspeakNg();

    @BeforeAll
    static void espeakIsThere() {
        assertThat(EspeakNg.installed()).as("espeak-ng must be installed (apt-get install espeak-ng; .ci/run does it)").isTrue();
    }

    @Test
    void germanAndEnglishSentencesAreSpeech() throws Exception {
        AudioClip de = espeak.speak(Speech.text(GERMAN, "de"));
        AudioClip en = espeak.speak(Speech.text(ENGLISH, "en-GB"));
        System.out.printf("espeak-ng: German sentence %d ms, English sentence %d ms%n", de.durationMillis(), en.durationMillis());
        for (AudioClip clip : new AudioClip[] {de, en}) {
            assertThat(clip.durationMillis()).isBetween(2000L, 6000L);
            double[] windows = Signals.windowRms(clip);
            double[] middle = Arrays.copyOfRange(windows, windows.length / 4, windows.length * 3 / 4);
            long voiced = Arrays.stream(middle).filter(r -> r > 10 * SILENT).count();
            assertThat(voiced).as("20 ms windows with speech in the middle half").isGreaterThan(middle.length * 6L / 10);
            assertThat(Arrays.stream(middle).max().orElseThrow()).isGreaterThan(3000);
        }
        assertThat(de).isNotEqualTo(en);
        Path target = Path.of("target");
        Files.write(target.resolve("espeak-de.wav"), Wav.write(de)); // listen: aplay target/espeak-de.wav
        Files.write(target.resolve("espeak-en.wav"), Wav.write(en));
        byte[] written = Files.readAllBytes(target.resolve("espeak-de.wav"));
        assertThat(ByteBuffer.wrap(written).order(ByteOrder.LITTLE_ENDIAN).getInt(24)).isEqualTo(8000);
    }

    @Test
    void theSameWordSoundsDifferentInGermanAndEnglish() throws Exception {
        AudioClip de = espeak.speak(Speech.text("Information", "de"));
        AudioClip en = espeak.speak(Speech.text("Information", "en"));
        AudioClip us = espeak.speak(new Speech("Information", "en", "en-us", false));
        assertThat(de).isNotEqualTo(en);
        assertThat(us).isNotEqualTo(en);
        assertThat(espeak.speak(Speech.text("Information", "de-AT"))).isEqualTo(de); // region without a voice: the language's
    }

    @Test
    void ssmlBreakIsTwoSecondsOfSilence() throws Exception {
        AudioClip plain = espeak.speak(Speech.text("Please hold the line. We connect you now.", "en"));
        AudioClip ssml = espeak.speak(Speech.ssml(
                "<speak>Please hold the line.<break time=\"2s\"/>We connect you now.</speak>", "en"));
        long plainGap = longestSilenceMillis(plain), ssmlGap = longestSilenceMillis(ssml);
        System.out.printf("espeak-ng: longest pause without break %d ms, with <break time=\"2s\"/> %d ms (%d ms in all)%n",
                plainGap, ssmlGap, ssml.durationMillis());
        assertThat(plainGap).isLessThan(800);
        assertThat(ssmlGap).isBetween(1800L, 2600L);
        assertThat(ssml.durationMillis() - plain.durationMillis()).isBetween(1500L, 2800L);
    }

    @Test
    void ssmlLanguageSwitchesAreRead() throws Exception {
        // the markup itself must not be spoken: a tagged sentence lasts about as long as the bare one
        AudioClip bare = espeak.speak(Speech.text("Your code is 4711.", "en"));
        AudioClip tagged = espeak.speak(Speech.ssml("<speak xml:lang=\"en\"><s>Your code is 4711.</s></speak>", "en"));
        assertThat((double) tagged.durationMillis()).isBetween(bare.durationMillis() * 0.8, bare.durationMillis() * 1.3);
    }

    @Test
    void unknownLanguageOrVoiceIsRefusedWithEspeaksReason() {
        assertThatThrownBy(() -> espeak.speak(Speech.text("hello", "xx-YY"))).isInstanceOf(TtsException.class)
                .hasMessageContaining("does not exist");
        assertThatThrownBy(() -> espeak.speak(new Speech("hello", "en", "--help", false))).isInstanceOf(TtsException.class)
                .hasMessageContaining("not an espeak-ng voice");
        assertThatThrownBy(() -> espeak.speak(Speech.text("  ", "en"))).isInstanceOf(TtsException.class).hasMessageContaining("empty");
    }

    @Test
    void textGoesOnStdinAndStderrIntoTheException(@TempDir Path dir) throws Exception {
        Path script = stub(dir, "echo \"$@\" > " + dir.resolve("args") + "; cat > " + dir.resolve("stdin") + "; echo boom >&2; exit 3");
        EspeakNg stub = new EspeakNg(script.toString(), Duration.ofSeconds(10));
        assertThatThrownBy(() -> stub.speak(new Speech("secret text; rm -rf /", "en", "en", true)))
                .isInstanceOf(TtsException.class).hasMessageContaining("exit 3").hasMessageContaining("boom");
        assertThat(Files.readString(dir.resolve("stdin"))).isEqualTo("secret text; rm -rf /");
        assertThat(Files.readString(dir.resolve("args")).strip()).isEqualTo("--stdout --stdin -b 1 -v en -m");
    }

    @Test
    void aRunThatHangsIsKilled(@TempDir Path dir) throws Exception {
        EspeakNg stub = new EspeakNg(stub(dir, "exec sleep 30").toString(), Duration.ofSeconds(1));
        long started = System.nanoTime();
        assertThatThrownBy(() -> stub.speak(new Speech("hello", "en", "en", false)))
                .isInstanceOf(TtsException.class).hasMessageContaining("did not finish within 1 s");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }

    private static Path stub(Path dir, String body) throws Exception {
        Path script = dir.resolve("fake-espeak");
        Files.writeString(script, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script;
    }

    static long longestSilenceMillis(AudioClip clip) {
        long longest = 0, run = 0;
        for (double r : Signals.windowRms(clip)) {
            run = r < SILENT ? run + 20 : 0;
            longest = Math.max(longest, run);
        }
        return longest;
    }
}
