package io.ringway.media;

/** Test signals and measurements: sines, tone levels (Goertzel), the dominant frequency, windowed RMS. */
final class Signals {
    private Signals() {}

    static float[] sine(double hz, int rate, double seconds, double amplitude) {
        float[] s = new float[(int) Math.round(rate * seconds)];
        for (int i = 0; i < s.length; i++) s[i] = (float) (amplitude * Math.sin(2 * Math.PI * hz * i / rate));
        return s;
    }

    static short[] toShorts(float[] s) {
        short[] out = new short[s.length];
        for (int i = 0; i < s.length; i++) out[i] = (short) Math.round(s[i]);
        return out;
    }

    static float[] toFloats(short[] s) {
        float[] out = new float[s.length];
        for (int i = 0; i < s.length; i++) out[i] = s[i];
        return out;
    }

    /** Amplitude of the {@code hz} component of {@code s} (Goertzel, Hann window), in sample units. */
    static double amplitude(float[] s, double hz, int rate) {
        double coeff = 2 * Math.cos(2 * Math.PI * hz / rate);
        double q1 = 0, q2 = 0, windowSum = 0;
        for (int i = 0; i < s.length; i++) {
            double w = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / (s.length - 1));
            windowSum += w;
            double q0 = coeff * q1 - q2 + s[i] * w;
            q2 = q1;
            q1 = q0;
        }
        double power = q1 * q1 + q2 * q2 - coeff * q1 * q2;
        return 2 * Math.sqrt(Math.max(0, power)) / windowSum;
    }

    /** The frequency, on a 5 Hz grid up to Nyquist, with the most energy. */
    static double dominant(float[] s, int rate) {
        double best = 0, bestHz = 0;
        for (double hz = 50; hz < rate / 2.0; hz += 5) {
            double a = amplitude(s, hz, rate);
            if (a > best) {
                best = a;
                bestHz = hz;
            }
        }
        return bestHz;
    }

    static double rms(float[] s, int from, int to) {
        double sum = 0;
        for (int i = from; i < to; i++) sum += (double) s[i] * s[i];
        return Math.sqrt(sum / (to - from));
    }

    static double db(double ratio) { return 20 * Math.log10(ratio); }

    /** RMS of each 20 ms window of {@code clip}. */
    static double[] windowRms(AudioClip clip) {
        int w = AudioClip.RATE / 50;
        double[] out = new double[clip.length() / w];
        for (int i = 0; i < out.length; i++) out[i] = clip.slice(i * 20L, i * 20L + 20).rms();
        return out;
    }
}
