package io.ringway.inbound;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ringway.testing.MutableClock;
import io.ringway.testing.TestDatabase;
import io.ringway.testing.WebhookReceiver;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.ringway.inbound.Pdus.gsm;
import static io.ringway.inbound.Pdus.sms;
import static io.ringway.inbound.Pdus.udh8;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each complete inbound SMS is an {@code sms_mo} event with the documented payload, delivered to a real receiver on
 * loopback; a subscription's {@code event_filter} names the receiving number it wants.
 */
class SmsMoWebhookTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SHOP_MAIN = "4915100000001";
    private static final String SHOP_SUPPORT = "4915100000002";

    private static long subscribe(InboundGateway gw, InboundGateway.Key k, String url, String type, String method, String filter) throws Exception {
        String form = "action=subscribe&event_type=" + type + "&request_method=" + method + "&target_url=" + URLEncoder.encode(url, StandardCharsets.UTF_8)
                + (filter == null ? "" : "&event_filter=" + URLEncoder.encode(filter, StandardCharsets.UTF_8));
        JsonNode r = JSON.readTree(gw.postForm(k, "/api/hooks", form).body());
        assertThat(r.get("success").asBoolean()).as(r.toString()).isTrue();
        return r.get("id").asLong();
    }

    private static Map<String, String> form(String body) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String kv : body.split("&")) {
            int eq = kv.indexOf('=');
            out.put(URLDecoder.decode(kv.substring(0, eq), StandardCharsets.UTF_8), URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    /** The receiver's check, with the JDK's Mac and MessageDigest (not Ringway's signer). */
    private static boolean signed(WebhookReceiver.Received r, String secret) throws Exception {
        String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(r.body()));
        String text = String.join("\n", r.header("X-Timestamp"), r.header("X-Nonce"), r.method(), r.url(), md5);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8))).equals(r.header("X-Signature"));
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void inboundSmsReachTheSubscriptionsOfTheirNumbersOwner(TestDatabase db) throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2030-07-01T12:00:00Z"));
        try (InboundGateway gw = new InboundGateway(db, clock, ZoneOffset.UTC, false); WebhookReceiver receiver = WebhookReceiver.start()) {
            InboundGateway.Key shop = gw.newAccount("shop");
            InboundGateway.Key other = gw.newAccount("other");
            gw.numbers().add(SHOP_MAIN, shop.accountId());
            gw.numbers().add(SHOP_SUPPORT, shop.accountId());
            gw.numbers().add("4915100000003", other.accountId());
            subscribe(gw, shop, receiver.url("/every"), "sms_mo", "JSON", null);
            subscribe(gw, shop, receiver.url("/support"), "sms_mo", "POST", "+49 151 00000002"); // another spelling of SHOP_SUPPORT
            subscribe(gw, shop, receiver.url("/all-main"), "all", "JSON", "0049" + SHOP_MAIN.substring(2));
            subscribe(gw, other, receiver.url("/other"), "sms_mo", "JSON", null);

            long sent = Instant.parse("2030-07-01T11:59:58Z").toEpochMilli();
            gw.inbound().received(sms("+4917600000001", SHOP_MAIN, 0, gsm("Hello shop"), sent)).get();
            gw.inbound().received(udh8("4917600000002", SHOP_SUPPORT, 0, 5, 2, 2, gsm("support!"), sent)).get();
            gw.inbound().received(udh8("4917600000002", SHOP_SUPPORT, 0, 5, 2, 1, gsm("Need "), sent)).get();
            gw.inbound().received(udh8("4917600000002", SHOP_SUPPORT, 0, 5, 2, 1, gsm("Need "), sent)).get(); // resent

            // every: 2, support: 1, all-main: 1
            List<WebhookReceiver.Received> got = receiver.await(4, Duration.ofSeconds(15));
            Thread.sleep(300);
            assertThat(receiver.received()).hasSize(4);
            for (WebhookReceiver.Received r : got) assertThat(signed(r, shop.signingSecret())).as(r.url()).isTrue();

            List<JsonNode> every = receiver.received(r -> r.path().equals("/every")).stream().map(r -> read(r.bodyText())).toList();
            assertThat(every).extracting(n -> n.get("data").get("text").asText()).containsExactlyInAnyOrder("Hello shop", "Need support!");
            JsonNode hello = every.stream().filter(n -> n.get("data").get("text").asText().equals("Hello shop")).findFirst().orElseThrow();
            assertThat(hello.get("webhook_event").asText()).isEqualTo("sms_mo");
            JsonNode data = hello.get("data");
            assertThat(data.fieldNames()).toIterable().containsExactly("id", "sender", "system", "text", "time", "message_type");
            assertThat(data.get("id").isTextual()).isTrue();
            assertThat(data.get("sender").asText()).isEqualTo("4917600000001");
            assertThat(data.get("system").asText()).isEqualTo(SHOP_MAIN);
            assertThat(data.get("time").asText()).as("unix seconds of receipt").isEqualTo(Long.toString(sent / 1000));
            assertThat(data.get("message_type").asText()).isEqualTo("SMS");
            JsonNode journal = read(gw.get(shop, "/api/journal/inbound").body());
            assertThat(journal.findValuesAsText("id")).as("the event's id is the journal's").contains(data.get("id").asText());

            Map<String, String> support = form(receiver.received(r -> r.path().equals("/support")).get(0).bodyText());
            assertThat(support).containsEntry("text", "Need support!").containsEntry("system", SHOP_SUPPORT)
                    .containsEntry("sender", "4917600000002").containsEntry("message_type", "SMS").containsEntry("webhook_event", "sms_mo");

            JsonNode allMain = read(receiver.received(r -> r.path().equals("/all-main")).get(0).bodyText());
            assertThat(allMain.get("data").get("text").asText()).isEqualTo("Hello shop");

            // The other account's number: only its own subscription hears of it.
            gw.inbound().received(sms("4917600000004", "4915100000003", 0, gsm("for other"), sent)).get();
            WebhookReceiver.Received forOther = receiver.await(1, r -> r.path().equals("/other"), Duration.ofSeconds(15)).get(0);
            assertThat(read(forOther.bodyText()).get("data").get("text").asText()).isEqualTo("for other");
            assertThat(signed(forOther, other.signingSecret())).isTrue();

            // A message whose parts never all came is an event too, once it is stored with the gap marked.
            gw.inbound().received(udh8("4917600000005", SHOP_SUPPORT, 0, 6, 2, 1, gsm("Half"), clock.millis())).get();
            clock.advance(Duration.ofHours(25));
            assertThat(gw.inbound().expireIncomplete()).isEqualTo(1);
            WebhookReceiver.Received half = receiver.await(2, r -> r.path().equals("/support"), Duration.ofSeconds(15)).get(1);
            assertThat(form(half.bodyText())).containsEntry("text", "Half[part 2 of 2 missing]");
            Thread.sleep(300);
            assertThat(receiver.received()).as("to every and support, nothing to all-main or other").hasSize(5 + 2);
        }
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new AssertionError(json, e);
        }
    }
}
