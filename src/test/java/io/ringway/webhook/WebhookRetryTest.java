package io.ringway.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import io.ringway.testing.MutableClock;
import io.ringway.testing.TestGateway;
import io.ringway.testing.WebhookReceiver;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static io.ringway.webhook.HookSteps.apiMillis;
import static io.ringway.webhook.HookSteps.awaitDelivery;
import static io.ringway.webhook.HookSteps.read;
import static io.ringway.webhook.HookSteps.sendSms;
import static io.ringway.webhook.HookSteps.subscribe;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * What happens when receivers fail: the retry schedule (on a clock the test moves, no sleeping through it), answers
 * that end a delivery, timeouts, a receiver down across a restart, a slow receiver next to a healthy one, removed
 * subscriptions, and targets that turn private.
 */
class WebhookRetryTest {
    private static final Map<String, String> ENV = Map.of("RINGWAY_WEBHOOKS_ALLOW_PRIVATE_TARGETS", "true",
            "RINGWAY_SANDBOX_RECEIPT_DELAY_MS", "50", "RINGWAY_WEBHOOKS_POLL_MS", "20");

    private final MutableClock clock = new MutableClock(Instant.parse("2030-03-01T10:00:00Z"));

    private static String status(WebhookReceiver.Received r) { return read(r.bodyText()).get("data").get("status").asText(); }

    /** The wait after attempt {@code n} must be 37 s × 2^(n−1), ±10 %. */
    private static void assertScheduled(JsonNode d, int attempt) {
        JsonNode history = d.get("history");
        long tried = apiMillis(history.get(attempt - 1).get("at"));
        long wait = apiMillis(d.get("next_attempt")) - tried;
        double expected = 37_000.0 * (1L << (attempt - 1));
        assertThat((double) wait).as("wait after attempt %d", attempt).isBetween(expected * 0.9, expected * 1.1);
    }

    @Test
    void temporaryFailuresAreRetriedOnTheScheduleAndTheMessagesLaterEventWaitsItsTurn() {
        try (TestGateway gw = TestGateway.start(ENV, clock); WebhookReceiver receiver = WebhookReceiver.start()) {
            TestGateway.Key k = gw.newAccount("5");
            long hook = subscribe(gw, k, receiver.url("/flaky"));
            int[] answers = {503, 500, 429, 200, 200};
            AtomicInteger calls = new AtomicInteger();
            receiver.answer(r -> answers[Math.min(calls.getAndIncrement(), answers.length - 1)]);
            long id = sendSms(gw, k);

            for (int attempt = 1; attempt <= 3; attempt++) {
                JsonNode d = awaitAttempts(gw, k, id, "TRANSMITTED", attempt);
                assertThat(d.get("state").asText()).isEqualTo("PENDING");
                assertThat(d.get("hook_id").asLong()).isEqualTo(hook);
                assertThat(d.get("last_status").asInt()).isEqualTo(answers[attempt - 1]);
                assertScheduled(d, attempt);
                HookSteps.sleep(100);
                assertThat(receiver.received()).as("nothing is sent before it is due").hasSize(attempt);
                clock.set(Instant.ofEpochMilli(apiMillis(d.get("next_attempt")) + 1));
            }
            List<WebhookReceiver.Received> all = receiver.await(5, Duration.ofSeconds(15));
            assertThat(all).extracting(WebhookRetryTest::status)
                    .containsExactly("TRANSMITTED", "TRANSMITTED", "TRANSMITTED", "TRANSMITTED", "DELIVERED");
            assertThat(all).extracting(WebhookReceiver.Received::answeredWith).containsExactly(503, 500, 429, 200, 200);

            JsonNode transmitted = awaitEvent(gw, k, id, "TRANSMITTED", "DELIVERED");
            assertThat(transmitted.get("attempts").asInt()).isEqualTo(4);
            assertThat(transmitted.get("history")).extracting(h -> h.get("status").asInt()).containsExactly(503, 500, 429, 200);
            assertThat(transmitted.get("finished").isNull()).isFalse();
            assertThat(awaitEvent(gw, k, id, "DELIVERED", "DELIVERED").get("attempts").asInt()).isEqualTo(1);
        }
    }

