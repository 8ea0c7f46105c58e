package io.ringway.media;

import static io.ringway.media.Signals.concat;
import static io.ringway.media.Signals.dtmf;
import static io.ringway.media.Signals.silence;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Talk-off: speech on the line must not sound like a key. Sentences by espeak-ng, heard through G.711 µ-law. */
class DtmfSpeechTest {
    private static final String[][] SENTENCES = {
            {"de", EspeakNgTest.GERMAN},
            {"de", "Drücken Sie die Eins für den Verkauf, die Zwei für den Kundendienst, oder bleiben Sie in der Leitung."},
            {"de", "Zwölf Boxkämpfer jagen Viktor quer über den großen Sylter Deich. Sieben, acht, neun, zehn!"},
            {"en", EspeakNgTest.ENGLISH},
            {"en", "Press one for sales, two for support, or stay on the line to speak to an operator."},
            {"en", "She sells sea shells by the sea shore. Eeeeee, ooooh, mmmmm, whistle, beep!"},
    };
    private static final String[] VOICES = {"", "+f3", "+m3", "+f5"}; // espeak-ng's default, two women, a man

    private final EspeakNg espeak = new EspeakNg();

    @BeforeAll
    static void espeakIsThere() {
        assumeTrue(EspeakNg.installed(), "espeak-ng is not installed (apt-get install espeak-ng; .ci/run does it)");
    }

    @Test
    void germanAndEnglishSpeechIsNoKey() throws Exception {
        long heard = 0;
        for (String[] sentence : SENTENCES) {
            for (String voice : VOICES) {
                AudioClip speech = espeak.speak(new Speech(sentence[1], sentence[0], sentence[0] + voice, false));
                heard += speech.durationMillis();
                assertThat(DtmfDetectorTest.detect(Signals.throughMuLaw(speech.pcm()))).as("%s%s: %s", sentence[0], voice, sentence[1]).isEmpty();
            }
        }
        System.out.printf("DTMF talk-off: %.1f s of speech, no key%n", heard / 1000.0);
        assertThat(heard).isGreaterThan(60_000);
    }

    @Test
    void keysAfterSpeechAreHeard() throws Exception {
        short[] speech = espeak.speak(Speech.text(SENTENCES[1][1], "de")).pcm();
        short[] gap = silence(50);
        short[] call = concat(speech, dtmf('1', -10, 50), gap, dtmf('2', -10, 50), gap, dtmf('3', -10, 50), gap, speech, dtmf('#', -10, 50), gap);
        assertThat(DtmfDetectorTest.detect(Signals.throughMuLaw(call))).isEqualTo("123#");
    }
}
