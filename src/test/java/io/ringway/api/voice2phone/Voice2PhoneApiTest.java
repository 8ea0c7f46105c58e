package io.ringway.api.voice2phone;

import com.fasterxml.jackson.databind.JsonNode;
import io.ringway.testing.Json;
import io.ringway.testing.Closer;
import io.ringway.testing.TestGateway;
import io.ringway.testing.WebhookReceiver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The Voice2Phone API ({@code POST /call}, {@code GET /call/{id}}) end to end on the sandbox callee. */
class Voice2PhoneApiTest {
    private static final Map<String, String> FAST = Map.of("RINGWAY_SANDBOX_VOICE_SPEED", "20", "RINGWAY_WEBHOOKS_ALLOW_PRIVATE_TARGETS", "true");

    private final Closer open = new Closer();

    @AfterEach
    void closeAll() throws Exception {
        open.close();
    }

    private <T extends AutoCloseable> T keep(T c) { return open.keep(c); }

    static JsonNode read(String body) { return Json.read(body); }

    private static String basic(String key) {
        return "Basic " + Base64.getEncoder().encodeToString((key + ":").getBytes(StandardCharsets.UTF_8));
    }

    /** The body exactly as the Voice2Phone document shows it: keys partly without quotes. */
    private static String documentBody(String number, String country, String message, String dtmf) {
        return "{\n    Phone:\n    {\n        \"Number\":\"" + number + "\",\n        \"CountryCode\":\"" + country + "\"\n    },\n"
                + "    Message: \"" + message + "\",\n" + (dtmf == null ? "" : "    Dtmf:\n    {\n        " + dtmf + "\n    }\n") + "}";
    }

