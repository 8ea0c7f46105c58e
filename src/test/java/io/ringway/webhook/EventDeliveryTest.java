package io.ringway.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import io.ringway.account.Account;
import io.ringway.account.Accounts;
import io.ringway.store.Store;
import io.ringway.testing.MutableClock;
import io.ringway.testing.TestDatabase;
import io.ringway.testing.WebhookReceiver;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static io.ringway.webhook.HookSteps.read;
import static io.ringway.webhook.HookSteps.signatureValid;
import static io.ringway.webhook.WebhookDeliveryTest.fields;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Events other than {@code dlr} (their producers come with inbound SMS and calls) go through the same outbox and
 * deliverer: each reaches the subscriptions of its type and {@code all}, with the documented fields and JSON types.
 */
class EventDeliveryTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2030-05-01T08:00:00Z"));

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void publishedEventsReachTheirTypesSubscribersWithTheDocumentedPayloads(TestDatabase db) throws Exception {
        try (Store store = db.openFresh(); WebhookReceiver receiver = WebhookReceiver.start()) {
            Account account = new Accounts(store, clock, new Accounts.Defaults("EUR", "DE", true))
                    .create("events", new BigDecimal("1")).account();
            Outbox outbox = new Outbox(store, ZoneOffset.UTC);
            Webhooks webhooks = new Webhooks(store, clock, true, outbox);
            webhooks.subscribe(account.id(), receiver.url("/mo"), "sms_mo", "POST", null, null);
            webhooks.subscribe(account.id(), receiver.url("/voice"), "voice_status", "JSON", null, null);
            webhooks.subscribe(account.id(), receiver.url("/everything"), "all", "JSON", null, null);
            Deliverer deliverer = new Deliverer(store, clock, ZoneOffset.UTC, "node-1", outbox, new Deliverer.Options(
                    Duration.ofSeconds(5), 4, 32, 256, 64, 20, 120_000, true, db == TestDatabase.SQLITE, Duration.ofDays(1)));
            deliverer.start();
            try {
                long at = clock.millis();
                List<WebhookEvent> events = List.of(
                        WebhookEvent.smsMo(account.id(), 77, "+4917612345678", "+4915112345678", "Hallo Grüße", "2030-05-01 08:00:00", at),
                        WebhookEvent.voiceStatus(account.id(), 88, "+4930123456", "+4915112345678", "completed", "42", 0.045, at / 1000, at),
                        WebhookEvent.voiceDtmf(account.id(), 88, "+4930123456", "+4915112345678", 3, "completed", 42, 0.045, 0.09,
                                "+4915112345678", at / 1000, at));
                store.write(sql -> {
                    for (WebhookEvent e : events) outbox.publish(sql, e);
                    return null;
                });
                receiver.await(5, Duration.ofSeconds(15)); // mo + voice_status to their own, all three to "all"
                HookSteps.sleep(200);
                assertThat(receiver.received()).hasSize(5).allSatisfy(r -> assertThat(signatureValid(r, account.signingSecret())).isTrue());

                var mo = fields(receiver.received(r -> r.path().equals("/mo")).get(0).bodyText());
                assertThat(mo).containsEntry("id", "77").containsEntry("sender", "+4917612345678").containsEntry("text", "Hallo Grüße")
                        .containsEntry("message_type", "SMS").containsEntry("webhook_event", "sms_mo");

                JsonNode voice = read(receiver.received(r -> r.path().equals("/voice")).get(0).bodyText());
                assertThat(voice.get("webhook_event").asText()).isEqualTo("voice_status");
                assertThat(voice.get("data").get("id").isTextual()).isTrue();
                assertThat(voice.get("data").get("duration").asText()).isEqualTo("42");
                assertThat(voice.get("data").get("pricePerMinute").isNumber()).isTrue();

                List<JsonNode> all = receiver.received(r -> r.path().equals("/everything")).stream().map(r -> read(r.bodyText())).toList();
                assertThat(all).extracting(n -> n.get("webhook_event").asText()).containsExactlyInAnyOrder("sms_mo", "voice_status", "voice_dtmf");
                JsonNode dtmf = all.stream().filter(n -> n.get("webhook_event").asText().equals("voice_dtmf")).findFirst().orElseThrow().get("data");
                assertThat(dtmf.get("dtmf_digit").asInt()).isEqualTo(3);
                assertThat(dtmf.get("id").isNumber()).isTrue();
                assertThat(dtmf.get("total_price").asDouble()).isEqualTo(0.09);
            } finally {
                deliverer.close();
            }
        }
    }
}
