package io.ringway.media;

import java.util.Arrays;
import java.util.List;

/**
 * A piece of call audio as Ringway keeps it: 8 kHz, mono, 16-bit linear PCM, immutable. Everything that reaches a call
 * (speech, fetched files, silence) becomes one of these first; {@link #muLaw()} and {@link #aLaw()} give the G.711
 * payload an RTP sender cuts into 20 ms frames (160 bytes each).
 */
public final class AudioClip {
    public static final int RATE = 8000;
    private static final AudioClip EMPTY = new AudioClip(new short[0]);

    private final short[] samples;

    private AudioClip(short[] samples) { this.samples = samples; }

    public static AudioClip ofPcm(short[] samples) { return new AudioClip(samples.clone()); }

    public static AudioClip silence(long millis) {
        if (millis < 0) throw new IllegalArgumentException("negative duration: " + millis);
        return new AudioClip(new short[Math.toIntExact(millis * RATE / 1000)]);
    }

    public static AudioClip concat(List<AudioClip> clips) {
        long total = 0;
        for (AudioClip c : clips) total += c.samples.length;
        short[] all = new short[Math.toIntExact(total)];
        int at = 0;
        for (AudioClip c : clips) {
            System.arraycopy(c.samples, 0, all, at, c.samples.length);
            at += c.samples.length;
        }
        return new AudioClip(all);
    }

    /**
     * Reads a WAV or MP3 file, recognised by its content (RIFF/WAVE header; ID3 tag or MPEG frame sync), not by a name,
     * and converts it to 8 kHz mono.
     */
    public static AudioClip decode(byte[] file) throws AudioFormatException {
        if (Wav.looksLike(file)) return Wav.read(file);
        if (Mp3.looksLike(file)) return Mp3.decode(file);
        throw new AudioFormatException("unsupported audio format (not WAV or MP3)" + (file.length == 0 ? ": empty" : ""));
    }

    /**
     * Samples in 16-bit scale at {@code rate} as a clip: resampled to 8 kHz when needed, then rounded and clipped
     * to 16 bits.
     */
    static AudioClip ofScaled(float[] samples, int rate) {
        float[] at8k = rate == RATE ? samples : Resampler.resample(samples, rate, RATE);
        short[] out = new short[at8k.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.round(at8k[i])));
        }
        return new AudioClip(out);
    }

    /** Wraps {@code samples} without copying: for decoders that made the array themselves and drop it. */
    static AudioClip wrap(short[] samples) { return samples.length == 0 ? EMPTY : new AudioClip(samples); }

    public int length() { return samples.length; }

    public long durationMillis() { return (long) samples.length * 1000 / RATE; }

    public short sample(int i) { return samples[i]; }

    public short[] pcm() { return samples.clone(); }

    /** The part between the two times, each clamped to the clip; empty when {@code toMillis <= fromMillis}. */
    public AudioClip slice(long fromMillis, long toMillis) {
        int from = index(fromMillis), to = index(toMillis);
        if (to <= from) return EMPTY;
        if (from == 0 && to == samples.length) return this;
        return new AudioClip(Arrays.copyOfRange(samples, from, to));
    }

    private int index(long millis) {
        if (millis <= 0) return 0;
        return (int) Math.min(samples.length, Math.min(millis, Long.MAX_VALUE / RATE) * RATE / 1000);
    }

    /** G.711 µ-law (PCMU, RTP payload type 0), one byte per sample. */
    public byte[] muLaw() {
        byte[] out = new byte[samples.length];
        for (int i = 0; i < out.length; i++) out[i] = G711.linearToMuLaw(samples[i]);
        return out;
    }

    /** G.711 A-law (PCMA, RTP payload type 8), one byte per sample. */
    public byte[] aLaw() {
        byte[] out = new byte[samples.length];
        for (int i = 0; i < out.length; i++) out[i] = G711.linearToALaw(samples[i]);
        return out;
    }

    /** Root mean square in sample units (full-scale sine ≈ 23,170; silence 0); 0 for an empty clip. */
    public double rms() {
        if (samples.length == 0) return 0;
        double sum = 0;
        for (short s : samples) sum += (double) s * s;
        return Math.sqrt(sum / samples.length);
    }

    @Override
    public boolean equals(Object o) { return o instanceof AudioClip c && Arrays.equals(samples, c.samples); }

    @Override
    public int hashCode() { return Arrays.hashCode(samples); }

    @Override
    public String toString() { return "AudioClip[" + durationMillis() + " ms]"; }
}
