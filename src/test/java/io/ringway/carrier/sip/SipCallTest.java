package io.ringway.carrier.sip;

import com.fasterxml.jackson.databind.JsonNode;
import io.ringway.testing.Sipp;
import io.ringway.testing.TestGateway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static io.ringway.carrier.sip.SipFixture.assertScenarioPassed;
import static io.ringway.carrier.sip.SipFixture.awaitEnd;
import static io.ringway.carrier.sip.SipFixture.enc;
import static io.ringway.carrier.sip.SipFixture.place;
import static io.ringway.carrier.sip.SipFixture.read;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Calls over SIP trunks, placed through /api/voice, with sipp as the trunk and the phone on 127.0.0.1: each test
 * checks what the customer sees (status, cause, duration, charge) and that sipp's scenario — the other side's view of
 * the dialogue — went through (exit code 0).
 */
class SipCallTest {
    private final SipFixture sip = new SipFixture();

    @AfterEach
    void closeAll() throws Exception { sip.close(); }

    private Sipp sipp(String scenario, Map<String, String> values, String... extra) throws Exception { return sip.sipp(scenario, values, extra); }

    private TestGateway gateway(String... trunks) throws Exception { return sip.gateway(trunks); }

    @Test
    void anAnsweredCallIsPlayedHungUpByRingwayAndCharged() throws Exception {
        Sipp phone = sipp("answer", Map.of());
        TestGateway g = gateway("sip://ringway:s3cret@" + phone.hostPort());
        TestGateway.Key key = g.newAccount("10.00");
        String id = place(g, key.key(), "text=" + enc("Hallo. Hier spricht Ringway."));
        JsonNode e = awaitEnd(g, key.key(), id);
        assertThat(e.path("status").asText()).as("%s", e).isEqualTo("completed");
        assertThat(e.path("error").isNull() || e.path("error").asText().isEmpty()).as("%s", e).isTrue();
        assertThat(e.path("duration").asLong()).isBetween(1L, 5L);
        assertThat(e.path("price").asText()).isEqualTo("0.045");
        assertScenarioPassed(phone);
    }

    @Test
    void theCalleeHangsUpFirst() throws Exception {
        Sipp phone = sipp("hangup", Map.of("talk", "1500"));
        TestGateway g = gateway("sip://ringway:s3cret@" + phone.hostPort());
        TestGateway.Key key = g.newAccount("10.00");
        String id = place(g, key.key(), "xml=1&text=" + enc("<Response><Say>Hallo.</Say><Pause length=\"30\"/></Response>"));
        JsonNode e = awaitEnd(g, key.key(), id);
        assertThat(e.path("status").asText()).as("%s", e).isEqualTo("completed");
        assertThat(e.path("error").asText()).isEqualTo("the callee hung up");
        assertThat(e.path("duration").asLong()).isBetween(1L, 3L);
        assertScenarioPassed(phone);
    }

    @Test
    void busyIsAFailedCallWithCauseBusyAndCostsNothing() throws Exception {
        Sipp phone = sipp("refuse", Map.of("status", "486", "reason", "Busy Here"));
        TestGateway g = gateway("sip://ringway:s3cret@" + phone.hostPort());
        TestGateway.Key key = g.newAccount("10.00");
        JsonNode e = awaitEnd(g, key.key(), place(g, key.key(), "text=hallo"));
        assertThat(e.path("status").asText()).isEqualTo("failed");
        assertThat(e.path("error").asText()).isEqualTo("busy");
        assertThat(e.path("price").asText()).isEqualTo("0");
        assertScenarioPassed(phone);
    }

    @Test
    void ringingPastTheRingTimeIsCancelledAndNotAnswered() throws Exception {
        Sipp phone = sipp("ring", Map.of());
        TestGateway g = gateway("sip://ringway:s3cret@" + phone.hostPort());
        TestGateway.Key key = g.newAccount("10.00");
        long started = System.nanoTime();
        JsonNode e = awaitEnd(g, key.key(), place(g, key.key(), "ringtime=5&text=hallo"));
        assertThat(Duration.ofNanos(System.nanoTime() - started).toMillis()).isBetween(4_500L, 12_000L);
        assertThat(e.path("status").asText()).isEqualTo("no-answer");
        assertThat(e.path("error").asText()).isEqualTo("not answered within 5 s");
        assertThat(e.path("price").asText()).isEqualTo("0");
        assertScenarioPassed(phone);
    }

    @Test
    void unavailableAndTimedOutCalleesAreNotAnswered() throws Exception {
        for (String[] refusal : new String[][] {{"480", "Temporarily Unavailable"}, {"408", "Request Timeout"}}) {
            Sipp phone = sipp("refuse", Map.of("status", refusal[0], "reason", refusal[1]));
            TestGateway g = gateway("sip://ringway:s3cret@" + phone.hostPort());
            TestGateway.Key key = g.newAccount("10.00");
            JsonNode e = awaitEnd(g, key.key(), place(g, key.key(), "text=hallo"));
            assertThat(e.path("status").asText()).isEqualTo("no-answer");
            assertThat(e.path("error").asText()).isEqualTo("SIP " + refusal[0] + " " + refusal[1]);
            assertScenarioPassed(phone);
        }
    }

