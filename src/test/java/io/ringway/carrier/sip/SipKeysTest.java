package io.ringway.carrier.sip;

import com.fasterxml.jackson.databind.JsonNode;
import io.ringway.media.G711;
import io.ringway.testing.RtpCapture;
import io.ringway.testing.Sipp;
import io.ringway.testing.TestGateway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static io.ringway.carrier.sip.SipFixture.assertScenarioPassed;
import static io.ringway.carrier.sip.SipFixture.read;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keys pressed on a real SIP call answer a Voice2Phone menu: RFC 4733 telephone-events from sipp's own captures,
 * and in-band tones (a capture of G.711 audio this test writes), both replayed by sipp into the call.
 */
class SipKeysTest {
    private final SipFixture sip = new SipFixture();

    @AfterEach
    void closeAll() throws Exception { sip.close(); }

    private static String basic(String key) {
        return "Basic " + Base64.getEncoder().encodeToString((key + ":").getBytes(StandardCharsets.UTF_8));
    }

    /** Places the document's kind of menu call; returns the finished call's {@code GET /call/{id}}. */
    private static JsonNode menuCall(TestGateway g, String key) throws InterruptedException {
        String body = "{\"Phone\":{\"Number\":\"015112345678\",\"CountryCode\":\"DE\"},"
                + "\"Message\":\"Guten Tag. Bitte bestätigen Sie Ihren Termin mit einer Taste.\","
                + "\"Dtmf\":{\"1\":\"Danke, Termin bestätigt.\",\"5\":\"Danke, wir rufen Sie an.\"}}";
        TestGateway.Reply placed = g.postJson("/call", body, "Authorization", basic(key));
        assertThat(placed.status()).as(placed.body()).isEqualTo(200);
        String id = read(placed.body()).path("CallId").asText();
        long end = System.nanoTime() + Duration.ofSeconds(40).toNanos();
        while (System.nanoTime() < end) {
            JsonNode s = read(g.get("/call/" + id, "Authorization", basic(key)).body());
            if (List.of(2, 4, 5, 6).contains(s.path("Status").asInt())) return s;
            Thread.sleep(50);
        }
        throw new AssertionError("call " + id + " did not finish");
    }

    @Test
    void telephoneEventsFromThePhoneAnswerTheMenu() throws Exception {
        Sipp phone = sip.sipp("keys", Map.of("pcap", "/usr/share/sip-tester/dtmf_2833_1.pcap", "wait", "500", "formats", "0 101"));
        TestGateway g = sip.gateway("sip://" + phone.hostPort());
        JsonNode call = menuCall(g, g.newAccount("10.00").key());
        assertThat(call.path("StatusName").asText()).as("%s", call).isEqualTo("Completed");
        assertThat(call.path("Dtmf").asText()).isEqualTo("1");
        assertScenarioPassed(phone);
    }

    /** A phone that offers no telephone-events: its keys are listened for in the audio (sip.inband_dtmf: auto). */
    @Test
    void inBandTonesFromThePhoneAnswerTheMenu() throws Exception {
        Path tones = RtpCapture.write(muLawFrames(dtmf(770, 1336, 120), 25), 0); // "5", after half a second of silence
        Sipp phone = sip.sipp("keys", Map.of("pcap", tones.toString(), "wait", "300", "formats", "0"));
        TestGateway g = sip.gateway("sip://" + phone.hostPort());
        JsonNode call = menuCall(g, g.newAccount("10.00").key());
        assertThat(call.path("StatusName").asText()).as("%s", call).isEqualTo("Completed");
        assertThat(call.path("Dtmf").asText()).isEqualTo("5");
        assertScenarioPassed(phone);
    }

    /** A DTMF tone pair at about -10 dBm0 per tone for {@code millis}. */
    private static short[] dtmf(double low, double high, int millis) {
        short[] s = new short[8 * millis];
        for (int i = 0; i < s.length; i++) {
            double t = i / 8000.0;
            s[i] = (short) (5000 * Math.sin(2 * Math.PI * low * t) + 5000 * Math.sin(2 * Math.PI * high * t));
        }
        return s;
    }

    /** {@code silentFrames} frames of silence, the tone, then silence again, as 20 ms µ-law frames. */
    private static List<byte[]> muLawFrames(short[] tone, int silentFrames) {
        short[] all = new short[160 * silentFrames + tone.length + 160 * 10];
        System.arraycopy(tone, 0, all, 160 * silentFrames, tone.length);
        List<byte[]> frames = new ArrayList<>();
        for (int f = 0; f + 160 <= all.length; f += 160) {
            byte[] frame = new byte[160];
            for (int i = 0; i < 160; i++) frame[i] = G711.linearToMuLaw(all[f + i]);
            frames.add(frame);
        }
        return frames;
    }
}
