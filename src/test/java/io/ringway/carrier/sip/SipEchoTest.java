package io.ringway.carrier.sip;

import io.ringway.carrier.CallLeg;
import io.ringway.media.AudioClip;
import io.ringway.testing.Sipp;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The audio on the wire: sipp answers with {@code -rtp_echo}, so every RTP packet Ringway sends comes back; what
 * Ringway receives must hold the played clip's G.711 bytes unchanged and in order.
 */
class SipEchoTest {
    private static final CallLeg.Events QUIET = new CallLeg.Events() {
        @Override public void ringing() {}
        @Override public void key(char key) {}
    };

    /** A second of a rising tone: every frame differs, so frames out of order or lost would show. */
    private static AudioClip sweep() {
        short[] s = new short[8000];
        double phase = 0;
        for (int i = 0; i < s.length; i++) {
            phase += 2 * Math.PI * (300 + 2700.0 * i / s.length) / 8000;
            s[i] = (short) (9000 * Math.sin(phase));
        }
        return AudioClip.ofPcm(s);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) if (haystack[i + j] != needle[j]) continue outer;
            return i;
        }
        return -1;
    }

    @Test
    void theAudioEchoedBackIsTheAudioSent() throws Exception {
        for (String codec : List.of("0", "8")) {
            try (SipFixture fixture = new SipFixture()) {
                Sipp phone = fixture.sipp("answer", Map.of("codec", codec), "-rtp_echo");
                Sipp.PortRange rtp = Sipp.rtpPorts(40);
                try (SipConnector sip = new SipConnector(new Sip.Options("127.0.0.1", Sipp.freeUdpAndTcpPort(), rtp.first(), rtp.last(),
                        List.of(SipTrunk.parse("sip://" + phone.hostPort(), "echo"))))) {
                    SipCall call = (SipCall) sip.dial(1, "4930123456", "4915112345678", 10, QUIET);
                    assertThat(call.awaitAnswer().outcome()).isEqualTo(CallLeg.Outcome.ANSWERED);
                    call.media().keepReceived(true);
                    AudioClip clip = sweep();
                    assertThat(call.play(clip, false)).isTrue();
                    Thread.sleep(300); // the last frames' way back
                    byte[] sent = codec.equals("0") ? clip.muLaw() : clip.aLaw();
                    byte[] back = call.media().receivedAudio();
                    assertThat(indexOf(back, sent)).as("codec %s: %d bytes came back", codec, back.length).isGreaterThanOrEqualTo(0);
                    assertThat(call.media().packetsReceived()).isGreaterThanOrEqualTo(sent.length / 160);
                    call.hangUp();
                    assertThat(call.connected()).isFalse();
                    assertThat(call.talkMillis()).isBetween(1000L, 5000L);
                }
                SipFixture.assertScenarioPassed(phone);
            }
        }
    }
}
