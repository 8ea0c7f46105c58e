package io.ringway.dispatch;

import io.ringway.testing.TestGateway;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Scheduled messages wait in the store and go out when due, also when Ringway was down in between. */
class SchedulingTest {
    @Test
    void aScheduledMessageIsSentWhenDueNotBefore() {
        try (TestGateway gw = TestGateway.start(Map.of("RINGWAY_SANDBOX_RECEIPT_DELAY_MS", "10"))) {
            TestGateway.Key k = gw.newAccount("1");
            long due = Instant.now().plusSeconds(2).getEpochSecond();
            String id = gw.get("/api/sms?p=" + k.key() + "&return_msg_id=1&to=4915112345678&text=later&delay=" + due).body().split("\n")[1];
            assertThat(gw.get("/api/status?p=" + k.key() + "&msg_id=" + id).body()).startsWith("ACCEPTED\n");
            await().during(Duration.ofMillis(1200)).atMost(Duration.ofMillis(1500))
                    .until(() -> gw.get("/api/status?p=" + k.key() + "&msg_id=" + id).body().startsWith("ACCEPTED\n"));
            await().atMost(Duration.ofSeconds(5)).until(() -> gw.get("/api/status?p=" + k.key() + "&msg_id=" + id).body().startsWith("DELIVERED\n"));
            assertThat(Instant.now().getEpochSecond()).isGreaterThanOrEqualTo(due);
        }
    }

    @Test
    void aMessageThatBecameDueWhileStoppedIsSentAfterTheRestart() throws Exception {
        Path data = Files.createTempDirectory("ringway-schedule");
        try {
            String key;
            String id;
            try (TestGateway gw = TestGateway.startOn(data, Map.of())) {
                TestGateway.Key k = gw.newAccount("1");
                key = k.key();
                String at = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
                        .format(java.time.LocalDateTime.now(java.time.ZoneOffset.UTC).plusSeconds(2));
                id = gw.get("/api/sms?p=" + key + "&return_msg_id=1&to=4915112345678&text=later&delay=" + at.replace(" ", "%20"))
                        .body().split("\n")[1];
            }
            Thread.sleep(2500);
            try (TestGateway gw = TestGateway.startOn(data, Map.of())) {
                await().atMost(Duration.ofSeconds(5)).until(() -> gw.get("/api/status?p=" + key + "&msg_id=" + id).body().startsWith("DELIVERED\n"));
            }
        } finally {
            TestGateway.deleteTree(data);
        }
    }
}
