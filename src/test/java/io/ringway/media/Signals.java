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

    /** The row and column frequency of a DTMF key (ITU-T Q.23). */
    static double[] dtmfFrequencies(char key) {
        int at = "123A456B789C*0#D".indexOf(key);
        if (at < 0) throw new IllegalArgumentException("not a DTMF key: " + key);
        return new double[] {new double[] {697, 770, 852, 941}[at / 4], new double[] {1209, 1336, 1477, 1633}[at % 4]};
    }

    /** A DTMF key's two tones, each at its level in dBm0, {@code scale} times the nominal frequencies. */
    static short[] dtmf(char key, double rowDbm0, double columnDbm0, double millis, double scale) {
        double[] hz = dtmfFrequencies(key);
        double seconds = millis / 1000;
        float[] row = sine(hz[0] * scale, AudioClip.RATE, seconds, dbm0Peak(rowDbm0));
        float[] column = sine(hz[1] * scale, AudioClip.RATE, seconds, dbm0Peak(columnDbm0));
        for (int i = 0; i < row.length; i++) row[i] += column[i];
        return toShorts(row);
    }

    static short[] dtmf(char key, double dbm0, double millis) { return dtmf(key, dbm0, dbm0, millis, 1); }

    static double dbm0Peak(double dbm0) { return DtmfDetector.DBM0_PEAK * Math.pow(10, dbm0 / 20); }

    static short[] concat(short[]... parts) {
        int n = 0;
        for (short[] p : parts) n += p.length;
        short[] out = new short[n];
        int at = 0;
        for (short[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    static short[] silence(double millis) { return new short[(int) Math.round(millis * AudioClip.RATE / 1000)]; }

    /** What the far end hears: the samples through G.711 µ-law and back. */
    static short[] throughMuLaw(short[] pcm) {
        short[] out = new short[pcm.length];
        for (int i = 0; i < pcm.length; i++) out[i] = G711.muLawToLinear(G711.linearToMuLaw(pcm[i]));
        return out;
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
