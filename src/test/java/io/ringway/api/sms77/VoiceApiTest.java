package io.ringway.api.sms77;

import com.fasterxml.jackson.databind.JsonNode;
import io.ringway.media.AudioClip;
import io.ringway.media.Wav;
import io.ringway.testing.Json;
import io.ringway.testing.Closer;
import io.ringway.testing.TestGateway;
import io.ringway.testing.WebhookReceiver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/** sms77 {@code /api/voice} end to end on the sandbox callee, time running 20 times faster than real time. */
class VoiceApiTest {
    static final Map<String, String> FAST = Map.of("RINGWAY_SANDBOX_VOICE_SPEED", "20", "RINGWAY_WEBHOOKS_ALLOW_PRIVATE_TARGETS", "true",
            "RINGWAY_VOICE_ALLOW_PRIVATE_AUDIO_URLS", "true");

    private final Closer open = new Closer();

    @AfterEach
    void closeAll() throws Exception {
        open.close();
    }

    private <T extends AutoCloseable> T keep(T c) { return open.keep(c); }

    static String enc(String s) { return URLEncoder.encode(s, StandardCharsets.UTF_8); }

    static JsonNode read(String body) { return Json.read(body); }

    static void await(String what, Duration timeout, Supplier<Boolean> condition) {
        long end = System.nanoTime() + timeout.toNanos();
        while (!condition.get()) {
            if (System.nanoTime() > end) throw new AssertionError("timed out waiting for " + what);
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    /** The call's line in the voice journal. */
    static JsonNode journalEntry(TestGateway g, String key, String id) {
        for (JsonNode n : read(g.get("/api/journal/voice?p=" + key).body())) if (n.path("id").asText().equals(id)) return n;
        return null;
    }

    static JsonNode awaitEnd(TestGateway g, String key, String id) {
        await("call " + id + " to end", Duration.ofSeconds(30), () -> {
            JsonNode n = journalEntry(g, key, id);
            return n != null && List.of("completed", "no-answer", "failed").contains(n.path("status").asText());
        });
        return journalEntry(g, key, id);
    }

    static BigDecimal balance(TestGateway g, String key) {
        return new BigDecimal(g.get("/api/balance?p=" + key).body().strip());
    }

    private static String place(TestGateway g, String key, String params) {
        TestGateway.Reply r = g.postForm("/api/voice", "p=" + key + "&" + params);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        String[] lines = r.body().split("\n");
        assertThat(lines[0]).as(r.body()).isEqualTo("100");
        return lines[1];
    }

    private static byte[] audio(TestGateway g, String key, String id) throws Exception {
        HttpResponse<byte[]> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(g.baseUrl() + "/api/voice/" + id + "/audio"))
                .header("X-Api-Key", key).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("audio/wav"));
        return r.body();
    }

    @Test
    void aCallRingsIsAnsweredListenedToAndChargedForItsFirstMinute() throws Exception {
        TestGateway g = keep(TestGateway.start(FAST));
        WebhookReceiver receiver = keep(WebhookReceiver.start());
        TestGateway.Key key = g.newAccount("10.00");
        assertThat(g.postForm("/api/hooks", "action=subscribe&event_type=voice_status&request_method=JSON&target_url="
                + enc(receiver.url("/voice")), "X-Api-Key", key.key()).status()).isEqualTo(200);

        TestGateway.Reply r = g.postForm("/api/voice", "p=" + key.key() + "&to=" + enc("+49 151 12345678")
                + "&text=" + enc("Guten Tag. Ihre neue Brille ist eingetroffen. Bitte holen Sie sie ab."));
        assertThat(r.body()).matches("100\n\\d+\n0\\.045");
        String id = r.body().split("\n")[1];

        List<WebhookReceiver.Received> events = receiver.await(4, Duration.ofSeconds(30));
        List<String> statuses = events.stream().map(e -> read(e.bodyText()).path("data").path("status").asText()).toList();
        assertThat(statuses).containsExactly("initiated", "ringing", "in-progress", "completed");
        JsonNode done = read(events.get(3).bodyText());
        assertThat(done.path("webhook_event").asText()).isEqualTo("voice_status");
        assertThat(done.path("data").path("id").asText()).isEqualTo(id);
        assertThat(done.path("data").path("recipient").asText()).isEqualTo("4915112345678");
        assertThat(done.path("data").path("pricePerMinute").decimalValue()).isEqualByComparingTo("0.045");
        long duration = Long.parseLong(done.path("data").path("duration").asText());
        assertThat(duration).isBetween(2L, 15L);

        JsonNode entry = journalEntry(g, key.key(), id);
        assertThat(entry.path("status").asText()).isEqualTo("completed");
        assertThat(entry.path("duration").asText()).isEqualTo(Long.toString(duration));
        assertThat(entry.path("price").asText()).isEqualTo("0.045");
        assertThat(entry.path("xml").asBoolean()).isFalse();
        assertThat(balance(g, key.key())).isEqualByComparingTo("9.955");

        // What the callee heard: the whole message, as speech.
        AudioClip heard = Wav.read(audio(g, key.key(), id));
        assertThat(heard.durationMillis() / 1000).isBetween(duration - 1, duration + 1);
        assertThat(heard.rms()).isGreaterThan(300);
    }