    @Test
    void aTrunkAnswering503FailsOverToTheNext() throws Exception {
        Sipp broken = sipp("refuse", Map.of("status", "503", "reason", "Service Unavailable"));
        Sipp phone = sipp("answer", Map.of());
        TestGateway g = gateway("sip://ringway:s3cret@" + broken.hostPort() + "?name=first", "sip://ringway:s3cret@" + phone.hostPort() + "?name=second");
        TestGateway.Key key = g.newAccount("10.00");
        JsonNode e = awaitEnd(g, key.key(), place(g, key.key(), "text=hallo"));
        assertThat(e.path("status").asText()).as("%s", e).isEqualTo("completed");
        assertScenarioPassed(broken);
        assertScenarioPassed(phone);
        JsonNode trunks = read(g.get("/admin/connectors").body()).path("voice");
        assertThat(trunks.get(0).path("name").asText()).isEqualTo("first");
        assertThat(trunks.get(0).path("failed").asInt()).isEqualTo(1);
        assertThat(trunks.get(0).path("last_error").asText()).isEqualTo("SIP 503 Service Unavailable");
        assertThat(trunks.get(1).path("answered").asInt()).isEqualTo(1);
        assertThat(trunks.get(1).path("calls_active").asInt()).isZero();
    }

    @Test
    void aDigestChallengeIsAnsweredWithTheTrunksCredentials() throws Exception {
        Sipp trunk = sipp("digest", Map.of());
        TestGateway g = gateway("sip://ringway:s3cret@" + trunk.hostPort());
        TestGateway.Key key = g.newAccount("10.00");
        JsonNode e = awaitEnd(g, key.key(), place(g, key.key(), "text=hallo"));
        assertThat(e.path("status").asText()).as("%s", e).isEqualTo("completed");
        assertScenarioPassed(trunk);

        Sipp strict = sipp("digest", Map.of());
        TestGateway wrong = gateway("sip://ringway:wrong@" + strict.hostPort());
        TestGateway.Key k2 = wrong.newAccount("10.00");
        JsonNode refused = awaitEnd(wrong, k2.key(), place(wrong, k2.key(), "text=hallo"));
        assertThat(refused.path("status").asText()).isEqualTo("failed");
        assertThat(refused.path("error").asText()).isEqualTo("SIP 403 Forbidden");
    }

    @Test
    void callsGoOverTcpWhenTheTrunkSaysSo() throws Exception {
        Sipp phone = sipp("answer", Map.of(), "-t", "t1");
        TestGateway g = gateway("sip://ringway:s3cret@" + phone.hostPort() + "?transport=tcp");
        TestGateway.Key key = g.newAccount("10.00");
        JsonNode e = awaitEnd(g, key.key(), place(g, key.key(), "text=hallo"));
        assertThat(e.path("status").asText()).as("%s", e).isEqualTo("completed");
        assertScenarioPassed(phone);
    }

    @Test
    void theCallerIdIsInFromAndAssertedWhenTheTrunkWantsIt() throws Exception {
        Sipp phone = sipp("identity", Map.of("caller", "4930123456"));
        TestGateway g = sip.keep(TestGateway.start(Map.of("RINGWAY_SIP_TRUNKS", "sip://" + phone.hostPort() + "?pai=true",
                "RINGWAY_SIP_HOST", "127.0.0.1", "RINGWAY_SIP_PORT", Integer.toString(Sipp.freeUdpAndTcpPort()),
                "RINGWAY_SIP_RTP_PORTS", Sipp.rtpPorts(100).toString(), "RINGWAY_VOICE_SHARED_CALLER_IDS", "4930123456")));
        TestGateway.Key key = g.newAccount("10.00");
        JsonNode e = awaitEnd(g, key.key(), place(g, key.key(), "text=hallo"));
        assertThat(e.path("status").asText()).as("%s", e).isEqualTo("completed");
        assertThat(e.path("from").asText()).isEqualTo("4930123456");
        assertScenarioPassed(phone);
    }

    @Test
    void aSessionRefreshReInviteIsAnsweredAndTheCallGoesOn() throws Exception {
        Sipp phone = sipp("reinvite", Map.of());
        TestGateway g = gateway("sip://" + phone.hostPort());
        TestGateway.Key key = g.newAccount("10.00");
        String id = place(g, key.key(), "xml=1&text=" + enc("<Response><Say>Hallo.</Say><Pause length=\"3\"/></Response>"));
        JsonNode e = awaitEnd(g, key.key(), id);
        assertThat(e.path("status").asText()).as("%s", e).isEqualTo("completed");
        assertThat(e.path("error").asText("")).isEmpty();
        assertThat(e.path("duration").asLong()).isBetween(3L, 6L);
        assertScenarioPassed(phone);
    }

    @Test
    void stoppingRingwayHangsUpItsCallsWithABye() throws Exception {
        Sipp phone = sipp("answer", Map.of());
        java.nio.file.Path data = java.nio.file.Files.createTempDirectory("ringway-sip-stop");
        String key, id;
        Map<String, String> env = Map.of("RINGWAY_SIP_TRUNKS", "sip://" + phone.hostPort(), "RINGWAY_SIP_HOST", "127.0.0.1",
                "RINGWAY_SIP_PORT", Integer.toString(Sipp.freeUdpAndTcpPort()), "RINGWAY_SIP_RTP_PORTS", Sipp.rtpPorts(100).toString());
        try {
            try (TestGateway g = TestGateway.startOn(data, env)) {
                key = g.newAccount("10.00").key();
                id = place(g, key, "xml=1&text=" + enc("<Response><Say>Hallo.</Say><Pause length=\"600\"/></Response>"));
                long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                while (!"in-progress".equals(SipFixture.entry(g, key, id).path("status").asText()) && System.nanoTime() < end) Thread.sleep(50);
            }
            assertScenarioPassed(phone); // it got our BYE
            try (TestGateway again = TestGateway.startOn(data, Map.of())) {
                JsonNode e = SipFixture.entry(again, key, id);
                assertThat(e.path("status").asText()).isEqualTo("failed");
                assertThat(e.path("error").asText()).isEqualTo("interrupted: Ringway was stopping");
                assertThat(e.path("price").asText()).isEqualTo("0.045");
            }
        } finally {
            TestGateway.deleteTree(data);
        }
    }
}
