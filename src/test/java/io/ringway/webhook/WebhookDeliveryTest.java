package io.ringway.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import io.ringway.testing.EmbeddedPostgres;
import io.ringway.testing.TestGateway;
import io.ringway.testing.WebhookReceiver;
import org.junit.jupiter.api.Test;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.ringway.webhook.HookSteps.awaitDelivery;
import static io.ringway.webhook.HookSteps.read;
import static io.ringway.webhook.HookSteps.sendSms;
import static io.ringway.webhook.HookSteps.signatureValid;
import static io.ringway.webhook.HookSteps.subscribe;
import static org.assertj.core.api.Assertions.assertThat;

/** Events reach a real HTTP receiver in each request method, signed, in order, once; on SQLite and PostgreSQL. */
class WebhookDeliveryTest {
    private static final Map<String, String> ENV = Map.of("RINGWAY_WEBHOOKS_ALLOW_PRIVATE_TARGETS", "true",
            "RINGWAY_SANDBOX_RECEIPT_DELAY_MS", "50", "RINGWAY_WEBHOOKS_POLL_MS", "50");

    @Test
    void eachRequestMethodDeliversTheDocumentedFieldsSignedWithTheAccountsSecret() {
        try (TestGateway gw = TestGateway.start(ENV); WebhookReceiver receiver = WebhookReceiver.start()) {
            TestGateway.Key k = gw.newAccount("5");
            subscribe(gw, k, receiver.url("/json"), "dlr", "JSON", "X-Customer: acme\nX-Signature: forged");
            subscribe(gw, k, receiver.url("/form"), "dlr", "POST", null);
            subscribe(gw, k, receiver.url("/legacy?token=a%20b"), "dlr", "GET", null);
            long id = sendSms(gw, k);
            List<WebhookReceiver.Received> all = receiver.await(6, Duration.ofSeconds(15));
            assertThat(all).hasSize(6);
            assertThat(all).allSatisfy(r -> {
                assertThat(signatureValid(r, k.signingSecret())).as("signature of %s %s", r.method(), r.url()).isTrue();
                assertThat(Long.parseLong(r.header("X-Timestamp"))).isCloseTo(System.currentTimeMillis() / 1000, org.assertj.core.data.Offset.offset(30L));
                assertThat(r.header("X-Nonce")).matches("[0-9a-f]{32}");
            });
            assertThat(all).extracting(r -> r.header("X-Nonce")).doesNotHaveDuplicates();

            List<WebhookReceiver.Received> json = receiver.received(r -> r.path().equals("/json"));
            assertThat(json).extracting(WebhookReceiver.Received::method).containsOnly("POST");
            assertThat(json.get(0).header("Content-Type")).isEqualTo("application/json");
            assertThat(json.get(0).header("X-Customer")).isEqualTo("acme");
            JsonNode first = read(json.get(0).bodyText());
            assertThat(first.get("webhook_event").asText()).isEqualTo("dlr");
            assertThat(first.get("webhook_timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d");
            assertThat(first.get("data").get("msg_id").asText()).isEqualTo(Long.toString(id));
            assertThat(first.get("data").get("timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3}");
            assertThat(json).extracting(r -> read(r.bodyText()).get("data").get("status").asText())
                    .containsExactly("TRANSMITTED", "DELIVERED");

            List<WebhookReceiver.Received> form = receiver.received(r -> r.path().equals("/form"));
            assertThat(form).extracting(WebhookReceiver.Received::method).containsOnly("POST");
            assertThat(form.get(0).header("Content-Type")).isEqualTo("application/x-www-form-urlencoded");
            assertThat(form).extracting(r -> fields(r.bodyText()).get("status")).containsExactly("TRANSMITTED", "DELIVERED");
            assertThat(fields(form.get(1).bodyText())).containsEntry("msg_id", Long.toString(id)).containsEntry("webhook_event", "dlr")
                    .containsKeys("timestamp", "webhook_timestamp");

            List<WebhookReceiver.Received> legacy = receiver.received(r -> r.path().equals("/legacy"));
            assertThat(legacy).extracting(WebhookReceiver.Received::method).containsOnly("GET");
            assertThat(legacy).allSatisfy(r -> assertThat(r.body()).isEmpty());
            Map<String, String> q = fields(legacy.get(1).query());
            assertThat(q).containsEntry("token", "a b").containsEntry("msg_id", Long.toString(id)).containsEntry("status", "DELIVERED");
            assertThat(legacy.get(1).query()).startsWith("token=a%20b&msg_id=");

            // What the API shows for it.
            JsonNode d = awaitDelivery(gw, k, "msg_id=" + id + "&state=delivered", x -> true);
            assertThat(d.get("attempts").asInt()).isEqualTo(1);
            assertThat(d.get("last_status").asInt()).isEqualTo(200);
            assertThat(d.get("history")).hasSize(1);
            assertThat(d.get("history").get(0).get("status").asInt()).isEqualTo(200);
            assertThat(d.get("data").get("msg_id").asText()).isEqualTo(Long.toString(id));
            assertThat(HookSteps.deliveries(gw, k, "msg_id=" + id)).hasSize(6)
                    .allSatisfy(x -> assertThat(x.get("state").asText()).isEqualTo("DELIVERED"));
        }
    }

    @Test
    void deliveriesAreListedForTheirOwnAccountOnlyAndBadFiltersAreRefused() {
        try (TestGateway gw = TestGateway.start(ENV); WebhookReceiver receiver = WebhookReceiver.start()) {
            TestGateway.Key owner = gw.newAccount("5");
            TestGateway.Key other = gw.newAccount("5");
            subscribe(gw, owner, receiver.url("/a"));
            long id = sendSms(gw, owner);
            awaitDelivery(gw, owner, "msg_id=" + id, x -> x.get("state").asText().equals("DELIVERED"));
            assertThat(HookSteps.deliveries(gw, other, "msg_id=" + id)).isEmpty();
            assertThat(HookSteps.deliveries(gw, other, "")).isEmpty();
            assertThat(HookSteps.deliveries(gw, owner, "limit=1")).hasSize(1);

            for (String bad : new String[] {"limit=x", "msg_id=1e3", "state=lost", "before=%00"}) {
                var r = gw.get("/api/hooks/deliveries?" + bad, "X-Api-Key", owner.key());
                assertThat(r.status()).as(bad).isEqualTo(200);
                assertThat(read(r.body()).get("success").asBoolean()).as(bad).isFalse();
            }
            assertThat(gw.get("/api/hooks/deliveries").body()).isEqualTo("900");
        }
    }

    @Test
    void postgresDeliversAndRecordsLikeSqlite() {
        try (TestGateway gw = TestGateway.startPostgres(ENV); WebhookReceiver receiver = WebhookReceiver.start()) {
            TestGateway.Key k = gw.newAccount("5");
            subscribe(gw, k, receiver.url("/pg"));
            receiver.answer(r -> read(r.bodyText()).get("data").get("status").asText().equals("TRANSMITTED")
                    && receiver.received().isEmpty() ? 503 : 200);
            long id = sendSms(gw, k);
            JsonNode pending = awaitDelivery(gw, k, "msg_id=" + id, x -> x.get("attempts").asInt() == 1 && x.get("state").asText().equals("PENDING"));
            assertThat(pending.get("last_status").asInt()).isEqualTo(503);
            assertThat(pending.get("last_error").asText()).isEqualTo("HTTP 503");
            assertThat(receiver.received()).hasSize(1); // DELIVERED waits behind the TRANSMITTED being retried
        }
    }

    @Test
    void twoNodesOnOnePostgresDeliverEveryEventOnce() {
        String url = EmbeddedPostgres.freshDatabaseUrl();
        Map<String, String> a = new LinkedHashMap<>(ENV);
        a.putAll(Map.of("RINGWAY_DB_URL", url, "RINGWAY_DB_USER", "postgres", "RINGWAY_NODE_ID", "node-a"));
        Map<String, String> b = new LinkedHashMap<>(a);
        b.put("RINGWAY_NODE_ID", "node-b");
        try (TestGateway nodeA = TestGateway.start(a); TestGateway nodeB = TestGateway.start(b);
             WebhookReceiver receiver = WebhookReceiver.start()) {
            TestGateway.Key k = nodeA.newAccount("50");
            subscribe(nodeA, k, receiver.url("/both"));
            int messages = 60;
            for (int i = 0; i < messages; i++) sendSms(i % 2 == 0 ? nodeA : nodeB, k);
            List<WebhookReceiver.Received> got = receiver.await(2 * messages, Duration.ofSeconds(30));
            HookSteps.sleep(300); // no duplicates may follow
            got = receiver.received();
            Set<String> seen = new HashSet<>();
            for (WebhookReceiver.Received r : got) {
                JsonNode data = read(r.bodyText()).get("data");
                assertThat(seen.add(data.get("msg_id").asText() + "/" + data.get("status").asText())).as("duplicate %s", data).isTrue();
            }
            assertThat(got).hasSize(2 * messages);
        }
    }

    static Map<String, String> fields(String form) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : form.split("&")) {
            int eq = pair.indexOf('=');
            out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }
}
