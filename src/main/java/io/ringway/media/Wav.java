package io.ringway.media;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * RIFF/WAVE files. Reads linear PCM (8-bit unsigned, 16/24/32-bit signed), IEEE float (32/64-bit), µ-law and A-law,
 * plain or as WAVE_FORMAT_EXTENSIBLE, 1 to 8 channels (averaged to mono), any rate from 1 to 768 kHz (resampled to
 * 8 kHz). Writes 16-bit PCM, 8 kHz, mono, which every player opens.
 *
 * <p>A data chunk whose declared size does not fit the file is refused as truncated, except for the sizes that
 * writers to a pipe put there because they cannot seek back (0, or 0x7FFF0000 and above: espeak-ng writes
 * 0x7FFFF000, ffmpeg 0xFFFFFFFF); those mean "up to the end of the file".
 */
public final class Wav {
    private static final int PCM = 1, FLOAT = 3, A_LAW = 6, MU_LAW = 7, EXTENSIBLE = 0xFFFE;
    private static final int MAX_CHANNELS = 8, MAX_RATE = 768_000;
    private static final long UNKNOWN_LENGTH = 0x7FFF0000L;

    private Wav() {}

    static boolean looksLike(byte[] b) {
        return b.length >= 12 && ascii(b, 0).equals("RIFF") && ascii(b, 8).equals("WAVE");
    }

    public static AudioClip read(byte[] wav) throws AudioFormatException {
        if (wav.length < 12) throw new AudioFormatException("not a WAV file: only " + wav.length + " bytes");
        if (!looksLike(wav)) {
            throw new AudioFormatException(ascii(wav, 0).equals("RIFX") ? "big-endian WAV (RIFX) is not supported"
                    : "not a WAV file: no RIFF/WAVE header");
        }
        ByteBuffer in = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);
        Format format = null;
        int at = 12;
        while (true) {
            if (at + 8 > wav.length) {
                throw new AudioFormatException(format == null ? "truncated WAV: no fmt chunk" : "truncated WAV: no data chunk");
            }
            String id = ascii(wav, at);
            long size = in.getInt(at + 4) & 0xFFFFFFFFL;
            int body = at + 8;
            long available = wav.length - body;
            if (id.equals("data")) {
                if (format == null) throw new AudioFormatException("WAV data chunk comes before its fmt chunk");
                if (size > available) {
                    if (size != 0 && size < UNKNOWN_LENGTH) {
                        throw new AudioFormatException("truncated WAV: data chunk declares " + size + " bytes, " + available + " present");
                    }
                    size = available;
                } else if (size == 0) {
                    size = available;
                }
                return decode(in, body, (int) size, format);
            }
            if (size > available) throw new AudioFormatException("truncated WAV: '" + printable(id) + "' chunk cut short");
            if (id.equals("fmt ")) format = format(in, body, (int) size);
            at = Math.toIntExact(body + size + (size & 1)); // chunks are padded to even sizes
        }
    }

    public static byte[] write(AudioClip clip) {
        int dataBytes = clip.length() * 2;
        ByteBuffer out = ByteBuffer.allocate(44 + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        out.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + dataBytes).put("WAVE".getBytes(StandardCharsets.US_ASCII));
        out.put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) PCM).putShort((short) 1)
                .putInt(AudioClip.RATE).putInt(AudioClip.RATE * 2).putShort((short) 2).putShort((short) 16);
        out.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(dataBytes);
        for (int i = 0; i < clip.length(); i++) out.putShort(clip.sample(i));
        return out.array();
    }

    private record Format(int encoding, int channels, int rate, int bits) {
        int frameBytes() { return channels * (bits / 8); }
    }

    private static Format format(ByteBuffer in, int at, int size) throws AudioFormatException {
        if (size < 16) throw new AudioFormatException("WAV fmt chunk too short: " + size + " bytes");
        int encoding = in.getShort(at) & 0xFFFF;
        int channels = in.getShort(at + 2) & 0xFFFF;
        long rate = in.getInt(at + 4) & 0xFFFFFFFFL;
        int bits = in.getShort(at + 14) & 0xFFFF;
        if (encoding == EXTENSIBLE) {
            if (size < 40) throw new AudioFormatException("WAVE_FORMAT_EXTENSIBLE fmt chunk too short: " + size + " bytes");
            encoding = in.getShort(at + 24) & 0xFFFF; // the first two bytes of the sub-format GUID are the format tag
        }
        if (channels < 1 || channels > MAX_CHANNELS) throw new AudioFormatException("unsupported channel count in WAV: " + channels);
        if (rate < 1 || rate > MAX_RATE) throw new AudioFormatException("unsupported WAV sample rate: " + rate + " Hz");
        boolean known = switch (encoding) {
            case PCM -> bits == 8 || bits == 16 || bits == 24 || bits == 32;
            case FLOAT -> bits == 32 || bits == 64;
            case A_LAW, MU_LAW -> bits == 8;
            default -> throw new AudioFormatException(String.format("unsupported WAV encoding 0x%04X", encoding));
        };
        if (!known) throw new AudioFormatException("unsupported WAV sample size: " + bits + " bits for encoding " + encoding);
        return new Format(encoding, channels, (int) rate, bits);
    }

    /** Mixes the frames down to mono in 16-bit scale, then resamples. A partial last frame is dropped. */
    private static AudioClip decode(ByteBuffer in, int at, int size, Format f) {
        int frames = size / f.frameBytes();
        int bytes = f.bits / 8;
        float[] mono = new float[frames];
        float perChannel = 1f / f.channels;
        int p = at;
        for (int i = 0; i < frames; i++) {
            float sum = 0;
            for (int c = 0; c < f.channels; c++, p += bytes) sum += sample(in, p, f);
            mono[i] = sum * perChannel;
        }
        return AudioClip.ofScaled(mono, f.rate);
    }

    private static float sample(ByteBuffer in, int p, Format f) {
        return switch (f.encoding) {
            case PCM -> switch (f.bits) {
                case 8 -> ((in.get(p) & 0xFF) - 128) * 256f; // 8-bit WAV is unsigned
                case 16 -> in.getShort(p);
                case 24 -> ((in.get(p) & 0xFF) | (in.get(p + 1) & 0xFF) << 8 | in.get(p + 2) << 16) / 256f;
                default -> in.getInt(p) / 65536f;
            };
            case FLOAT -> {
                double v = (f.bits == 32 ? in.getFloat(p) : in.getDouble(p)) * 32768.0;
                yield Double.isNaN(v) ? 0f : (float) Math.max(-32768.0, Math.min(32767.0, v)); // NaN would spread through the filter
            }
            case A_LAW -> G711.aLawToLinear(in.get(p));
            default -> G711.muLawToLinear(in.get(p));
        };
    }

    private static String ascii(byte[] b, int at) {
        return at + 4 <= b.length ? new String(b, at, 4, StandardCharsets.ISO_8859_1) : "";
    }

    private static String printable(String id) { return id.replaceAll("[^\\x20-\\x7E]", "?"); }
}
