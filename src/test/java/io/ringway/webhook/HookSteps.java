package io.ringway.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import io.ringway.testing.Json;
import io.ringway.testing.TestGateway;
import io.ringway.testing.WebhookReceiver;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/** What the webhook tests do through the public API, and the receiver's side of checking a signature. */
final class HookSteps {
    private static final DateTimeFormatter API_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

    private HookSteps() {}

    static long subscribe(TestGateway gw, TestGateway.Key k, String targetUrl, String eventType, String method, String headers) {
        String form = "action=subscribe&event_type=" + eventType + "&request_method=" + method + "&target_url="
                + URLEncoder.encode(targetUrl, StandardCharsets.UTF_8)
                + (headers == null ? "" : "&headers=" + URLEncoder.encode(headers, StandardCharsets.UTF_8));
        var r = gw.postForm("/api/hooks", form, "X-Api-Key", k.key());
        JsonNode n = read(r.body());
        assertThat(n.get("success").asBoolean()).as(r.body()).isTrue();
        return n.get("id").asLong();
    }

    static long subscribe(TestGateway gw, TestGateway.Key k, String targetUrl) { return subscribe(gw, k, targetUrl, "dlr", "JSON", null); }

    /** Sends one SMS and returns its id; the sandbox then reports TRANSMITTED and, after its delay, DELIVERED. */
    static long sendSms(TestGateway gw, TestGateway.Key k) {
        var r = gw.get("/api/sms?p=" + k.key() + "&to=4915112345678&text=hook+" + System.nanoTime() + "&return_msg_id=1");
        assertThat(r.body()).startsWith("100\n");
        return Long.parseLong(r.body().split("\n")[1]);
    }

    /** {@code GET /api/hooks/deliveries} with the given query, e.g. {@code "msg_id=12"}. */
    static List<JsonNode> deliveries(TestGateway gw, TestGateway.Key k, String query) {
        var r = gw.get("/api/hooks/deliveries?" + query, "X-Api-Key", k.key());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode n = read(r.body());
        assertThat(n.get("success").asBoolean()).as(r.body()).isTrue();
        List<JsonNode> out = new ArrayList<>();
        n.get("deliveries").forEach(out::add);
        return out;
    }

    /** Waits (real time: the gateway works at its own pace) until a delivery listed for {@code query} matches. */
    static JsonNode awaitDelivery(TestGateway gw, TestGateway.Key k, String query, Predicate<JsonNode> until) {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (true) {
            List<JsonNode> list = deliveries(gw, k, query);
            for (JsonNode d : list) if (until.test(d)) return d;
            assertThat(System.nanoTime()).as("no delivery for %s matched; have %s", query, list).isLessThan(deadline);
            sleep(10);
        }
    }

    static long apiMillis(JsonNode text) {
        return LocalDateTime.parse(text.asText(), API_TIME).toInstant(ZoneOffset.UTC).toEpochMilli();
    }

    /**
     * Verifies a request's signature the way a receiver would, written here with the JDK's {@code Mac} and
     * {@code MessageDigest} (not Ringway's signer): {@code hex(HMAC-SHA256(secret, ts \n nonce \n METHOD \n url \n md5hex(body)))}.
     */
    static boolean signatureValid(WebhookReceiver.Received r, String secret) {
        try {
            String toSign = r.header("X-Timestamp") + "\n" + r.header("X-Nonce") + "\n" + r.method() + "\n" + r.url() + "\n"
                    + HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(r.body()));
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            String expected = HexFormat.of().formatHex(mac.doFinal(toSign.getBytes(StandardCharsets.UTF_8)));
            return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                    String.valueOf(r.header("X-Signature")).getBytes(StandardCharsets.US_ASCII));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static JsonNode read(String body) { return Json.read(body); }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