    @Test
    void everyStartedMinuteIsChargedAndTheJsonReplyShowsTheFirst() {
        TestGateway g = keep(TestGateway.start(FAST));
        TestGateway.Key key = g.newAccount("10.00");
        String xml = "<Response><Say>Bitte warten.</Say><Pause length=\"65\"/><Say>Danke.</Say></Response>";
        TestGateway.Reply r = g.postForm("/api/voice", "p=" + key.key() + "&json=1&xml=1&to=4915112345678&from=&text=" + enc(xml));
        JsonNode reply = read(r.body());
        assertThat(reply.path("success").asText()).isEqualTo("100");
        assertThat(reply.path("total_price").decimalValue()).isEqualByComparingTo("0.045");
        assertThat(reply.path("balance").decimalValue()).isEqualByComparingTo("9.955");
        assertThat(reply.path("debug").asBoolean()).isFalse();
        JsonNode m = reply.path("messages").get(0);
        assertThat(m.path("recipient").asText()).isEqualTo("4915112345678");
        assertThat(m.path("text").asText()).isEqualTo(xml);
        assertThat(m.path("success").asBoolean()).isTrue();
        assertThat(m.path("error").isNull()).isTrue();

        JsonNode entry = awaitEnd(g, key.key(), m.path("id").asText());
        assertThat(entry.path("status").asText()).isEqualTo("completed");
        assertThat(entry.path("duration").asLong()).isBetween(66L, 75L);
        assertThat(entry.path("price").asText()).isEqualTo("0.09"); // two started minutes
        assertThat(entry.path("xml").asBoolean()).isTrue();
        assertThat(balance(g, key.key())).isEqualByComparingTo("9.91");
    }

    @Test
    void busyUnansweredAndFailedCallsAreRefundedAndSayWhy() {
        TestGateway g = keep(TestGateway.start(FAST));
        TestGateway.Key key = g.newAccount("10.00");
        String busy = place(g, key.key(), "to=4915112349001&text=hello");
        String noAnswer = place(g, key.key(), "to=4915112349002&ringtime=5&text=hello");
        String failed = place(g, key.key(), "to=4915112349003&text=hello");
        JsonNode b = awaitEnd(g, key.key(), busy), n = awaitEnd(g, key.key(), noAnswer), f = awaitEnd(g, key.key(), failed);
        assertThat(b.path("status").asText()).isEqualTo("failed");
        assertThat(b.path("error").asText()).isEqualTo("busy");
        assertThat(n.path("status").asText()).isEqualTo("no-answer");
        assertThat(n.path("error").asText()).contains("5 s");
        assertThat(f.path("status").asText()).isEqualTo("failed");
        for (JsonNode e : List.of(b, n, f)) {
            assertThat(e.path("price").asText()).isEqualTo("0");
            assertThat(e.path("duration").asText()).isEqualTo("0");
        }
        assertThat(balance(g, key.key())).isEqualByComparingTo("10.00");
    }

    @Test
    void aCalleeWhoHangsUpMidMessageHeardHalfOfIt() throws Exception {
        TestGateway g = keep(TestGateway.start(FAST));
        TestGateway.Key key = g.newAccount("10.00");
        String text = "This is a long message. It goes on for a while, so that hanging up in the middle of it is clearly shorter than the whole.";
        String whole = place(g, key.key(), "to=4915112345678&text=" + enc(text));
        String half = place(g, key.key(), "to=4915112349004&text=" + enc(text));
        long wholeMillis = Wav.read(audio(g, key.key(), awaitEnd(g, key.key(), whole).path("id").asText())).durationMillis();
        JsonNode h = awaitEnd(g, key.key(), half);
        assertThat(h.path("status").asText()).isEqualTo("completed");
        assertThat(h.path("error").asText()).isEqualTo("the callee hung up");
        long halfMillis = Wav.read(audio(g, key.key(), half)).durationMillis();
        assertThat((double) halfMillis).isBetween(wholeMillis * 0.4, wholeMillis * 0.6);
    }

