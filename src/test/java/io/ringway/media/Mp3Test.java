package io.ringway.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Mp3Test {

    static byte[] toneMp3() throws IOException {
        try (InputStream in = Mp3Test.class.getResourceAsStream("/media/tone-440hz-1s.mp3")) {
            return in.readAllBytes();
        }
    }

    @Test
    void decodesTheToneToOneSecondAt440Hz() throws Exception {
        byte[] mp3 = toneMp3();
        assertThat(new String(mp3, 0, 3)).isEqualTo("ID3");
        AudioClip clip = AudioClip.decode(mp3);
        // encoder and decoder delay and the padding to whole frames add up to ~0.1 s
        assertThat(clip.durationMillis()).isBetween(1000L, 1150L);
        float[] s = Signals.toFloats(clip.slice(200, 800).pcm());
        assertThat(Signals.dominant(s, 8000)).isCloseTo(440, within(5.0));
        // written with amplitude 16000: a 32 kbit/s encoding keeps the level within 1 dB
        assertThat(Signals.db(Signals.amplitude(s, 440, 8000) / 16000)).isCloseTo(0, within(1.0));
    }

    @Test
    void foundByFrameSyncWithoutATag() throws Exception {
        byte[] mp3 = toneMp3();
        int tag = 10 + ((mp3[6] & 0x7F) << 21 | (mp3[7] & 0x7F) << 14 | (mp3[8] & 0x7F) << 7 | (mp3[9] & 0x7F)); // syncsafe size
        byte[] bare = Arrays.copyOfRange(mp3, tag, mp3.length);
        assertThat(bare[0] & 0xFF).isEqualTo(0xFF);
        assertThat(AudioClip.decode(bare).durationMillis()).isBetween(1000L, 1150L);
    }

    @Test
    void garbageAfterTheSyncIsRefused() {
        assertThatThrownBy(() -> AudioClip.decode(new byte[] {(byte) 0xFF, (byte) 0xFB, 1, 2, 3}))
                .isInstanceOf(AudioFormatException.class);
        assertThatThrownBy(() -> AudioClip.decode("ID3 and nothing else".getBytes())).isInstanceOf(AudioFormatException.class);
        Random random = new Random(7);
        for (int i = 0; i < 500; i++) {
            byte[] garbage = new byte[random.nextInt(3000)];
            random.nextBytes(garbage);
            if (garbage.length > 2) {
                garbage[0] = (byte) 0xFF;
                garbage[1] = (byte) 0xFB;
            }
            try {
                AudioClip.decode(garbage);
            } catch (AudioFormatException expected) {
                // refused, as it should be
            }
        }
    }

    @Test
    void aTruncatedFileKeepsTheFramesBeforeTheCut() throws Exception {
        byte[] mp3 = toneMp3();
        AudioClip half = AudioClip.decode(Arrays.copyOf(mp3, mp3.length / 2));
        assertThat(half.durationMillis()).isBetween(400L, 600L);
    }
}
