package io.ringway.media;

/**
 * Band-limited sample-rate conversion: each output sample is the input convolved with a Kaiser-windowed sinc
 * centred on its exact position (Smith's bandlimited interpolation), so any pair of rates works, 22,050 → 8,000 Hz
 * included, without an intermediate rate. The low-pass sits below the lower of the two Nyquist frequencies, so
 * downsampling removes what would alias instead of folding it back into the telephone band.
 *
 * <p>Design, in units of the lower rate's sample period: the cut-off is 0.925 of its Nyquist frequency (3.7 kHz at
 * 8 kHz), the window reaches 32 periods each side and has β = 8 (~80 dB stop band); the transition is then
 * ~630 Hz wide at 8 kHz, so the pass band reaches ~3.4 kHz (G.711's own band) and the stop band starts at ~4 kHz.
 * The kernel is tabulated once, 512 points per period, and read with linear interpolation (error below −100 dB).
 */
final class Resampler {
    private static final int HALF_WIDTH = 32;
    private static final double CUTOFF = 0.925;
    private static final double BETA = 8.0;
    private static final int RESOLUTION = 512;
    private static final float[] KERNEL = kernel();

    private Resampler() {}

    /** {@code in} at {@code fromRate} as samples at {@code toRate}; same scale, length scaled by the rate ratio. */
    static float[] resample(float[] in, int fromRate, int toRate) {
        if (fromRate <= 0 || toRate <= 0) throw new IllegalArgumentException("rates must be positive");
        if (fromRate == toRate) return in.clone();
        int outLength = (int) ((long) in.length * toRate / fromRate);
        float[] out = new float[outLength];
        // rho scales input distances to periods of the lower rate, where the kernel is defined
        double rho = Math.min(1.0, (double) toRate / fromRate);
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

    /** One side of c·sinc(c·u)·kaiser(u / HALF_WIDTH) for u = 0 … HALF_WIDTH, RESOLUTION points per unit. */
    private static float[] kernel() {
        int size = HALF_WIDTH * RESOLUTION;
        float[] k = new float[size + 2]; // the last two stay 0: u == HALF_WIDTH interpolates towards them
        double norm = besselI0(BETA);
        for (int i = 0; i <= size; i++) {
            double u = (double) i / RESOLUTION;
            double t = u / HALF_WIDTH;
            double window = besselI0(BETA * Math.sqrt(Math.max(0, 1 - t * t))) / norm;
            double arg = Math.PI * CUTOFF * u;
            double sinc = i == 0 ? 1 : Math.sin(arg) / arg;
            k[i] = (float) (CUTOFF * sinc * window);
        }
        return k;
    }

    private static double besselI0(double x) {
        double sum = 1, term = 1, half = x / 2;
        for (int n = 1; n < 50 && term > 1e-12 * sum; n++) {
            term *= (half / n) * (half / n);
            sum += term;
        }
        return sum;
    }
}