    @Test
    void answersOtherThan429And5xxEndTheDeliveryAndRedirectsAreNotFollowed() {
        try (TestGateway gw = TestGateway.start(ENV, clock); WebhookReceiver receiver = WebhookReceiver.start()) {
            TestGateway.Key k = gw.newAccount("5");
            subscribe(gw, k, receiver.url("/gone"));
            receiver.answer(r -> status(r).equals("TRANSMITTED") ? 404 : 301);
            long id = sendSms(gw, k);
            JsonNode first = awaitEvent(gw, k, id, "TRANSMITTED", "FAILED");
            JsonNode second = awaitEvent(gw, k, id, "DELIVERED", "FAILED");
            assertThat(first.get("attempts").asInt()).isEqualTo(1);
            assertThat(first.get("last_status").asInt()).isEqualTo(404);
            assertThat(first.get("last_error").asText()).isEqualTo("HTTP 404");
            assertThat(second.get("last_status").asInt()).isEqualTo(301);
            assertThat(second.get("next_attempt").isNull()).isTrue();
            clock.advance(Duration.ofDays(5));
            HookSteps.sleep(200);
            assertThat(receiver.received()).hasSize(2);
        }
    }

    @Test
    void anUnreachableReceiverIsTriedFourteenTimesOverAboutThreeAndAHalfDays() throws Exception {
        int port = freePort();
        try (TestGateway gw = TestGateway.start(ENV, clock)) {
            TestGateway.Key k = gw.newAccount("5");
            subscribe(gw, k, "http://127.0.0.1:" + port + "/nobody");
            long id = sendSms(gw, k);
            JsonNode d = null;
            for (int attempt = 1; attempt <= 13; attempt++) {
                d = awaitAttempts(gw, k, id, "TRANSMITTED", attempt);
                assertThat(d.get("state").asText()).isEqualTo("PENDING");
                assertThat(d.get("last_status").isNull()).isTrue();
                assertThat(d.get("last_error").asText()).startsWith("connection failed");
                assertScheduled(d, attempt);
                clock.set(Instant.ofEpochMilli(apiMillis(d.get("next_attempt")) + 1));
            }
            d = awaitEvent(gw, k, id, "TRANSMITTED", "FAILED");
            assertThat(d.get("attempts").asInt()).isEqualTo(14);
            assertThat(d.get("history")).hasSize(14).allSatisfy(h -> assertThat(h.get("error").asText()).startsWith("connection failed"));
            long span = apiMillis(d.get("history").get(13).get("at")) - apiMillis(d.get("history").get(0).get("at"));
            double expected = 37_000.0 * ((1 << 13) - 1); // 84.2 hours
            assertThat((double) span).isBetween(expected * 0.9, expected * 1.1);
            assertThat(span / 86_400_000.0).isCloseTo(3.5, within(0.4));
        }
    }

    @Test
    void aReceiverThatDoesNotAnswerInTimeIsTriedAgain() {
        Map<String, String> env = new HashMap<>(ENV);
        env.put("RINGWAY_WEBHOOKS_TIMEOUT_MS", "300");
        try (TestGateway gw = TestGateway.start(env, clock); WebhookReceiver receiver = WebhookReceiver.start()) {
            TestGateway.Key k = gw.newAccount("5");
            subscribe(gw, k, receiver.url("/slow"));
            receiver.hold();
            long id = sendSms(gw, k);
            JsonNode d = awaitAttempts(gw, k, id, "TRANSMITTED", 1);
            assertThat(d.get("last_error").asText()).isEqualTo("no answer within 300 ms");
            assertThat(d.get("history").get(0).get("ms").asLong()).isBetween(300L, 5_000L);
            receiver.release();
            clock.set(Instant.ofEpochMilli(apiMillis(d.get("next_attempt")) + 1));
            assertThat(awaitEvent(gw, k, id, "DELIVERED", "DELIVERED").get("attempts").asInt()).isEqualTo(1);
            assertThat(awaitEvent(gw, k, id, "TRANSMITTED", "DELIVERED").get("attempts").asInt()).isEqualTo(2);
        }
    }

