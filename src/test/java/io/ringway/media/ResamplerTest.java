package io.ringway.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ResamplerTest {
    private static final int ESPEAK_RATE = 22_050;

    /** The middle of a resampled signal: the filter's reach at each end sees zeros beyond the input. */
    private static float[] middle(float[] s) {
        int edge = s.length / 10;
        float[] m = new float[s.length - 2 * edge];
        System.arraycopy(s, edge, m, 0, m.length);
        return m;
    }

    @Test
    void oneKilohertzKeepsItsFrequencyAndLevel() {
        float[] in = Signals.sine(1000, ESPEAK_RATE, 1, 10000);
        float[] out = Resampler.resample(in, ESPEAK_RATE, 8000);
        assertThat(out.length).isEqualTo(8000);
        float[] m = middle(out);
        assertThat(Signals.dominant(m, 8000)).isCloseTo(1000, within(5.0));
        assertThat(Signals.db(Signals.rms(m, 0, m.length) / (10000 / Math.sqrt(2)))).isCloseTo(0, within(0.1));
    }

    @Test
    void fiveKilohertzAboveTheNewNyquistIsRemoved() {
        float[] in = Signals.sine(5000, ESPEAK_RATE, 1, 10000);
        float[] m = middle(Resampler.resample(in, ESPEAK_RATE, 8000));
        double inRms = Signals.rms(in, 0, in.length);
        // without the filter 5 kHz would fold back to 3 kHz at full level
        assertThat(Signals.db(Signals.rms(m, 0, m.length) / inRms)).isLessThan(-40);
        assertThat(Signals.db(Signals.amplitude(m, 3000, 8000) / 10000)).isLessThan(-40);
    }

    @Test
    void passBandIsFlatToTheTelephoneBandEdge() {
        for (int hz : new int[] {300, 2000, 3000, 3300}) {
            float[] m = middle(Resampler.resample(Signals.sine(hz, 44_100, 0.5, 10000), 44_100, 8000));
            assertThat(Signals.db(Signals.rms(m, 0, m.length) / (10000 / Math.sqrt(2)))).as("%d Hz", hz).isCloseTo(0, within(0.2));
        }
    }

    @Test
    void upsamplingKeepsTheTone() {
        float[] m = middle(Resampler.resample(Signals.sine(440, 6000, 1, 8000), 6000, 8000));
        assertThat(Signals.dominant(m, 8000)).isCloseTo(440, within(5.0));
        assertThat(Signals.db(Signals.rms(m, 0, m.length) / (8000 / Math.sqrt(2)))).isCloseTo(0, within(0.1));
    }

    @Test
    void oddRatesWork() {
        // 11,111 Hz: 8,000 phases of 91 taps, still a table; 44,101 Hz: too many phases, the interpolated kernel
        for (int rate : new int[] {11_111, 44_101}) {
            float[] out = Resampler.resample(Signals.sine(700, rate, 1, 8000), rate, 8000);
            assertThat(out.length).as("%d Hz", rate).isEqualTo(8000); // one second in, one second out
            float[] m = middle(out);
            assertThat(Signals.dominant(m, 8000)).as("%d Hz", rate).isCloseTo(700, within(5.0));
            assertThat(Signals.db(Signals.rms(m, 0, m.length) / (8000 / Math.sqrt(2)))).as("%d Hz", rate).isCloseTo(0, within(0.1));
        }
    }

    @Test
    void polyphaseTableAndInterpolatedKernelAgree() {
        float[] in = Signals.sine(1234, ESPEAK_RATE, 0.5, 10000);
        float[] table = Resampler.resample(in, ESPEAK_RATE, 8000);
        float[] kernel = Resampler.interpolated(in, ESPEAK_RATE, 8000);
        assertThat(table).hasSameSizeAs(kernel);
        double diff = 0;
        for (int i = 0; i < table.length; i++) diff = Math.max(diff, Math.abs(table[i] - kernel[i]));
        assertThat(Signals.db(diff / 10000)).isLessThan(-90);
    }
}
