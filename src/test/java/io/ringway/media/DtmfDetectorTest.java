package io.ringway.media;

import static io.ringway.media.Signals.concat;
import static io.ringway.media.Signals.dtmf;
import static io.ringway.media.Signals.silence;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class DtmfDetectorTest {
    static final String KEYS = "123A456B789C*0#D";

    @Test
    void everyKeyIsOnePressAtLevelsAndTwistsWithinTheLimits() {
        double[][] rowAndColumnDbm0 = {{-4, -4}, {-14, -14}, {-24, -24}, {-4, -10}, {-22, -29}, {-7, -4}, {-27, -24}};
        for (char key : KEYS.toCharArray()) {
            for (double[] level : rowAndColumnDbm0) {
                short[] tone = dtmf(key, level[0], level[1], 60, 1);
                String as = key + " at " + level[0] + "/" + level[1] + " dBm0";
                assertThat(detect(concat(silence(40), Signals.throughMuLaw(tone), silence(60)))).as(as + ", µ-law").isEqualTo(key + "");
                assertThat(detect(concat(silence(40), throughALaw(tone), silence(60)))).as(as + ", A-law").isEqualTo(key + "");
            }
        }
    }

    @Test
    void fortyMillisecondsAreAPressTwentyFourAreNot() {
        for (char key : KEYS.toCharArray()) {
            for (int shift = 0; shift < 40; shift += 9) { // where the tone starts within the detector's 5 ms steps
                short[] lead = silence(30 + shift / 8.0), tail = silence(50);
                assertThat(detect(concat(lead, dtmf(key, -10, 40), tail))).as("40 ms of %s", key).isEqualTo(key + "");
                assertThat(detect(concat(lead, dtmf(key, -10, 24), tail))).as("24 ms of %s", key).isEmpty();
                assertThat(detect(concat(lead, dtmf(key, -10, 10), tail))).as("10 ms of %s", key).isEmpty();
            }
        }
    }

    @Test
    void tooMuchTwistIsNoKey() {
        for (char key : KEYS.toCharArray()) {
            assertThat(detect(concat(dtmf(key, -6, -16, 100, 1), silence(50)))).as("%s, column 10 dB below row", key).isEmpty();
            assertThat(detect(concat(dtmf(key, -12, -6, 100, 1), silence(50)))).as("%s, column 6 dB above row", key).isEmpty();
        }
    }

    @Test
    void quietTonesAreNoKey() {
        for (char key : KEYS.toCharArray()) {
            assertThat(detect(concat(dtmf(key, -30, 100), silence(50)))).as("%s at -30 dBm0", key).isEqualTo(key + "");
            assertThat(detect(concat(dtmf(key, -40, 100), silence(50)))).as("%s at -40 dBm0", key).isEmpty();
        }
    }

    @Test
    void aThirdToneCloseToTheStrongestOfItsGroupIsNoKey() {
        for (char key : KEYS.toCharArray()) {
            int at = KEYS.indexOf(key);
            // a row (column) tone two rows (columns) away, so that it is no key's partner at the same level
            double otherRow = new double[] {697, 770, 852, 941}[(at / 4 + 2) % 4];
            double otherColumn = new double[] {1209, 1336, 1477, 1633}[(at % 4 + 2) % 4];
            for (double other : new double[] {otherRow, otherColumn}) {
                assertThat(detect(withTone(dtmf(key, -10, 100), other, -16))).as("%s with %s Hz 6 dB below", key, other).isEmpty();
                assertThat(detect(withTone(dtmf(key, -10, 100), other, -22))).as("%s with %s Hz 12 dB below", key, other).isEqualTo(key + "");
            }
        }
    }

    @Test
    void oneToneAloneIsNoKey() {
        for (double hz : new double[] {697, 770, 852, 941, 1209, 1336, 1477, 1633}) {
            assertThat(detect(Signals.toShorts(Signals.sine(hz, 8000, 0.2, Signals.dbm0Peak(-6))))).as("%s Hz", hz).isEmpty();
        }
    }

    @Test
    void frequencies1Point5PercentOffAreHeardAnd3Point5PercentOffAreNot() {
        for (char key : KEYS.toCharArray()) {
            for (double scale : new double[] {0.985, 1.015}) {
                assertThat(detect(dtmf(key, -10, -10, 80, scale))).as("%s × %s", key, scale).isEqualTo(key + "");
            }
            for (double scale : new double[] {0.965, 1.035}) {
                assertThat(detect(dtmf(key, -10, -10, 80, scale))).as("%s × %s", key, scale).isEmpty();
            }
        }
    }

    @Test
    void aDialledSequenceIsExactlyItsKeys() {
        short[] gap = silence(50);
        assertThat(detect(concat(dtmf('1', -8, 50), gap, dtmf('2', -8, 50), gap, dtmf('3', -8, 50), gap, dtmf('#', -8, 50), gap)))
                .isEqualTo("123#");
        assertThat(detect(concat(dtmf('5', -8, 50), gap, dtmf('5', -8, 50), gap, dtmf('5', -8, 50), gap))).as("the same key three times")
                .isEqualTo("555");
        assertThat(detect(concat(dtmf('4', -8, 60), dtmf('7', -8, 60), silence(20)))).as("one key straight after another").isEqualTo("47");
    }

    @Test
    void aHeldKeyIsOnePress() {
        assertThat(detect(dtmf('9', -8, 3000))).isEqualTo("9");
        assertThat(detect(concat(dtmf('9', -8, 500), silence(10), dtmf('9', -8, 500)))).as("with a 10 ms dropout").isEqualTo("9");
        assertThat(detect(concat(dtmf('9', -8, 500), silence(40), dtmf('9', -8, 500)))).as("with a 40 ms pause: two presses").isEqualTo("99");
    }

    @Test
    void whiteNoiseIsNoKeyAndAKeyInNoiseIsHeard() {
        Random random = new Random(4733);
        for (double rms : new double[] {100, 1000, 5000, 12000}) {
            assertThat(detect(noise(random, rms, 10_000))).as("10 s of noise at RMS %s", rms).isEmpty();
        }
        short[] key = concat(silence(100), dtmf('0', -10, 80), silence(100));
        short[] noise = noise(random, Signals.dbm0Peak(-10) / Math.sqrt(2) / 10, 280); // 20 dB below each tone
        for (int i = 0; i < key.length; i++) key[i] += noise[i];
        assertThat(detect(key)).isEqualTo("0");
    }

    @Test
    void realCallAudioIsNoKey() throws Exception {
        // sipp's g711a.pcap: 7 s of a recorded call in A-law (Debian package sip-tester; .ci/run installs it)
        List<byte[]> datagrams = Pcap.udpPayloads(Path.of("/usr/share/sip-tester/g711a.pcap"));
        ByteArrayOutputStream alaw = new ByteArrayOutputStream();
        for (byte[] d : datagrams) alaw.write(RtpPacket.parse(ByteBuffer.wrap(d)).payload());
        short[] pcm = new short[alaw.size()];
        byte[] bytes = alaw.toByteArray();
        for (int i = 0; i < pcm.length; i++) pcm[i] = G711.aLawToLinear(bytes[i]);
        assertThat(pcm.length).isGreaterThan(7 * 8000 - 1);
        assertThat(AudioClip.ofPcm(pcm).rms()).as("not silence").isGreaterThan(1000);
        assertThat(detect(pcm)).isEmpty();
        assertThat(detect(concat(pcm, dtmf('7', -10, 60), silence(40)))).isEqualTo("7");
    }

    @Property(tries = 60)
    void howTheAudioIsCutIntoChunksDoesNotMatter(@ForAll @Size(min = 1, max = 30) List<@IntRange(min = 1, max = 400) Integer> chunks) {
        short[] pcm = concat(dtmf('1', -8, 45), silence(50), dtmf('D', -20, 200), dtmf('*', -12, 60), silence(30), dtmf('*', -12, 60), silence(50));
        StringBuilder keys = new StringBuilder();
        DtmfDetector detector = new DtmfDetector(keys::append);
        for (int at = 0, i = 0; at < pcm.length; i++) {
            int n = Math.min(chunks.get(i % chunks.size()), pcm.length - at);
            detector.feed(pcm, at, n);
            at += n;
        }
        assertThat(keys).hasToString("1D**");
    }

    /** What the detector reports for {@code pcm} fed in 20 ms frames, as RTP brings it. */
    static String detect(short[] pcm) {
        StringBuilder keys = new StringBuilder();
        DtmfDetector detector = new DtmfDetector(keys::append);
        for (int at = 0; at < pcm.length; at += 160) detector.feed(pcm, at, Math.min(160, pcm.length - at));
        return keys.toString();
    }

    private static short[] withTone(short[] pcm, double hz, double dbm0) {
        short[] tone = Signals.toShorts(Signals.sine(hz, AudioClip.RATE, pcm.length / (double) AudioClip.RATE, Signals.dbm0Peak(dbm0)));
        short[] out = new short[pcm.length];
        for (int i = 0; i < out.length; i++) out[i] = (short) (pcm[i] + tone[i]);
        return out;
    }

    private static short[] throughALaw(short[] pcm) {
        short[] out = new short[pcm.length];
        for (int i = 0; i < pcm.length; i++) out[i] = G711.aLawToLinear(G711.linearToALaw(pcm[i]));
        return out;
    }

    private static short[] noise(Random random, double rms, double millis) {
        short[] out = silence(millis);
        for (int i = 0; i < out.length; i++) out[i] = (short) Math.max(-32768, Math.min(32767, Math.round(random.nextGaussian() * rms)));
        return out;
    }
}
