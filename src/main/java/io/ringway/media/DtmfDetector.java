package io.ringway.media;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Key presses heard in call audio (in-band DTMF, ITU-T Q.23): 8 kHz linear PCM in, keys 0–9, *, #, A–D out, once
 * per press.
 *
 * <p>The eight DTMF frequencies are measured with the Goertzel algorithm over a sliding 25 ms window (200 samples,
 * 40 Hz resolution) that moves on every 5 ms: each 5 ms part gets its own Goertzel run, and a window's value per
 * frequency is the sum of its five parts' complex results, each turned to a common phase, so a window costs no more
 * than its 5 ms of new samples. A window holds a key when all of these hold (the numbers are in docs/media.md):
 * <ul>
 *   <li>the strongest low-group (row) and high-group (column) tones each reach {@link #MIN_TONE_DBM0};
 *   <li>twist: the row tone is at most {@link #NORMAL_TWIST_DB} stronger than the column tone and at most
 *       {@link #REVERSE_TWIST_DB} weaker (ITU-T Q.24's usual limits);
 *   <li>each of the two beats every other tone of its group by {@link #GROUP_MARGIN_DB};
 *   <li>the two tones hold {@link #MIN_TONE_SHARE} of the window's energy. Speech and noise spread their energy over
 *       many frequencies, a key's two sines do not. A window only partly filled with tone (at its start or end) holds
 *       about its filled share, so this also keeps the edges of a tone from counting;
 * </ul>
 * Each tone is measured at its frequency and 1.5 % either side, and the strongest of the three counts: Q.24 asks for
 * ±1.5 % to be heard, and one 25 ms window alone loses half the power of a tone 1.5 % off at 1633 Hz. A key is
 * reported once it held in {@link #MIN_WINDOWS} windows in a row (from about 30 ms of tone on; 40 ms always, 25 ms
 * never), and the same key again only after {@link #RELEASE_WINDOWS} windows without it: a held key is one press, a
 * dropout of 10 ms does not split it, a pause of 40 ms does.
 *
 * <p>Not thread-safe: one stream feeds it.
 */
final class DtmfDetector {
    static final double MIN_TONE_DBM0 = -35;
    static final double NORMAL_TWIST_DB = 8;
    static final double REVERSE_TWIST_DB = 4;
    static final double GROUP_MARGIN_DB = 8;
    static final double MIN_TONE_SHARE = 0.85;
    static final int MIN_WINDOWS = 3;
    static final int RELEASE_WINDOWS = 9;

    /** Peak of a 0 dBm0 sine in 16-bit samples: 3.14 dB below full scale, where G.711 puts it. */
    static final double DBM0_PEAK = 22_800;
    private static final double[] FREQUENCIES = {697, 770, 852, 941, 1209, 1336, 1477, 1633};
    private static final String KEYS = "123A456B789C*0#D"; // row by row
    private static final int PART = 40; // samples: 5 ms
    private static final int PARTS = 5;
    private static final int WINDOW = PART * PARTS;
    private static final int TONES = FREQUENCIES.length;

    private static final double MIN_TONE_ENERGY = sineEnergy(DBM0_PEAK * Math.pow(10, MIN_TONE_DBM0 / 20), WINDOW);
    private static final double NORMAL_TWIST = ratio(NORMAL_TWIST_DB), REVERSE_TWIST = ratio(REVERSE_TWIST_DB);
    private static final double GROUP_MARGIN = ratio(GROUP_MARGIN_DB);

    private static final double[] PROBES = {1 - 0.015, 1, 1 + 0.015}; // feed() runs the three side by side
    private static final int FILTERS = TONES * PROBES.length;
    private static final double[] COEFF = new double[FILTERS], COS = new double[FILTERS], SIN = new double[FILTERS];
    /** Turns a part's result by one part length back in phase, so that the parts of a window add up. */
    private static final double[] STEP_RE = new double[FILTERS], STEP_IM = new double[FILTERS];

    static {
        for (int f = 0; f < FILTERS; f++) {
            double w = 2 * Math.PI * FREQUENCIES[f / PROBES.length] * PROBES[f % PROBES.length] / AudioClip.RATE;
            COS[f] = Math.cos(w);
            SIN[f] = Math.sin(w);
            COEFF[f] = 2 * COS[f];
            STEP_RE[f] = Math.cos(w * PART);
            STEP_IM[f] = -Math.sin(w * PART);
        }
    }

    private final Consumer<Character> keys;
    // Goertzel state of the part being filled
    private final double[] s1 = new double[FILTERS], s2 = new double[FILTERS];
    private double partEnergy;
    private int partFill;
    // the last PARTS parts: complex result per filter, already turned to the common phase, and energy
    private final double[][] re = new double[PARTS][FILTERS], im = new double[PARTS][FILTERS];
    private final double[] energy = new double[PARTS];
    private final double[] tone = new double[TONES];
    private final double[] phaseRe = new double[FILTERS], phaseIm = new double[FILTERS];
    private long parts;
    // the key decision
    private char candidate;
    private int candidateWindows;
    private char held;
    private int withoutHeld;

    DtmfDetector(Consumer<Character> keys) {
        this.keys = keys;
        Arrays.fill(phaseRe, 1);
    }

    void feed(short[] pcm, int offset, int length) {
        int end = offset + length;
        for (int from = offset; from < end; ) {
            int to = Math.min(end, from + PART - partFill);
            // a tone's three probes together over the samples of this part: their state stays in registers, and three
            // independent recurrences keep the multiplier busy (twice as fast as one filter at a time)
            for (int f = 0; f < FILTERS; f += PROBES.length) {
                double c0 = COEFF[f], c1 = COEFF[f + 1], c2 = COEFF[f + 2];
                double a0 = s1[f], a1 = s1[f + 1], a2 = s1[f + 2], b0 = s2[f], b1 = s2[f + 1], b2 = s2[f + 2];
                for (int i = from; i < to; i++) {
                    double x = pcm[i];
                    double n0 = x + c0 * a0 - b0, n1 = x + c1 * a1 - b1, n2 = x + c2 * a2 - b2;
                    b0 = a0;
                    b1 = a1;
                    b2 = a2;
                    a0 = n0;
                    a1 = n1;
                    a2 = n2;
                }
                s1[f] = a0;
                s1[f + 1] = a1;
                s1[f + 2] = a2;
                s2[f] = b0;
                s2[f + 1] = b1;
                s2[f + 2] = b2;
            }
            for (int i = from; i < to; i++) partEnergy += (double) pcm[i] * pcm[i];
            partFill += to - from;
            from = to;
            if (partFill == PART) endPart();
        }
    }

    private void endPart() {
        int slot = (int) (parts % PARTS);
        for (int f = 0; f < FILTERS; f++) {
            // Goertzel's result for the part, up to a phase factor common to all parts: s1 - e^(-jw) s2
            double yRe = s1[f] - COS[f] * s2[f], yIm = SIN[f] * s2[f];
            re[slot][f] = yRe * phaseRe[f] - yIm * phaseIm[f];
            im[slot][f] = yRe * phaseIm[f] + yIm * phaseRe[f];
            double pRe = phaseRe[f] * STEP_RE[f] - phaseIm[f] * STEP_IM[f];
            double pIm = phaseRe[f] * STEP_IM[f] + phaseIm[f] * STEP_RE[f];
            double norm = Math.sqrt(pRe * pRe + pIm * pIm); // keeps rounding from growing over hours of audio
            phaseRe[f] = pRe / norm;
            phaseIm[f] = pIm / norm;
            s1[f] = 0;
            s2[f] = 0;
        }
        energy[slot] = partEnergy;
        partEnergy = 0;
        partFill = 0;
        if (++parts >= PARTS) decide(keyInWindow());
    }

    /** The key the last 25 ms hold, or 0. */
    private char keyInWindow() {
        double total = 0;
        for (int p = 0; p < PARTS; p++) total += energy[p];
        Arrays.fill(tone, 0);
        for (int f = 0; f < FILTERS; f++) {
            double sumRe = 0, sumIm = 0;
            for (int p = 0; p < PARTS; p++) {
                sumRe += re[p][f];
                sumIm += im[p][f];
            }
            double sine = 2 * (sumRe * sumRe + sumIm * sumIm) / WINDOW; // the energy of a sine at f in the window
            tone[f / PROBES.length] = Math.max(tone[f / PROBES.length], sine);
        }
        int row = strongest(tone, 0), col = strongest(tone, 4);
        double r = tone[row], c = tone[col];
        if (r < MIN_TONE_ENERGY || c < MIN_TONE_ENERGY) return 0;
        if (r > c * NORMAL_TWIST || c > r * REVERSE_TWIST) return 0;
        for (int f = 0; f < TONES; f++) {
            if (f != row && f != col && tone[f] * GROUP_MARGIN > (f < 4 ? r : c)) return 0;
        }
        if (r + c < MIN_TONE_SHARE * total) return 0;
        return KEYS.charAt(row * 4 + col - 4);
    }

    private void decide(char key) {
        if (held != 0) {
            withoutHeld = key == held ? 0 : withoutHeld + 1;
            if (withoutHeld >= RELEASE_WINDOWS) held = 0;
        }
        candidateWindows = key != 0 && key == candidate ? candidateWindows + 1 : 1;
        candidate = key;
        if (key != 0 && key != held && candidateWindows >= MIN_WINDOWS) {
            held = key;
            withoutHeld = 0;
            keys.accept(key);
        }
    }

    private static int strongest(double[] tone, int from) {
        int best = from;
        for (int f = from + 1; f < from + 4; f++) if (tone[f] > tone[best]) best = f;
        return best;
    }

    private static double sineEnergy(double peak, int samples) { return peak * peak / 2 * samples; }

    private static double ratio(double db) { return Math.pow(10, db / 10); }
}