    @Test
    void aRunningCallCanBeHungUp() {
        TestGateway g = keep(TestGateway.start(Map.of("RINGWAY_SANDBOX_VOICE_SPEED", "2")));
        TestGateway.Key key = g.newAccount("10.00");
        String id = place(g, key.key(), "xml=1&to=4915112345678&text=" + enc("<Response><Say>Hello</Say><Pause length=\"600\"/></Response>"));
        await("the call to be answered", Duration.ofSeconds(10), () -> journalEntry(g, key.key(), id).path("status").asText().equals("in-progress"));
        JsonNode hangUp = read(g.postForm("/api/voice/" + id + "/hangup", "p=" + key.key()).body());
        assertThat(hangUp.path("success").asBoolean()).isTrue();
        assertThat(hangUp.path("error").isNull()).isTrue();
        JsonNode e = awaitEnd(g, key.key(), id);
        assertThat(e.path("status").asText()).isEqualTo("completed");
        assertThat(e.path("error").asText()).isEqualTo("hung up by request");
        assertThat(e.path("duration").asLong()).isLessThan(60);
        JsonNode again = read(g.postForm("/api/voice/" + id + "/hangup", "p=" + key.key()).body());
        assertThat(again.path("success").asBoolean()).isFalse();
        assertThat(again.path("error").asText()).contains("ended");
        assertThat(read(g.postForm("/api/voice/999999/hangup", "p=" + key.key()).body()).path("success").asBoolean()).isFalse();
    }

    @Test
    void aCallCutOffByAStopIsRecordedAsFailedAndKeepsItsCharge() throws Exception {
        java.nio.file.Path data = java.nio.file.Files.createTempDirectory("ringway-voice");
        String key, id;
        try (TestGateway g = TestGateway.startOn(data, Map.of("RINGWAY_SANDBOX_VOICE_SPEED", "2"))) {
            key = g.newAccount("10.00").key();
            id = place(g, key, "xml=1&to=4915112345678&text=" + enc("<Response><Say>Hello</Say><Pause length=\"600\"/></Response>"));
            await("the call to be answered", Duration.ofSeconds(10), () -> journalEntry(g, key, id).path("status").asText().equals("in-progress"));
        }
        try (TestGateway g = TestGateway.startOn(data, Map.of())) {
            JsonNode e = journalEntry(g, key, id);
            assertThat(e.path("status").asText()).isEqualTo("failed");
            assertThat(e.path("error").asText()).isEqualTo("interrupted: Ringway was stopping");
            assertThat(e.path("price").asText()).isEqualTo("0.045");
            assertThat(balance(g, key)).isEqualByComparingTo("9.955");
        } finally {
            TestGateway.deleteTree(data);
        }
    }

