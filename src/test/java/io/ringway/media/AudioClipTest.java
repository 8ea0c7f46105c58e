package io.ringway.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class AudioClipTest {

    @Test
    void ofPcmCopiesAndPcmReturnsACopy() {
        short[] samples = {1, 2, 3};
        AudioClip clip = AudioClip.ofPcm(samples);
        samples[0] = 99;
        assertThat(clip.sample(0)).isEqualTo((short) 1);
        clip.pcm()[1] = 99;
        assertThat(clip.sample(1)).isEqualTo((short) 2);
    }

    @Test
    void durationsAndSlicesAreInMilliseconds() {
        AudioClip clip = AudioClip.concat(List.of(AudioClip.silence(500), AudioClip.ofPcm(new short[4000])));
        assertThat(clip.length()).isEqualTo(8000);
        assertThat(clip.durationMillis()).isEqualTo(1000);
        assertThat(clip.slice(250, 750).length()).isEqualTo(4000);
        assertThat(clip.slice(-100, 100).length()).isEqualTo(800);
        assertThat(clip.slice(900, 5000).length()).isEqualTo(800);
        assertThat(clip.slice(600, 600).length()).isZero();
        assertThat(clip.slice(700, 100).length()).isZero();
        assertThat(clip.slice(Long.MIN_VALUE, Long.MAX_VALUE)).isEqualTo(clip);
    }

    @Test
    void concatKeepsOrder() {
        AudioClip a = AudioClip.ofPcm(new short[] {1, 2}), b = AudioClip.ofPcm(new short[] {3});
        assertThat(AudioClip.concat(List.of(a, b, a)).pcm()).containsExactly(1, 2, 3, 1, 2);
        assertThat(AudioClip.concat(List.of()).length()).isZero();
    }

    @Test
    void rmsOfAFullScaleSquareWaveAndOfSilence() {
        short[] square = new short[800];
        for (int i = 0; i < square.length; i++) square[i] = (short) (i % 2 == 0 ? 1000 : -1000);
        assertThat(AudioClip.ofPcm(square).rms()).isEqualTo(1000.0);
        assertThat(AudioClip.silence(100).rms()).isZero();
        assertThat(AudioClip.silence(0).rms()).isZero();
    }

    @Test
    void encodesOneByteASample() {
        AudioClip clip = AudioClip.ofPcm(new short[] {0, 32767, -32768});
        assertThat(clip.muLaw()).containsExactly(0xFF, 0x80, 0x00);
        assertThat(clip.aLaw()).containsExactly(0xD5, 0xAA, 0x2A);
    }
}