    private static JsonNode awaitFinished(TestGateway g, String key, String callId) {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            JsonNode s = read(g.get("/call/" + callId, "Authorization", basic(key)).body());
            if (List.of(2, 4, 5, 6).contains(s.path("Status").asInt())) return s;
            if (System.nanoTime() > end) throw new AssertionError("call " + callId + " did not finish: " + s);
            try {
                Thread.sleep(30);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    @Test
    void theDocumentsMenuCallRecordsTheKeyAndPlaysItsReply() {
        TestGateway g = keep(TestGateway.start(FAST));
        WebhookReceiver receiver = keep(WebhookReceiver.start());
        TestGateway.Key key = g.newAccount("10.00");
        g.postForm("/api/hooks", "action=subscribe&event_type=voice_dtmf&request_method=JSON&target_url="
                + URLEncoder.encode(receiver.url("/dtmf"), StandardCharsets.UTF_8), "X-Api-Key", key.key());

        // A US number whose callee presses 1 after the message (…9901), with the document's request body.
        TestGateway.Reply r = g.postJson("/call", documentBody("4252339901", "US", "Please press one", "\"1\"     : \"Thank you\""),
                "Authorization", basic(key.key()));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        String callId = read(r.body()).path("CallId").asText();
        assertThat(callId).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

        JsonNode s = awaitFinished(g, key.key(), callId);
        assertThat(s.path("CallId").asText()).isEqualTo(callId);
        assertThat(s.path("Status").asInt()).isEqualTo(2);
        assertThat(s.path("StatusName").asText()).isEqualTo("Completed");
        assertThat(s.path("Dtmf").asText()).isEqualTo("1");
        assertThat(s.path("CreatedDateUtc").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}");
        assertThat(s.path("UpdatedDateUtc").asText().compareTo(s.path("CreatedDateUtc").asText())).isGreaterThanOrEqualTo(0);
        JsonNode event = read(receiver.await(1, Duration.ofSeconds(10)).get(0).bodyText()).path("data");
        assertThat(event.path("dtmf_digit").asInt()).isEqualTo(1);
        assertThat(event.path("recipient").asText()).isEqualTo("14252339901");
    }

    @Test
    void anUnmappedKeyIsRecordedAndACalleeWithoutKeysWaitsForTheTimeout() {
        TestGateway g = keep(TestGateway.start(FAST));
        TestGateway.Key key = g.newAccount("10.00");
        String seven = read(g.postJson("/call", "{\"phone\":{\"number\":\"015112349907\",\"countryCode\":\"de\"},\"message\":\"Press one\","
                + "\"dtmf\":{\"1\":\"Thank you\"}}", "Authorization", basic(key.key())).body()).path("CallId").asText();
        String none = read(g.postJson("/call", "{\"Phone\":{\"Number\":\"015112345678\",\"CountryCode\":\"DE\"},\"Message\":\"Press one\","
                + "\"Dtmf\":{\"1\":\"Thank you\"}}", "Authorization", basic(key.key())).body()).path("CallId").asText();
        JsonNode s7 = awaitFinished(g, key.key(), seven), s0 = awaitFinished(g, key.key(), none);
        assertThat(s7.path("Status").asInt()).isEqualTo(2);
        assertThat(s7.path("Dtmf").asText()).isEqualTo("7");
        assertThat(s0.path("Status").asInt()).isEqualTo(2);
        assertThat(s0.path("Dtmf").isNull()).isTrue();
        assertThat(s0.path("Duration").asLong()).isGreaterThanOrEqualTo(8); // the default menu_timeout_seconds
    }

    @Test
    void busyAndUnansweredCallsHaveTheirOwnStatus() {
        TestGateway g = keep(TestGateway.start(FAST));
        TestGateway.Key key = g.newAccount("10.00");
        String busy = read(g.postJson("/call", documentBody("015112349001", "DE", "Hello", null), "Authorization", basic(key.key())).body())
                .path("CallId").asText();
        String failed = read(g.postJson("/call", documentBody("015112349003", "DE", "Hello", null), "Authorization", basic(key.key())).body())
                .path("CallId").asText();
        assertThat(awaitFinished(g, key.key(), busy).path("StatusName").asText()).isEqualTo("Busy");
        assertThat(awaitFinished(g, key.key(), busy).path("Status").asInt()).isEqualTo(5);
        assertThat(awaitFinished(g, key.key(), failed).path("Status").asInt()).isEqualTo(6);
    }

    @Test
    void errorsUseTheDocumentsStatusCodes() {
        Map<String, String> env = new HashMap<>(FAST);
        env.put("RINGWAY_VOICE_VOICE2PHONE_REQUESTS_PER_SECOND", "1");
        TestGateway g = keep(TestGateway.start(env));
        TestGateway.Key key = g.newAccount("10.00");
        TestGateway.Key other = g.newAccount("10.00");
        TestGateway.Key poor = g.newAccount("0.00");
        String valid = documentBody("015112345678", "DE", "Hello", null);

        TestGateway.Reply noKey = g.postJson("/call", valid);
        assertThat(noKey.status()).isEqualTo(401);
        assertThat(read(noKey.body()).path("Message").asText()).isNotBlank();
        assertThat(g.postJson("/call", valid, "Authorization", basic("not-a-key")).status()).isEqualTo(401);
        assertThat(g.postJson("/call", valid, "Authorization", basic(poor.key())).status()).isEqualTo(402);

        String callId = read(g.postJson("/call", valid, "Authorization", basic(key.key())).body()).path("CallId").asText();
        assertThat(g.get("/call/" + callId, "Authorization", basic(other.key())).status()).isEqualTo(404);
        assertThat(g.get("/call/no-such-call", "Authorization", basic(other.key())).status()).isEqualTo(404);

        for (String[] bad : new String[][] {
                {"{\"Phone\":{\"CountryCode\":\"DE\"},\"Message\":\"x\"}", "Number"},
                {"{\"Phone\":{\"Number\":\"015112345678\",\"CountryCode\":\"Germany\"},\"Message\":\"x\"}", "CountryCode"},
                {"{\"Phone\":{\"Number\":\"015112345678\",\"CountryCode\":\"DE\"}}", "Message"},
                {"{\"Phone\":{\"Number\":\"12\",\"CountryCode\":\"DE\"},\"Message\":\"x\"}", "Number"},
                {"{\"Phone\":{\"Number\":\"015112345678\",\"CountryCode\":\"DE\"},\"Message\":\"x\",\"Dtmf\":{\"12\":\"y\"}}", "Dtmf"},
                {"{\"Phone\":", "JSON"},
                {"[1,2]", "object"}}) {
            // an account each: the limit allows bursts of two
            TestGateway.Reply r = g.postJson("/call", bad[0], "Authorization", basic(g.newAccount("1.00").key()));
            assertThat(r.status()).as(bad[0]).isEqualTo(400);
            assertThat(read(r.body()).path("Message").asText()).as(bad[0]).contains(bad[1]);
        }
        // The rate limit: one request a second, bursts of two.
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 4; i++) statuses.add(g.get("/call/" + callId, "Authorization", basic(key.key())).status());
        assertThat(statuses).contains(429);
        assertThat(statuses.get(0)).isEqualTo(200);
    }
}
