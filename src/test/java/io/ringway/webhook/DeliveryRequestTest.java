package io.ringway.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The request a subscription gets for an event, per request method, and its signature checked independently. */
class DeliveryRequestTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final long AT = ZonedDateTime.of(2020, 1, 9, 15, 41, 30, 656_000_000, BERLIN).toInstant().toEpochMilli();
    private static final String SECRET = "signing-secret-of-the-account-0123456789";
    private static final String NONCE = "abcdefghijklmnopqrstuvwxyz012345";

    private static Webhook hook(String url, String method, String headers) {
        return new Webhook(7, 1, url, "dlr", method, null, headers, 0);
    }

    private static WebhookEvent dlr() { return WebhookEvent.dlr(1, 42, "DELIVERED", "2020-01-09 15:41:30.656", AT); }

    /** X-Signature as a receiver would compute it, with the JDK only (not Ringway's signer). */
    private static String expectedSignature(DeliveryRequest r) throws Exception {
        String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(r.body()));
        String toSign = r.headers().get("X-Timestamp") + "\n" + r.headers().get("X-Nonce") + "\n" + r.method() + "\n" + r.uri() + "\n" + md5;
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(toSign.getBytes(StandardCharsets.UTF_8)));
    }

    private static Map<String, String> form(String s) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String kv : s.split("&")) {
            int eq = kv.indexOf('=');
            m.put(URLDecoder.decode(kv.substring(0, eq), StandardCharsets.UTF_8), URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return m;
    }

    @Test
    void jsonModePostsTheDocumentedEnvelope() throws Exception {
        DeliveryRequest r = DeliveryRequest.of(hook("https://example.com/hooks", "JSON", null), dlr(), SECRET, AT + 2000, NONCE, BERLIN);
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.contentType()).isEqualTo("application/json");
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo("{\"data\":{\"msg_id\":\"42\",\"status\":\"DELIVERED\","
                + "\"timestamp\":\"2020-01-09 15:41:30.656\"},\"webhook_event\":\"dlr\",\"webhook_timestamp\":\"2020-01-09 15:41:30\"}");
        assertThat(r.headers().get("X-Timestamp")).isEqualTo(Long.toString((AT + 2000) / 1000));
        assertThat(r.headers().get("X-Nonce")).isEqualTo(NONCE);
        assertThat(r.headers().get("X-Signature")).isEqualTo(expectedSignature(r));
    }

    @Test
    void getModeIsTheLegacyDlrCallbackAppendedToTheTargetsOwnQuery() throws Exception {
        DeliveryRequest r = DeliveryRequest.of(hook("https://example.com/dlr.php?token=a%20b", "GET", null), dlr(), SECRET, AT, NONCE, BERLIN);
        assertThat(r.method()).isEqualTo("GET");
        assertThat(r.body()).isEmpty();
        assertThat(r.contentType()).isNull();
        assertThat(r.uri().getRawPath()).isEqualTo("/dlr.php");
        assertThat(form(r.uri().getRawQuery())).containsExactly(Map.entry("token", "a b"), Map.entry("msg_id", "42"),
                Map.entry("status", "DELIVERED"), Map.entry("timestamp", "2020-01-09 15:41:30.656"), Map.entry("webhook_event", "dlr"),
                Map.entry("webhook_timestamp", "2020-01-09 15:41:30"));
        assertThat(r.headers().get("X-Signature")).as("signed over the URL as sent").isEqualTo(expectedSignature(r));
    }

    @Test
    void postModeSendsTheFieldsAsAForm() throws Exception {
        DeliveryRequest r = DeliveryRequest.of(hook("http://203.0.113.7/in", "POST", null),
                WebhookEvent.smsMo(1, 5, "+4915112345678", "+491771234567", "Hallo & tschüss", "1578580890", AT), SECRET, AT, NONCE, BERLIN);
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.contentType()).isEqualTo("application/x-www-form-urlencoded");
        assertThat(form(new String(r.body(), StandardCharsets.UTF_8))).containsExactly(Map.entry("id", "5"),
                Map.entry("sender", "+4915112345678"), Map.entry("system", "+491771234567"), Map.entry("text", "Hallo & tschüss"),
                Map.entry("time", "1578580890"), Map.entry("message_type", "SMS"), Map.entry("webhook_event", "sms_mo"),
                Map.entry("webhook_timestamp", "2020-01-09 15:41:30"));
        assertThat(r.headers().get("X-Signature")).isEqualTo(expectedSignature(r));
    }

    @Test
    void voicePayloadsHaveTheDocumentedFieldsAndJsonTypes() throws Exception {
        JsonNode dtmf = JSON.readTree(DeliveryRequest.of(hook("https://example.com/v", "JSON", null),
                WebhookEvent.voiceDtmf(1, 9, "+4930123", "+4915112345678", 5, "completed", 12, 0.045, 0.009, "+4930123", 1578580890, AT),
                SECRET, AT, NONCE, BERLIN).body()).get("data");
        assertThat(dtmf.get("id").isNumber()).isTrue();
        assertThat(dtmf.get("dtmf_digit").asInt()).isEqualTo(5);
        assertThat(dtmf.get("total_price").isNumber()).isTrue();
        assertThat(dtmf.fieldNames()).toIterable().containsExactly("id", "callerId", "recipient", "dtmf_digit", "status", "duration",
                "pricePerMinute", "total_price", "system", "timestamp");
        JsonNode status = JSON.readTree(DeliveryRequest.of(hook("https://example.com/v", "JSON", null),
                WebhookEvent.voiceStatus(1, 9, "+4930123", "+4915112345678", "completed", "12", 0.045, 1578580890, AT),
                SECRET, AT, NONCE, BERLIN).body()).get("data");
        assertThat(status.get("id").isTextual()).isTrue();
        assertThat(status.get("duration").isTextual()).isTrue();
        assertThat(status.get("pricePerMinute").isNumber()).isTrue();
        assertThat(status.get("timestamp").isNumber()).isTrue();
    }

    @Test
    void aSubscriptionsOwnHeadersAreSentButCannotReplaceTheSignatureOrHttpsOwn() throws Exception {
        DeliveryRequest r = DeliveryRequest.of(hook("https://example.com/h", "JSON", "X-Foo: bar\r\nX-Signature: forged\nHost: evil\nno colon\n"
                + "Bad Name: x\nAuthorization: Bearer t"), dlr(), SECRET, AT, NONCE, BERLIN);
        assertThat(r.headers()).containsEntry("X-Foo", "bar").containsEntry("Authorization", "Bearer t").doesNotContainKey("Host")
                .doesNotContainKey("Bad Name");
        assertThat(r.headers().get("X-Signature")).isEqualTo(expectedSignature(r));
    }
}