    @Test
    void aReceiverDownAcrossARestartGetsItsEventsInOrderWhenTheScheduleResumes() throws Exception {
        Path dir = Files.createTempDirectory("ringway-hooks");
        int port = freePort();
        TestGateway.Key k;
        long id;
        try (TestGateway gw = TestGateway.startOn(dir, ENV, clock)) {
            k = gw.newAccount("5");
            subscribe(gw, k, "http://127.0.0.1:" + port + "/later");
            id = sendSms(gw, k);
            awaitAttempts(gw, k, id, "TRANSMITTED", 1);
            awaitEvent(gw, k, id, "DELIVERED", "PENDING");
        }
        try (WebhookReceiver receiver = WebhookReceiver.start(port)) {
            clock.advance(Duration.ofSeconds(30));
            try (TestGateway gw = TestGateway.startOn(dir, ENV, clock)) {
                HookSteps.sleep(200);
                assertThat(receiver.received()).as("not due 30 s after the first attempt").isEmpty();
                clock.advance(Duration.ofSeconds(15));
                List<WebhookReceiver.Received> got = receiver.await(2, Duration.ofSeconds(15));
                assertThat(got).extracting(WebhookRetryTest::status).containsExactly("TRANSMITTED", "DELIVERED");
                JsonNode d = awaitEvent(gw, k, id, "TRANSMITTED", "DELIVERED");
                assertThat(d.get("attempts").asInt()).isEqualTo(2);
                assertThat(d.get("history").get(0).get("error").asText()).startsWith("connection failed");
                assertThat(d.get("history").get(1).get("status").asInt()).isEqualTo(200);
            }
        } finally {
            TestGateway.deleteTree(dir);
        }
    }

