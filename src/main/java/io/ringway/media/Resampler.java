package io.ringway.media;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Band-limited sample-rate conversion: each output sample is the input convolved with a Kaiser-windowed sinc
 * centred on its exact position (Smith's bandlimited interpolation), so any pair of rates works, 22,050 → 8,000 Hz
 * included, without an intermediate rate. The low-pass sits below the lower of the two Nyquist frequencies, so
 * downsampling removes what would alias instead of folding it back into the telephone band.
 *
 * <p>Design, in units of the lower rate's sample period: the cut-off is 0.925 of its Nyquist frequency (3.7 kHz at
 * 8 kHz), the window reaches 32 periods each side and has β = 8 (~80 dB stop band); the transition is then
 * ~630 Hz wide at 8 kHz, so the pass band reaches ~3.4 kHz (G.711's own band) and the stop band starts at ~4 kHz.
 *
 * <p>Two ways to evaluate the same filter. When the rates reduce to a ratio L/M with few phases (22,050 → 8,000 is
 * 160/441), a polyphase table holds the exact coefficients of each of the L output positions, and each output sample
 * is a plain dot product (3.4 s of espeak-ng speech: 12.5 → ~3 ms). Otherwise (odd rates like 44,101 Hz) the kernel
 * is read from a table of 512 points per period with linear interpolation (error below −100 dB).
 */
final class Resampler {
    private static final int HALF_WIDTH = 32;
    private static final double CUTOFF = 0.925;
    private static final double BETA = 8.0;
    private static final double I0_BETA = besselI0(BETA);
    private static final int RESOLUTION = 512;
    private static final float[] KERNEL = kernel();
    private static final long MAX_PHASE_TABLE = 1 << 20; // floats; above this the interpolated kernel is used
    private static final int MAX_KEPT_TABLE = 1 << 18;
    private static final int MAX_KEPT_TABLES = 16; // a file can claim any rate: no unbounded cache of tables
    private static final Map<Long, float[]> TABLES = new ConcurrentHashMap<>();

    private Resampler() {}

    /** {@code in} at {@code fromRate} as samples at {@code toRate}; same scale, length scaled by the rate ratio. */
    static float[] resample(float[] in, int fromRate, int toRate) {
        if (fromRate <= 0 || toRate <= 0) throw new IllegalArgumentException("rates must be positive");
        if (fromRate == toRate) return in.clone();
        int gcd = gcd(fromRate, toRate);
        int phases = toRate / gcd;
        int taps = 2 * reach(fromRate, toRate) + 1;
        if ((long) phases * taps > MAX_PHASE_TABLE) return interpolated(in, fromRate, toRate);
        return polyphase(in, fromRate / gcd, phases, taps, table(fromRate, toRate, phases, taps));
    }

    /** Input samples the filter reaches on each side of an output position. */
    private static int reach(int fromRate, int toRate) { return (int) Math.ceil(HALF_WIDTH / rho(fromRate, toRate)); }

    /** Scales input distances to periods of the lower rate, where the kernel is defined. */
    private static double rho(int fromRate, int toRate) { return Math.min(1.0, (double) toRate / fromRate); }

    /** Output n sits at input position n·M/L: whole part n·M / L, phase n·M mod L. */
    static float[] polyphase(float[] in, int m, int phases, int taps, float[] table) {
        int outLength = (int) ((long) in.length * phases / m);
        float[] out = new float[outLength];
        int half = taps / 2;
        for (int n = 0; n < outLength; n++) {
            long position = (long) n * m;
            int first = (int) (position / phases) - half;
            int row = (int) (position % phases) * taps;
            if (first >= 0 && first + taps <= in.length) {
                // four sums so the multiplications do not wait on one another
                float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
                int j = 0;
                for (; j + 3 < taps; j += 4) {
                    s0 += in[first + j] * table[row + j];
                    s1 += in[first + j + 1] * table[row + j + 1];
                    s2 += in[first + j + 2] * table[row + j + 2];
                    s3 += in[first + j + 3] * table[row + j + 3];
                }
                for (; j < taps; j++) s0 += in[first + j] * table[row + j];
                out[n] = (s0 + s1) + (s2 + s3);
            } else {
                float s = 0; // near the ends: the input is zero outside it
                for (int j = Math.max(0, -first); j < taps && first + j < in.length; j++) s += in[first + j] * table[row + j];
                out[n] = s;
            }
        }
        return out;
    }

    /** Coefficients per phase p (row p, tap j at input offset j − taps/2 from the whole part), computed exactly. */
    private static float[] table(int fromRate, int toRate, int phases, int taps) {
        long key = (long) fromRate << 32 | toRate;
        float[] kept = TABLES.get(key);
        if (kept != null) return kept;
        double rho = rho(fromRate, toRate);
        int half = taps / 2;
        float[] table = new float[phases * taps];
        for (int p = 0; p < phases; p++) {
            double fraction = (double) p / phases;
            for (int j = 0; j < taps; j++) table[p * taps + j] = (float) (rho * kernelAt(rho * Math.abs(j - half - fraction)));
        }
        if (table.length <= MAX_KEPT_TABLE && TABLES.size() < MAX_KEPT_TABLES) TABLES.put(key, table);
        return table;
    }

    static float[] interpolated(float[] in, int fromRate, int toRate) {
        int outLength = (int) ((long) in.length * toRate / fromRate);
        float[] out = new float[outLength];
        double rho = rho(fromRate, toRate);
        double reach = HALF_WIDTH / rho;
        double scale = rho * RESOLUTION;
        for (int n = 0; n < outLength; n++) {
            long position = (long) n * fromRate; // exact input position n * from / to, kept as integer and fraction
            double x = position / toRate + (double) (position % toRate) / toRate;
            int first = Math.max(0, (int) Math.ceil(x - reach));
            int last = Math.min(in.length - 1, (int) Math.floor(x + reach));
            double sum = 0;
            for (int k = first; k <= last; k++) {
                double u = Math.abs(x - k) * scale;
                int i = (int) u;
                float a = KERNEL[i];
                sum += in[k] * (a + (u - i) * (KERNEL[i + 1] - a));
            }
            out[n] = (float) (rho * sum);
        }
        return out;
    }

    /** c·sinc(c·u)·kaiser(u / HALF_WIDTH), u in periods of the lower rate; 0 beyond the window. */
    private static double kernelAt(double u) {
        if (u >= HALF_WIDTH) return 0;
        double t = u / HALF_WIDTH;
        double window = besselI0(BETA * Math.sqrt(1 - t * t)) / I0_BETA;
        double arg = Math.PI * CUTOFF * u;
        return CUTOFF * (u == 0 ? 1 : Math.sin(arg) / arg) * window;
    }

    /** One side of the kernel for u = 0 … HALF_WIDTH, RESOLUTION points per unit, and a 0 past the end. */
    private static float[] kernel() {
        int size = HALF_WIDTH * RESOLUTION;
        float[] k = new float[size + 2];
        for (int i = 0; i < size; i++) k[i] = (float) kernelAt((double) i / RESOLUTION);
        return k;
    }

    private static double besselI0(double x) {
        double sum = 1, term = 1, half = x / 2;
        for (int n = 1; n < 60 && term > 1e-12 * sum; n++) {
            term *= (half / n) * (half / n);
            sum += term;
        }
        return sum;
    }

    private static int gcd(int a, int b) {
        while (b != 0) {
            int t = a % b;
            a = b;
            b = t;
        }
        return a;
    }
}