    @Test
    void anotherAccountNeitherSeesNorHearsNorEndsACall() throws Exception {
        TestGateway g = keep(TestGateway.start(FAST));
        TestGateway.Key owner = g.newAccount("10.00"), other = g.newAccount("10.00");
        String done = place(g, owner.key(), "to=4915112345678&text=hello");
        awaitEnd(g, owner.key(), done);
        String running = place(g, owner.key(), "xml=1&to=4915112345678&text=" + enc("<Response><Say>Hello</Say><Pause length=\"600\"/></Response>"));
        await("the call to be answered", Duration.ofSeconds(10), () -> journalEntry(g, owner.key(), running).path("status").asText().equals("in-progress"));

        assertThat(read(g.get("/api/journal/voice?p=" + other.key()).body())).isEmpty();
        assertThat(read(g.get("/api/journal/voice?p=" + other.key() + "&id=" + done).body())).isEmpty();
        HttpResponse<byte[]> heard = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(g.baseUrl() + "/api/voice/" + done + "/audio"))
                .header("X-Api-Key", other.key()).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(heard.statusCode()).isEqualTo(404);
        JsonNode hangUp = read(g.postForm("/api/voice/" + running + "/hangup", "p=" + other.key()).body());
        assertThat(hangUp.path("success").asBoolean()).isFalse();
        assertThat(journalEntry(g, owner.key(), running).path("status").asText()).isEqualTo("in-progress");
        assertThat(audio(g, owner.key(), done)).isNotEmpty();
    }

    @Test
    void refusalsUseTheDocumentedCodesAndPlaceNoCall() {
        TestGateway g = keep(TestGateway.start(FAST));
        TestGateway.Key key = g.newAccount("10.00");
        TestGateway.Key poor = g.newAccount("0.01");
        String p = "p=" + key.key();
        assertThat(g.postForm("/api/voice", p + "&text=hi").body()).isEqualTo("301");
        assertThat(g.postForm("/api/voice", p + "&to=4915112345678").body()).isEqualTo("305");
        assertThat(g.postForm("/api/voice", p + "&to=4915112345678&text=" + "a".repeat(10_001)).body()).isEqualTo("401");
        assertThat(g.postForm("/api/voice", p + "&to=123&text=hi").body()).isEqualTo("202");
        assertThat(g.postForm("/api/voice", p + "&to=4915112345678&from=4930999999&text=hi").body()).isEqualTo("201");
        assertThat(g.postForm("/api/voice", "p=" + poor.key() + "&to=4915112345678&text=hi").body()).isEqualTo("500");
        assertThat(g.postForm("/api/voice", "p=wrong&to=4915112345678&text=hi").body()).isEqualTo("900");
        TestGateway.Reply ring = g.postForm("/api/voice", p + "&to=4915112345678&ringtime=3&text=hi");
        assertThat(ring.status()).isEqualTo(400);
        assertThat(ring.body()).startsWith("400\nringtime");
        TestGateway.Reply xml = g.postForm("/api/voice", p + "&xml=1&to=4915112345678&text=" + enc("<Response><Say>unclosed</Response>"));
        assertThat(xml.status()).isEqualTo(400);
        assertThat(xml.body()).startsWith("400\ntext: ");
        TestGateway.Reply debug = g.postForm("/api/voice", p + "&debug=1&to=4915112345678&text=hi");
        assertThat(debug.body()).isEqualTo("100\n\n0.045");
        assertThat(read(g.get("/api/journal/voice?p=" + key.key()).body())).isEmpty();
        assertThat(balance(g, key.key())).isEqualByComparingTo("10.00");
        assertThat(balance(g, poor.key())).isEqualByComparingTo("0.01");
    }

    @Test
    void aGatherMenuTakesTheBranchOfTheKeyPressedAndReportsTheKey() {
        TestGateway g = keep(TestGateway.start(FAST));
        WebhookReceiver receiver = keep(WebhookReceiver.start());
        TestGateway.Key key = g.newAccount("10.00");
        g.postForm("/api/hooks", "action=subscribe&event_type=voice_dtmf&request_method=JSON&target_url=" + enc(receiver.url("/dtmf")),
                "X-Api-Key", key.key());
        String xml = """
                <Response>
                  <Say>Welcome.</Say>
                  <Gather numDigits="1" timeout="5">
                    <Say>Press 5 to hear a secret.</Say>
                    <On digits="5"><Say>The secret is a very long sentence that takes several seconds to say out loud.</Say><Hangup/></On>
                  </Gather>
                  <Say>Nothing was pressed.</Say>
                </Response>""";
        // …9905 presses 5 right after the first thing it hears.
        String pressed = place(g, key.key(), "xml=1&to=4915112349905&text=" + enc(xml));
        String silent = place(g, key.key(), "xml=1&to=4915112345678&text=" + enc(xml));
        JsonNode p = awaitEnd(g, key.key(), pressed), s = awaitEnd(g, key.key(), silent);
        assertThat(p.path("status").asText()).isEqualTo("completed");
        // The silent callee waits 5 s in the Gather; the one who pressed 5 hears the long secret instead.
        assertThat(s.path("duration").asLong()).isGreaterThanOrEqualTo(5);
        List<WebhookReceiver.Received> keys = receiver.await(1, Duration.ofSeconds(10));
        JsonNode data = read(keys.get(0).bodyText()).path("data");
        assertThat(data.path("dtmf_digit").asInt()).isEqualTo(5);
        assertThat(data.path("id").asText()).isEqualTo(pressed);
        assertThat(receiver.received()).hasSize(1);
    }
}