    @Test
    void aRequestCutOffByShutdownIsSentAgainAfterTheRestartWithoutCountingAnAttempt() throws Exception {
        Path dir = Files.createTempDirectory("ringway-hooks");
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            TestGateway.Key k;
            long id;
            receiver.hold();
            try (TestGateway gw = TestGateway.startOn(dir, ENV, clock)) {
                k = gw.newAccount("5");
                subscribe(gw, k, receiver.url("/cut"));
                id = sendSms(gw, k);
                long deadline = System.nanoTime() + 10_000_000_000L;
                while (receiver.holding() == 0) {
                    assertThat(System.nanoTime()).isLessThan(deadline);
                    HookSteps.sleep(10);
                }
            }
            receiver.release();
            try (TestGateway gw = TestGateway.startOn(dir, ENV, clock)) {
                JsonNode d = awaitEvent(gw, k, id, "TRANSMITTED", "DELIVERED");
                assertThat(d.get("attempts").asInt()).isEqualTo(1);
                assertThat(d.get("history")).hasSize(1);
                awaitEvent(gw, k, id, "DELIVERED", "DELIVERED");
            }
            // At least once: the cut-off request may have reached the receiver too, the restart sent it again.
            assertThat(receiver.received(r -> status(r).equals("TRANSMITTED"))).isNotEmpty();
        } finally {
            TestGateway.deleteTree(dir);
        }
    }

    @Test
    void aReceiverThatHangsHoldsOnlyItsOwnLaneAndTheApiStaysFast() {
        Map<String, String> env = new HashMap<>(ENV);
        env.put("RINGWAY_WEBHOOKS_CONCURRENCY_PER_HOST", "2");
        env.put("RINGWAY_WEBHOOKS_TIMEOUT_MS", "60000");
        try (TestGateway gw = TestGateway.start(env, clock); WebhookReceiver stuck = WebhookReceiver.start();
             WebhookReceiver healthy = WebhookReceiver.start()) {
            TestGateway.Key k = gw.newAccount("50");
            subscribe(gw, k, stuck.url("/stuck"));
            subscribe(gw, k, healthy.url("/healthy"));
            stuck.hold();
            int messages = 20;
            long slowest = 0;
            for (int i = 0; i < messages; i++) {
                long t0 = System.nanoTime();
                sendSms(gw, k);
                slowest = Math.max(slowest, System.nanoTime() - t0);
            }
            healthy.await(2 * messages, Duration.ofSeconds(20));
            assertThat(stuck.received()).isEmpty();
            assertThat(stuck.maxInFlight()).isLessThanOrEqualTo(2);
            assertThat(slowest / 1_000_000).as("slowest API send, ms").isLessThan(2_000);

            stuck.release();
            stuck.await(2 * messages, Duration.ofSeconds(30));
            assertThat(stuck.maxInFlight()).isLessThanOrEqualTo(2);
            HookSteps.sleep(300); // a delivery claimed twice while it waited would arrive now
            assertThat(stuck.received()).hasSize(2 * messages)
                    .extracting(r -> read(r.bodyText()).get("data").toString()).doesNotHaveDuplicates();
        }
    }

    @Test
    void eventsNotYetSentWhenTheSubscriptionIsRemovedAreCancelled() {
        try (TestGateway gw = TestGateway.start(ENV, clock); WebhookReceiver receiver = WebhookReceiver.start()) {
            TestGateway.Key k = gw.newAccount("5");
            long hook = subscribe(gw, k, receiver.url("/bye"));
            receiver.hold();
            long id = sendSms(gw, k);
            awaitEvent(gw, k, id, "DELIVERED", "PENDING");
            var r = gw.postForm("/api/hooks", "action=unsubscribe&id=" + hook, "X-Api-Key", k.key());
            assertThat(read(r.body()).get("success").asBoolean()).isTrue();
            receiver.release();
            JsonNode cancelled = awaitEvent(gw, k, id, "DELIVERED", "CANCELLED");
            assertThat(cancelled.get("attempts").asInt()).isZero();
            assertThat(cancelled.get("last_error").asText()).isEqualTo("unsubscribed");
            awaitEvent(gw, k, id, "TRANSMITTED", "DELIVERED"); // it was on its way already
            HookSteps.sleep(200);
            assertThat(receiver.received()).extracting(WebhookRetryTest::status).containsExactly("TRANSMITTED");
        }
    }

    @Test
    void aTargetOnAPrivateAddressIsNotCalledWhenTheOperatorDoesNotAllowIt() throws Exception {
        Path dir = Files.createTempDirectory("ringway-hooks");
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            TestGateway.Key k;
            try (TestGateway gw = TestGateway.startOn(dir, ENV, clock)) {
                k = gw.newAccount("5");
                subscribe(gw, k, receiver.url("/inside"));
            }
            Map<String, String> strict = new HashMap<>(ENV);
            strict.put("RINGWAY_WEBHOOKS_ALLOW_PRIVATE_TARGETS", "false");
            try (TestGateway gw = TestGateway.startOn(dir, strict, clock)) {
                long id = sendSms(gw, k);
                JsonNode d = awaitAttempts(gw, k, id, "TRANSMITTED", 1);
                assertThat(d.get("last_error").asText()).isEqualTo("target resolves to a private or local address");
                assertThat(d.get("state").asText()).isEqualTo("PENDING");
            }
            assertThat(receiver.received()).isEmpty();
        } finally {
            TestGateway.deleteTree(dir);
        }
    }

    private static JsonNode awaitAttempts(TestGateway gw, TestGateway.Key k, long id, String status, int attempts) {
        return awaitDelivery(gw, k, "msg_id=" + id, x -> x.get("data").get("status").asText().equals(status)
                && x.get("attempts").asInt() == attempts);
    }

    private static JsonNode awaitEvent(TestGateway gw, TestGateway.Key k, long id, String status, String state) {
        return awaitDelivery(gw, k, "msg_id=" + id, x -> x.get("data").get("status").asText().equals(status)
                && x.get("state").asText().equals(state));
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
