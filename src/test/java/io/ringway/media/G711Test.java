package io.ringway.media;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class G711Test {

    // Reference values from the ITU-T G.191 / Sun reference implementation (checked against Python's audioop).
    private static final int[][] MU_LAW = {
            {0, 0xFF}, {1, 0xFF}, {-1, 0x7E}, {8, 0xFE}, {100, 0xF2}, {-100, 0x72}, {1000, 0xCE}, {-1000, 0x4E},
            {4000, 0xAF}, {-4000, 0x2F}, {12345, 0x97}, {-12345, 0x17}, {32124, 0x80}, {32767, 0x80},
            {-32124, 0x00}, {-32768, 0x00}};
    private static final int[][] A_LAW = {
            {0, 0xD5}, {1, 0xD5}, {-1, 0x55}, {8, 0xD5}, {100, 0xD3}, {-100, 0x53}, {1000, 0xFA}, {-1000, 0x7A},
            {4000, 0x9A}, {-4000, 0x1A}, {12345, 0xBD}, {-12345, 0x3D}, {32767, 0xAA}, {-32768, 0x2A}};

    @Test
    void encodesKnownValues() {
        for (int[] v : MU_LAW) {
            assertThat(G711.linearToMuLaw((short) v[0]) & 0xFF).as("µ-law of %d", v[0]).isEqualTo(v[1]);
        }
        for (int[] v : A_LAW) {
            assertThat(G711.linearToALaw((short) v[0]) & 0xFF).as("A-law of %d", v[0]).isEqualTo(v[1]);
        }
    }

    @Test
    void decodesKnownValues() {
        int[][] mu = {{0x00, -32124}, {0x80, 32124}, {0xFF, 0}, {0x7F, 0}, {0x0F, -16764}, {0x8F, 16764}, {0x3C, -2364}};
        for (int[] v : mu) assertThat(G711.muLawToLinear((byte) v[0])).as("µ-law %02X", v[0]).isEqualTo((short) v[1]);
        int[][] a = {{0xD5, 8}, {0x55, -8}, {0xAA, 32256}, {0x2A, -32256}, {0x80, 5504}, {0x00, -5504}, {0x3C, -13056}};
        for (int[] v : a) assertThat(G711.aLawToLinear((byte) v[0])).as("A-law %02X", v[0]).isEqualTo((short) v[1]);
    }

    @Test
    void everyCodeDecodesToAValueThatEncodesBackToIt() {
        for (int b = 0; b < 256; b++) {
            short mu = G711.muLawToLinear((byte) b);
            // 0x7F is µ-law's "negative zero": it decodes to 0, which encodes as the positive zero 0xFF
            if (b != 0x7F) assertThat(G711.linearToMuLaw(mu) & 0xFF).as("µ-law %02X", b).isEqualTo(b);
            assertThat(G711.linearToALaw(G711.aLawToLinear((byte) b)) & 0xFF).as("A-law %02X", b).isEqualTo(b);
        }
    }

    @Test
    void roundTripErrorStaysWithinTheQuantizationStep() {
        int muMax = 0, aMax = 0;
        for (int x = Short.MIN_VALUE; x <= Short.MAX_VALUE; x++) {
            short s = (short) x;
            int mu = Math.abs(G711.muLawToLinear(G711.linearToMuLaw(s)) - x);
            int a = Math.abs(G711.aLawToLinear(G711.linearToALaw(s)) - x);
            if (Math.abs(x) < 256) {
                assertThat(mu).as("µ-law error at %d", x).isLessThanOrEqualTo(11);
                assertThat(a).as("A-law error at %d", x).isLessThanOrEqualTo(8);
            } else {
                // logarithmic: the step grows with the level, the relative error stays about constant
                assertThat(mu / (double) Math.abs(x)).as("µ-law relative error at %d", x).isLessThanOrEqualTo(0.0505);
                assertThat(a / (double) Math.abs(x)).as("A-law relative error at %d", x).isLessThanOrEqualTo(0.03125);
            }
            muMax = Math.max(muMax, mu);
            aMax = Math.max(aMax, a);
        }
        // the largest errors are at full scale, where both laws clip (µ-law to ±32124, A-law to ±32256)
        assertThat(muMax).isEqualTo(644);
        assertThat(aMax).isEqualTo(512);
    }

    @Test
    void sineKeepsAbout37DbSignalToNoise() {
        // 1020 Hz, the telephone test tone: not a divisor of 8 kHz, so the samples cover every phase
        short[] sine = Signals.toShorts(Signals.sine(1020, 8000, 1, 10000));
        AudioClip clip = AudioClip.ofPcm(sine);
        byte[] mu = clip.muLaw(), a = clip.aLaw();
        double signal = 0, muNoise = 0, aNoise = 0;
        for (int i = 0; i < sine.length; i++) {
            signal += (double) sine[i] * sine[i];
            muNoise += Math.pow(G711.muLawToLinear(mu[i]) - sine[i], 2);
            aNoise += Math.pow(G711.aLawToLinear(a[i]) - sine[i], 2);
        }
        System.out.printf("G.711 SNR of a 1020 Hz sine: µ-law %.1f dB, A-law %.1f dB%n",
                10 * Math.log10(signal / muNoise), 10 * Math.log10(signal / aNoise));
        assertThat(10 * Math.log10(signal / muNoise)).isBetween(35.0, 41.0);
        assertThat(10 * Math.log10(signal / aNoise)).isBetween(35.0, 41.0);
    }

    @Test
    void silenceIsTheIdleCodeOfEachLaw() {
        AudioClip silence = AudioClip.silence(20);
        assertThat(silence.length()).isEqualTo(160);
        assertThat(silence.muLaw()).hasSize(160).containsOnly((byte) 0xFF);
        assertThat(silence.aLaw()).hasSize(160).containsOnly((byte) 0xD5);
    }
}
