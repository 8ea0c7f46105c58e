package io.ringway.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class WavTest {

    /** A WAV file as a writer would make it: RIFF header, fmt chunk (extensible when asked), a LIST chunk, data. */
    static byte[] wav(int tag, int channels, int rate, int bits, byte[] data, boolean extensible) {
        int fmtSize = extensible ? 40 : 16;
        byte[] list = "INFOISFT\u0005\u0000\u0000\u0000test\u0000".getBytes(StandardCharsets.ISO_8859_1); // odd size: padded
        ByteBuffer b = ByteBuffer.allocate(12 + 8 + fmtSize + 8 + list.length + 1 + 8 + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(ascii("RIFF")).putInt(b.capacity() - 8).put(ascii("WAVE"));
        b.put(ascii("fmt ")).putInt(fmtSize).putShort((short) (extensible ? 0xFFFE : tag)).putShort((short) channels)
                .putInt(rate).putInt(rate * channels * bits / 8).putShort((short) (channels * bits / 8)).putShort((short) bits);
        if (extensible) {
            b.putShort((short) 22).putShort((short) bits).putInt(channels == 2 ? 3 : 4)
                    .putShort((short) tag).put(new byte[] {0, 0, 0, 0, 0x10, 0, (byte) 0x80, 0, 0, (byte) 0xAA, 0, 0x38, (byte) 0x9B, 0x71});
        }
        b.put(ascii("LIST")).putInt(list.length).put(list).put((byte) 0);
        b.put(ascii("data")).putInt(data.length).put(data);
        return b.array();
    }

    private static byte[] ascii(String s) { return s.getBytes(StandardCharsets.US_ASCII); }

    private static ByteBuffer le(int bytes) { return ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN); }

    private static float[] tone() { return Signals.sine(440, 8000, 0.5, 12000); }

    private static void assertTone(AudioClip clip, double amplitude) {
        assertThat(clip.durationMillis()).isEqualTo(500);
        float[] s = Signals.toFloats(clip.pcm());
        assertThat(Signals.dominant(s, 8000)).isCloseTo(440, within(5.0));
        assertThat(Signals.amplitude(s, 440, 8000)).isCloseTo(amplitude, within(amplitude * 0.02));
    }

    @Test
    void writeThenReadGivesTheSameSamples() throws AudioFormatException {
        AudioClip clip = AudioClip.ofPcm(Signals.toShorts(tone()));
        byte[] file = Wav.write(clip);
        assertThat(file).hasSize(44 + 8000);
        assertThat(new String(file, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("RIFF");
        assertThat(ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).getInt(24)).isEqualTo(8000);
        assertThat(Wav.read(file)).isEqualTo(clip);
        assertThat(AudioClip.decode(file)).isEqualTo(clip);
    }

    @Test
    void stereoIsMixedDown() throws AudioFormatException {
        float[] t = tone();
        ByteBuffer data = le(t.length * 4);
        for (float v : t) data.putShort((short) Math.round(v)).putShort((short) 0); // tone left, silence right
        assertTone(Wav.read(wav(1, 2, 8000, 16, data.array(), false)), 6000);
    }

    @Test
    void eightBitIsUnsigned() throws AudioFormatException {
        float[] t = tone();
        byte[] data = new byte[t.length];
        for (int i = 0; i < t.length; i++) data[i] = (byte) (Math.round(t[i] / 256) + 128);
        assertTone(Wav.read(wav(1, 1, 8000, 8, data, false)), 12000);
    }

    @Test
    void twentyFourAndThirtyTwoBit() throws AudioFormatException {
        float[] t = tone();
        ByteBuffer d24 = le(t.length * 3), d32 = le(t.length * 4);
        for (float v : t) {
            int x = Math.round(v * 256);
            d24.put((byte) x).put((byte) (x >> 8)).put((byte) (x >> 16));
            d32.putInt(Math.round(v * 65536));
        }
        assertTone(Wav.read(wav(1, 1, 8000, 24, d24.array(), false)), 12000);
        assertTone(Wav.read(wav(1, 1, 8000, 32, d32.array(), true)), 12000);
    }

    @Test
    void floatThirtyTwoAndSixtyFour() throws AudioFormatException {
        float[] t = tone();
        ByteBuffer f32 = le(t.length * 4), f64 = le(t.length * 8);
        for (float v : t) {
            f32.putFloat(v / 32768f);
            f64.putDouble(v / 32768.0);
        }
        assertTone(Wav.read(wav(3, 1, 8000, 32, f32.array(), false)), 12000);
        assertTone(Wav.read(wav(3, 1, 8000, 64, f64.array(), true)), 12000);
    }

    @Test
    void muLawAndALaw() throws AudioFormatException {
        float[] t = tone();
        byte[] mu = new byte[t.length], a = new byte[t.length];
        for (int i = 0; i < t.length; i++) {
            mu[i] = G711.linearToMuLaw((short) Math.round(t[i]));
            a[i] = G711.linearToALaw((short) Math.round(t[i]));
        }
        assertTone(Wav.read(wav(7, 1, 8000, 8, mu, false)), 12000);
        assertTone(Wav.read(wav(6, 1, 8000, 8, a, false)), 12000);
    }

    @Test
    void otherRatesAreResampled() throws AudioFormatException {
        float[] t = Signals.sine(440, 44_100, 0.5, 12000);
        ByteBuffer data = le(t.length * 4);
        for (float v : t) data.putShort((short) Math.round(v)).putShort((short) Math.round(v));
        assertTone(Wav.read(wav(1, 2, 44_100, 16, data.array(), false)), 12000);
    }

    @Test
    void streamedLengthMeansUpToTheEnd() throws AudioFormatException {
        // espeak-ng --stdout cannot seek back, so it declares 0x7FFFF000 bytes of data
        byte[] file = Wav.write(AudioClip.ofPcm(Signals.toShorts(tone())));
        ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).putInt(4, 0x7FFFF024).putInt(40, 0x7FFFF000);
        assertThat(Wav.read(file).durationMillis()).isEqualTo(500);
    }

    @Test
    void unreadableInputSaysWhy() {
        byte[] good = Wav.write(AudioClip.ofPcm(Signals.toShorts(tone())));
        assertThatThrownBy(() -> Wav.read(new byte[0])).isInstanceOf(AudioFormatException.class).hasMessageContaining("0 bytes");
        assertThatThrownBy(() -> Wav.read(ascii("ID3 hello, not a wave"))).isInstanceOf(AudioFormatException.class)
                .hasMessageContaining("no RIFF/WAVE header");
        assertThatThrownBy(() -> Wav.read(Arrays.copyOf(good, good.length - 100))).isInstanceOf(AudioFormatException.class)
                .hasMessageContaining("truncated");
        assertThatThrownBy(() -> Wav.read(wav(0x55, 1, 8000, 16, new byte[10], false))).isInstanceOf(AudioFormatException.class)
                .hasMessageContaining("unsupported WAV encoding 0x0055");
        assertThatThrownBy(() -> Wav.read(wav(1, 1, 8000, 12, new byte[10], false))).isInstanceOf(AudioFormatException.class)
                .hasMessageContaining("12 bits");
        assertThatThrownBy(() -> Wav.read(wav(1, 0, 8000, 16, new byte[10], false))).isInstanceOf(AudioFormatException.class)
                .hasMessageContaining("channel count");
        assertThatThrownBy(() -> Wav.read(wav(1, 1, 0, 16, new byte[10], false))).isInstanceOf(AudioFormatException.class)
                .hasMessageContaining("sample rate");
        assertThatThrownBy(() -> AudioClip.decode(ascii("<html>not found</html>"))).isInstanceOf(AudioFormatException.class)
                .hasMessageContaining("not WAV or MP3");
    }

    @Test
    void everyTruncationAndRandomDamageIsAnAudioFormatExceptionOrAClip() {
        byte[] good = wav(1, 2, 22_050, 16, new byte[400], true);
        for (int n = 0; n < good.length; n++) {
            byte[] cut = Arrays.copyOf(good, n);
            assertReadsOrRefuses(cut);
        }
        Random random = new Random(42);
        for (int round = 0; round < 20_000; round++) {
            byte[] damaged = good.clone();
            for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
                damaged[random.nextInt(80)] = (byte) random.nextInt(256); // the headers, where a reader can go wrong
            }
            assertReadsOrRefuses(damaged);
            byte[] garbage = new byte[random.nextInt(200)];
            random.nextBytes(garbage);
            if (garbage.length >= 12 && round % 2 == 0) System.arraycopy(good, 0, garbage, 0, 12); // past the magic
            assertReadsOrRefuses(garbage);
        }
    }

    private static void assertReadsOrRefuses(byte[] file) {
        try {
            AudioClip.decode(file);
        } catch (AudioFormatException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        } catch (RuntimeException e) {
            throw new AssertionError("decoding " + file.length + " bytes threw " + e, e);
        }
    }
}
