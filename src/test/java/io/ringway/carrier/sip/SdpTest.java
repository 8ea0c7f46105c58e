package io.ringway.carrier.sip;

import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SdpTest {
    @Test
    void theOfferNamesBothLawsAndTelephoneEvents() {
        String offer = Sdp.offer("192.0.2.7", 20000, 42, 1);
        assertThat(offer).contains("c=IN IP4 192.0.2.7\r\n", "m=audio 20000 RTP/AVP 0 8 101\r\n", "a=rtpmap:0 PCMU/8000\r\n",
                "a=rtpmap:8 PCMA/8000\r\n", "a=rtpmap:101 telephone-event/8000\r\n", "a=fmtp:101 0-16\r\n", "a=ptime:20\r\n");
        assertThat(offer).startsWith("v=0\r\no=ringway 42 1 IN IP4 192.0.2.7\r\n");
        // What we offer, read back, is what we would use.
        Sdp.Media m = Sdp.read(offer);
        assertThat(m.address()).isEqualTo(new InetSocketAddress("192.0.2.7", 20000));
        assertThat(m.audioPayloadType()).isEqualTo(Sdp.PCMU);
        assertThat(m.telephoneEventPayloadType()).isEqualTo(101);
    }

    @Test
    void anAnswerIsReadForItsAddressCodecAndEventType() {
        Sdp.Media m = Sdp.read("v=0\no=- 1 1 IN IP4 10.0.0.1\ns=-\nc=IN IP4 10.0.0.1\nt=0 0\n"
                + "m=audio 31000 RTP/AVP 8 96\nc=IN IP4 198.51.100.9\na=rtpmap:8 PCMA/8000\na=rtpmap:96 telephone-event/8000\n"
                + "m=video 0 RTP/AVP 31\n");
        assertThat(m.address()).isEqualTo(new InetSocketAddress("198.51.100.9", 31000)); // the media line's c= wins
        assertThat(m.audioPayloadType()).isEqualTo(Sdp.PCMA);
        assertThat(m.telephoneEventPayloadType()).isEqualTo(96);
        Sdp.Media noEvents = Sdp.read("v=0\r\nc=IN IP4 10.0.0.2\r\nm=audio 4000 RTP/AVP 18 0\r\n");
        assertThat(noEvents.audioPayloadType()).isEqualTo(Sdp.PCMU);
        assertThat(noEvents.telephoneEventPayloadType()).isEqualTo(-1);
        assertThat(noEvents.address().getHostString()).isEqualTo("10.0.0.2");
    }

    @Test
    void answersWithoutAUsableStreamAreRefusedWithTheReason() {
        assertThatThrownBy(() -> Sdp.read("v=0\nc=IN IP4 10.0.0.1\nm=audio 4000 RTP/AVP 18 9\n")).hasMessageContaining("no G.711 codec");
        assertThatThrownBy(() -> Sdp.read("v=0\nc=IN IP4 10.0.0.1\nm=audio 0 RTP/AVP 0\n")).hasMessageContaining("refused");
        assertThatThrownBy(() -> Sdp.read("v=0\nm=audio 4000 RTP/AVP 0\n")).hasMessageContaining("connection address");
        assertThatThrownBy(() -> Sdp.read("")).hasMessageContaining("no RTP audio stream");
        assertThatThrownBy(() -> Sdp.read("v=0\nc=IN IP4 10.0.0.1\nm=audio 4000 RTP/AVP 0\na=rtpmap:0 G729/8000\n")).hasMessageContaining("no G.711");
    }

    @Test
    void finalResponsesMapToTheDocumentedOutcomes() {
        assertThat(FinalResponse.of(486, "Busy Here", null, "t").answer().cause()).isEqualTo("busy");
        assertThat(FinalResponse.of(603, "Decline", null, "t").answer().outcome().name()).isEqualTo("BUSY");
        assertThat(FinalResponse.of(480, "Temporarily Unavailable", null, "t").answer().outcome().name()).isEqualTo("NO_ANSWER");
        assertThat(FinalResponse.of(487, "Request Terminated", "not answered within 5 s", "t").answer().cause()).isEqualTo("not answered within 5 s");
        FinalResponse down = FinalResponse.of(503, "Service Unavailable", null, "carrier-a");
        assertThat(down.nextTrunk()).isTrue();
        assertThat(down.answer().cause()).isEqualTo("SIP 503 Service Unavailable from trunk carrier-a");
        assertThat(FinalResponse.of(404, "Not Found", null, "t").nextTrunk()).isFalse();
        assertThat(FinalResponse.of(404, "Not Found", null, "t").answer().outcome().name()).isEqualTo("FAILED");
    }

    @Test
    void trunkUrlsAreCheckedOptionByOption() {
        SipTrunk t = SipTrunk.parse("sip://acme:p%40ss@sip.example.net:5080?transport=tcp&max_calls=500&cps=20&pai=true&name=acme", "trunk1");
        assertThat(t.user()).isEqualTo("acme");
        assertThat(t.password()).isEqualTo("p@ss");
        assertThat(t.port()).isEqualTo(5080);
        assertThat(t.transport()).isEqualTo("tcp");
        assertThat(t.maxCalls()).isEqualTo(500);
        assertThat(t.callsPerSecond()).isEqualTo(20);
        assertThat(t.assertIdentity()).isTrue();
        assertThat(t.display()).doesNotContain("p@ss");
        assertThat(SipTrunk.parse("sip://10.0.0.5", "trunk2").port()).isEqualTo(5060);
        assertThatThrownBy(() -> SipTrunk.parse("sip://h?transport=tls", "x")).hasMessageContaining("transport must be udp or tcp");
        assertThatThrownBy(() -> SipTrunk.parse("sip://h?maxcalls=3", "x")).hasMessageContaining("unknown SIP trunk option \"maxcalls\"");
        assertThatThrownBy(() -> SipTrunk.parse("sip://h?cps=-1", "x")).hasMessageContaining("cps must be between 0");
        assertThatThrownBy(() -> SipTrunk.parse("http://h", "x")).hasMessageContaining("start with sip://");
    }
}
