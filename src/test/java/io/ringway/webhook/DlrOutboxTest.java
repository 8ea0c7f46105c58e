package io.ringway.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ringway.testing.TestGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Status changes of a message become dlr events in the outbox, for the matching subscriptions of its account only. */
class DlrOutboxTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestGateway gw;

    @BeforeAll
    static void start() {
        gw = TestGateway.start(Map.of("RINGWAY_WEBHOOKS_ALLOW_PRIVATE_TARGETS", "true", "RINGWAY_SANDBOX_RECEIPT_DELAY_MS", "50"));
    }

    @AfterAll
    static void stop() { gw.close(); }

    private record Row(long webhookId, String eventType, long subjectId, String state, JsonNode payload) {}

    private static List<Row> outbox(long accountId) throws Exception {
        List<Row> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + gw.dataDir().resolve("ringway.db"));
             var st = c.prepareStatement("SELECT webhook_id, event_type, subject_id, state, payload FROM webhook_deliveries "
                     + "WHERE account_id = ? ORDER BY id")) {
            st.setLong(1, accountId);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) out.add(new Row(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getString(4), JSON.readTree(rs.getString(5))));
            }
        }
        return out;
    }

    private static long subscribe(TestGateway.Key k, String type) throws Exception {
        var r = gw.postForm("/api/hooks", "action=subscribe&event_type=" + type + "&target_url="
                + URLEncoder.encode("http://127.0.0.1:9/" + type, StandardCharsets.UTF_8), "X-Api-Key", k.key());
        JsonNode n = JSON.readTree(r.body());
        assertThat(n.get("success").asBoolean()).as(r.body()).isTrue();
        return n.get("id").asLong();
    }

    private static long send(TestGateway.Key k) {
        var r = gw.get("/api/sms?p=" + k.key() + "&to=4915112345678&text=outbox+" + System.nanoTime() + "&return_msg_id=1");
        return Long.parseLong(r.body().split("\n")[1]);
    }

    private static void awaitOutbox(long accountId, int rows) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (outbox(accountId).size() < rows) {
            assertThat(System.nanoTime()).as("%d outbox rows for account %d", rows, accountId).isLessThan(deadline);
            Thread.sleep(20); // waiting for the sandbox's receipt (50 ms), not for a time rule
        }
    }

    @Test
    void everyStatusChangeBecomesOneDlrEventPerMatchingSubscriptionInOrder() throws Exception {
        TestGateway.Key k = gw.newAccount("1");
        long dlrHook = subscribe(k, "dlr");
        long allHook = subscribe(k, "all");
        subscribe(k, "sms_mo"); // another type: gets none of these
        long id = send(k);
        awaitOutbox(k.accountId(), 4);
        Thread.sleep(200); // nothing more may come

        List<Row> rows = outbox(k.accountId());
        assertThat(rows).hasSize(4);
        assertThat(rows).allSatisfy(r -> {
            assertThat(r.eventType()).isEqualTo("dlr");
            assertThat(r.subjectId()).isEqualTo(id);
            assertThat(r.state()).isEqualTo("PENDING");
            assertThat(r.payload().get("msg_id").asText()).isEqualTo(Long.toString(id));
            assertThat(r.payload().get("timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3}");
        });
        assertThat(rows).extracting(Row::webhookId).containsExactly(dlrHook, allHook, dlrHook, allHook);
        assertThat(rows).extracting(r -> r.payload().get("status").asText())
                .containsExactly("TRANSMITTED", "TRANSMITTED", "DELIVERED", "DELIVERED");
    }

    @Test
    void accountsWithoutSubscriptionsOrAfterUnsubscribingGetNoEvents() throws Exception {
        TestGateway.Key quiet = gw.newAccount("1");
        TestGateway.Key gone = gw.newAccount("1");
        long hook = subscribe(gone, "dlr");
        assertThat(JSON.readTree(gw.postForm("/api/hooks", "action=unsubscribe&id=" + hook, "X-Api-Key", gone.key()).body())
                .get("success").asBoolean()).isTrue();
        TestGateway.Key witness = gw.newAccount("1");
        subscribe(witness, "dlr");

        send(quiet);
        send(gone);
        send(witness);
        awaitOutbox(witness.accountId(), 2); // the witness's message was sent after the others and is DELIVERED
        assertThat(outbox(quiet.accountId())).isEmpty();
        assertThat(outbox(gone.accountId())).isEmpty();
    }
}
