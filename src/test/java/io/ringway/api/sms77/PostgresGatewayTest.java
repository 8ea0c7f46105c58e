package io.ringway.api.sms77;

import io.ringway.testing.TestGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The whole SMS path on PostgreSQL: same migrations, same queries, same replies as on SQLite. */
class PostgresGatewayTest {
    private static TestGateway gw;

    @BeforeAll
    static void start() { gw = TestGateway.startPostgres(Map.of("RINGWAY_SANDBOX_RECEIPT_DELAY_MS", "50")); }

    @AfterAll
    static void stop() { gw.close(); }

    @Test
    void sendChargeDeliverAndReport() {
        TestGateway.Key k = gw.newAccount("1");
        String text = "pg " + System.nanoTime();
        String[] reply = gw.get("/api/sms?p=" + k.key() + "&return_msg_id=1&to=4915112345678,4915112349004&text=" + text.replace(" ", "+")).body().split("\n");
        assertThat(reply[0]).isEqualTo("101");
        String id = reply[1];
        await().atMost(Duration.ofSeconds(5)).until(() -> gw.get("/api/status?p=" + k.key() + "&msg_id=" + id).body().startsWith("DELIVERED\n"));
        assertThat(gw.get("/api/balance?p=" + k.key()).body()).isEqualTo("0.925");
        assertThat(gw.get("/api/sms?p=" + k.key() + "&to=4915112345678&text=" + text.replace(" ", "+")).body()).isEqualTo("402");
    }

    @Test
    void scheduleDeleteAndRefund() {
        TestGateway.Key k = gw.newAccount("1");
        long at = Instant.now().plusSeconds(600).getEpochSecond();
        String id = gw.get("/api/sms?p=" + k.key() + "&return_msg_id=1&to=4915112345678&text=later&delay=" + at).body().split("\n")[1];
        assertThat(gw.get("/api/balance?p=" + k.key()).body()).isEqualTo("0.925");
        var del = gw.send("DELETE", "/api/sms", "application/json", ("{\"ids\":[\"" + id + "\"]}").getBytes(), "X-Api-Key", k.key());
        assertThat(del.body()).isEqualTo("{\"success\":true,\"deleted\":[\"" + id + "\"]}");
        assertThat(gw.get("/api/balance?p=" + k.key()).body()).isEqualTo("1.00");
    }

    @Test
    void scheduledMessageIsClaimedWithSkipLockedWhenDue() {
        TestGateway.Key k = gw.newAccount("1");
        long at = Instant.now().plusSeconds(1).getEpochSecond();
        String id = gw.get("/api/sms?p=" + k.key() + "&return_msg_id=1&to=4915112345678&text=soon&delay=" + at).body().split("\n")[1];
        await().atMost(Duration.ofSeconds(6)).until(() -> gw.get("/api/status?p=" + k.key() + "&msg_id=" + id).body().startsWith("DELIVERED\n"));
    }

    @Test
    void insufficientCreditChangesNothing() {
        TestGateway.Key k = gw.newAccount("0.1");
        assertThat(gw.get("/api/sms?p=" + k.key() + "&to=4915112345678,4915112345679&text=two").body()).isEqualTo("500");
        assertThat(gw.get("/api/balance?p=" + k.key()).body()).isEqualTo("0.10");
    }
}
