package io.ringway.carrier.sip;

import com.fasterxml.jackson.databind.JsonNode;
import io.ringway.testing.Closer;
import io.ringway.testing.Json;
import io.ringway.testing.Sipp;
import io.ringway.testing.TestGateway;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Gateways whose calls go to sipp trunks, and what a test reads back: the SIP tests' common ground. */
final class SipFixture implements AutoCloseable {
    private final Closer open = new Closer();

    @Override
    public void close() throws Exception { open.close(); }

    <T extends AutoCloseable> T keep(T c) { return open.keep(c); }

    static String enc(String s) { return URLEncoder.encode(s, StandardCharsets.UTF_8); }

    static JsonNode read(String body) { return Json.read(body); }

    /** sipp as UAS with the scenario's usual values, overridable. */
    Sipp sipp(String scenario, Map<String, String> values, String... extra) throws Exception {
        Map<String, String> all = new HashMap<>(Map.of("ring", "300", "codec", "0", "talk", "1000", "status", "486", "reason", "Busy Here",
                "user", "ringway", "password", "s3cret", "wait", "0"));
        all.putAll(values);
        return keep(Sipp.uas(scenario, 1, all, extra));
    }

    /** A gateway whose calls go to {@code trunks}, in failover order. */
    TestGateway gateway(String... trunks) throws Exception {
        Map<String, String> env = new HashMap<>(Map.of("RINGWAY_SIP_TRUNKS", String.join(" ", trunks), "RINGWAY_SIP_HOST", "127.0.0.1",
                "RINGWAY_SIP_PORT", Integer.toString(Sipp.freeUdpAndTcpPort()), "RINGWAY_SIP_RTP_PORTS", Sipp.rtpPorts(200).toString(),
                "RINGWAY_VOICE_DEFAULT_RINGTIME", "10"));
        return keep(TestGateway.start(env));
    }

    /** Places a call to 4915112345678 through /api/voice; returns its id. */
    static String place(TestGateway g, String key, String params) {
        TestGateway.Reply r = g.postForm("/api/voice", "p=" + key + "&to=4915112345678&" + params);
        assertThat(r.body()).as(r.body()).startsWith("100\n");
        return r.body().split("\n")[1];
    }

    static JsonNode entry(TestGateway g, String key, String id) {
        for (JsonNode n : read(g.get("/api/journal/voice?p=" + key).body())) if (n.path("id").asText().equals(id)) return n;
        return null;
    }

    /** The call's journal line once it ended. */
    static JsonNode awaitEnd(TestGateway g, String key, String id) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(40).toNanos();
        while (System.nanoTime() < end) {
            JsonNode n = entry(g, key, id);
            if (n != null && List.of("completed", "no-answer", "failed").contains(n.path("status").asText())) return n;
            Thread.sleep(50);
        }
        throw new AssertionError("call " + id + " did not end: " + entry(g, key, id));
    }

    /** sipp went through its whole scenario: the other side saw the dialogue it expects. */
    static void assertScenarioPassed(Sipp sipp) throws InterruptedException {
        assertThat(sipp.awaitExit(Duration.ofSeconds(30))).as(sipp.output()).isZero();
    }
}
