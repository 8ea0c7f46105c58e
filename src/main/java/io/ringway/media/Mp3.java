package io.ringway.media;

import java.io.ByteArrayInputStream;
import java.util.Arrays;
import javazoom.jl.decoder.Bitstream;
import javazoom.jl.decoder.Decoder;
import javazoom.jl.decoder.Header;
import javazoom.jl.decoder.JavaLayerException;
import javazoom.jl.decoder.SampleBuffer;

/**
 * MPEG-1/2/2.5 audio (MP3, also layers I and II) through JLayer's decoder, mixed to mono and resampled to 8 kHz.
 * An error after at least one good frame ends the stream there (as players do with a damaged tail); an error before
 * any frame is an {@link AudioFormatException}.
 */
final class Mp3 {
    private Mp3() {}

    /** An ID3v2 tag, or an MPEG audio frame sync (11 set bits, a layer other than the reserved 00). */
    static boolean looksLike(byte[] b) {
        if (b.length >= 3 && b[0] == 'I' && b[1] == 'D' && b[2] == '3') return true;
        return b.length >= 2 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xE0) == 0xE0 && (b[1] & 0x06) != 0;
    }

    static AudioClip decode(byte[] mp3) throws AudioFormatException {
        Bitstream stream = new Bitstream(new ByteArrayInputStream(mp3));
        Decoder decoder = new Decoder();
        float[] mono = new float[8192];
        int length = 0, rate = 0, frames = 0;
        try {
            for (Header header; (header = stream.readFrame()) != null; frames++) {
                SampleBuffer out = (SampleBuffer) decoder.decodeFrame(header, stream);
                stream.closeFrame();
                if (rate == 0) rate = out.getSampleFrequency();
                else if (out.getSampleFrequency() != rate) break; // a second stream glued on: keep the first
                int channels = out.getChannelCount();
                short[] interleaved = out.getBuffer();
                int n = out.getBufferLength() / channels;
                if (length + n > mono.length) mono = Arrays.copyOf(mono, Math.max(mono.length * 2, length + n));
                for (int i = 0; i < n; i++) {
                    float sum = 0;
                    for (int c = 0; c < channels; c++) sum += interleaved[i * channels + c];
                    mono[length++] = sum / channels;
                }
            }
        } catch (JavaLayerException | RuntimeException e) {
            // JLayer reports damaged input as its own exceptions and, on some garbage, as index errors
            if (frames == 0) throw new AudioFormatException("MP3 cannot be decoded: " + describe(e), e);
        } finally {
            try {
                stream.close();
            } catch (JavaLayerException e) {
                // a byte array: nothing to release
            }
        }
        if (frames == 0 || rate <= 0) throw new AudioFormatException("no MPEG audio frames found");
        return AudioClip.ofScaled(Arrays.copyOf(mono, length), rate);
    }

    private static String describe(Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
