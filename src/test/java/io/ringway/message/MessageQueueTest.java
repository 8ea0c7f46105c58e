package io.ringway.message;

import io.ringway.account.Account;
import io.ringway.store.Store;
import io.ringway.testing.TestDatabase;
import io.ringway.webhook.Outbox;
import io.ringway.webhook.Webhooks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static io.ringway.message.SmsFixture.sms;
import static org.assertj.core.api.Assertions.assertThat;

/** The dispatcher's view of the store: leases on due messages and the outcomes carriers report. */
class MessageQueueTest {
    private static final String DE = "+491761234567";
    private SmsFixture f;
    private final List<Store> extraStores = new ArrayList<>();

    @AfterEach
    void close() {
        extraStores.forEach(Store::close);
        if (f != null) f.close();
    }

    private Account start(TestDatabase db) {
        f = new SmsFixture(db);
        return f.account("5.00");
    }

    /** Accepts a message due now and frees the lease the accepting node put on it, so the queue can claim it. */
    private long queued(Account a, String text) {
        long id = f.send(a, sms(text, DE)).results().get(0).message().id();
        f.queue.release(List.of(id)).join();
        return id;
    }

    private String status(long id) { return (String) f.message(id).get("status"); }

    private void record(MessageQueue.Outcome... outcomes) { f.queue.record(List.of(outcomes)).join(); }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void acceptedMessagesAreLeasedByTheAcceptingNodeUntilReleased(TestDatabase db) {
        Account a = start(db);
        long id = f.send(a, sms("now", DE)).results().get(0).message().id();
        assertThat(f.message(id)).containsEntry("lease_owner", SmsFixture.NODE)
                .containsEntry("lease_until", f.clock.millis() + SmsFixture.LEASE_MILLIS);
        assertThat(f.queue.claimDue(10)).isEmpty();

        assertThat(f.queue.releaseLeases(false)).isEqualTo(1);
        assertThat(f.queue.claimDue(10)).extracting(Message::id).containsExactly(id);
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aClaimLeasesRowsSoTheNextClaimSkipsThemUntilTheLeaseExpires(TestDatabase db) {
        Account a = start(db);
        long first = queued(a, "one");
        f.clock.advance(Duration.ofSeconds(1));
        long second = queued(a, "two");
        long third = queued(a, "three");

        assertThat(f.queue.claimDue(2)).extracting(Message::id).containsExactly(first, second);
        assertThat(f.queue.claimDue(10)).extracting(Message::id).containsExactly(third);
        assertThat(f.queue.claimDue(10)).isEmpty();

        f.clock.advance(Duration.ofMillis(SmsFixture.LEASE_MILLIS + 1));
        assertThat(f.queue.claimDue(10)).as("a dead node's leases run out").extracting(Message::id)
                .containsExactlyInAnyOrder(first, second, third);
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void releaseLeasesFreesThisNodesOrEveryNodesLeases(TestDatabase db) {
        Account a = start(db);
        long mine = queued(a, "mine");
        assertThat(f.queue.claimDue(10)).hasSize(1);
        long theirs = queued(a, "theirs");
        MessageQueue otherNode = new MessageQueue(f.store, f.clock, "node-b", SmsFixture.LEASE_MILLIS, SmsFixture.ZONE);
        assertThat(otherNode.claimDue(10)).extracting(Message::id).containsExactly(theirs);

        assertThat(f.queue.releaseLeases(false)).isEqualTo(1);
        assertThat(f.message(theirs)).containsEntry("lease_owner", "node-b");
        assertThat(f.queue.claimDue(10)).extracting(Message::id).containsExactly(mine);
        assertThat(f.queue.releaseLeases(true)).isEqualTo(2);
        assertThat(otherNode.claimDue(10)).extracting(Message::id).containsExactlyInAnyOrder(mine, theirs);
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void twoNodesClaimingAtOnceNeverGetTheSameMessage(TestDatabase db) throws Exception {
        Account a = start(db);
        List<Long> all = new ArrayList<>();
        for (int i = 0; i < 60; i++) all.add(queued(a, "msg " + i));
        Store second = db.open(f.url); // another node on PostgreSQL; another process on SQLite
        extraStores.add(second);
        MessageQueue nodeB = new MessageQueue(second, f.clock, "node-b", SmsFixture.LEASE_MILLIS, SmsFixture.ZONE);

        List<Long> claimed = Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = new ArrayList<>();
        for (MessageQueue q : List.of(f.queue, nodeB, f.queue, nodeB)) {
            threads.add(Thread.ofVirtual().start(() -> {
                for (List<Message> got; !(got = q.claimDue(3)).isEmpty(); ) got.forEach(m -> claimed.add(m.id()));
            }));
        }
        for (Thread t : threads) t.join(Duration.ofSeconds(60));
        assertThat(claimed).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(all);
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void submittedMarksTransmittedAndWritesTheJournalInTheSameTransaction(TestDatabase db) {
        Account a = start(db);
        long id = queued(a, "go");
        f.queue.claimDue(10);
        f.clock.advance(Duration.ofSeconds(2));
        record(new MessageQueue.Submitted(id, "sandbox", sql -> {
            sql.update("INSERT INTO sandbox_submits (message_id, recipient, parts, submitted_at) VALUES (?, 'r', 1, 0)", id);
            return null;
        }));

        assertThat(f.message(id)).containsEntry("status", "TRANSMITTED").containsEntry("connector", "sandbox")
                .containsEntry("attempts", 1L).containsEntry("lease_owner", null).containsEntry("status_at", f.clock.millis());
        assertThat(f.query("SELECT COUNT(*) FROM sandbox_submits WHERE message_id = ?", id)).isEqualTo(1);
        assertThat(f.queue.inFlight("sandbox")).extracting(Message::id).containsExactly(id);
        assertThat(f.queue.inFlight("smpp-1")).isEmpty();

        record(new MessageQueue.Reported(id, MessageStatus.DELIVERED, f.clock.millis(), null));
        assertThat(status(id)).isEqualTo("DELIVERED");
        assertThat(f.queue.inFlight("sandbox")).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void statusChangesWriteDlrEventsForTheAccountsSubscriptionsOnly(TestDatabase db) {
        Account a = start(db);
        Account other = f.account("1");
        Outbox outbox = new Outbox(f.store, SmsFixture.ZONE);
        Webhooks hooks = new Webhooks(f.store, f.clock, true, outbox);
        long hook = hooks.subscribe(a.id(), "http://127.0.0.1:9/dlr", "dlr", "GET", null, null).webhook().id();
        hooks.subscribe(other.id(), "http://127.0.0.1:9/mo", "sms_mo", null, null, null);
        MessageQueue queue = new MessageQueue(f.store, f.clock, SmsFixture.NODE, SmsFixture.LEASE_MILLIS, SmsFixture.ZONE, outbox);
        long sent = queued(a, "sent"), refused = queued(a, "refused"), foreign = queued(other, "foreign");
        queue.claimDue(10);

        queue.record(List.of(new MessageQueue.Submitted(sent, "sandbox", null), new MessageQueue.Submitted(foreign, "sandbox", null),
                new MessageQueue.Failed(refused, "sandbox", "no route"))).join();
        queue.record(List.of(new MessageQueue.Reported(sent, MessageStatus.DELIVERED, f.clock.millis(), null),
                new MessageQueue.Reported(sent, MessageStatus.DELIVERED, f.clock.millis(), null))).join();

        assertThat(f.rows("SELECT webhook_id, subject_id, event_type, state FROM webhook_deliveries ORDER BY id")).containsExactly(
                Map.of("webhook_id", hook, "subject_id", sent, "event_type", "dlr", "state", "PENDING"),
                Map.of("webhook_id", hook, "subject_id", refused, "event_type", "dlr", "state", "PENDING"),
                Map.of("webhook_id", hook, "subject_id", sent, "event_type", "dlr", "state", "PENDING"));
        assertThat(f.rows("SELECT payload FROM webhook_deliveries ORDER BY id")).extracting(r -> (String) r.get("payload"))
                .allSatisfy(p -> assertThat(p).startsWith("{\"msg_id\":\""))
                .satisfies(p -> assertThat(p.get(0)).contains("\"status\":\"TRANSMITTED\""))
                .satisfies(p -> assertThat(p.get(1)).contains("\"status\":\"FAILED\""))
                .satisfies(p -> assertThat(p.get(2)).as("a repeated receipt changes nothing and tells nobody").contains("\"status\":\"DELIVERED\""));
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void failedRefundsTheMessage(TestDatabase db) {
        Account a = start(db);
        long id = queued(a, "doomed");
        long before = f.balanceMicros(a);
        record(new MessageQueue.Failed(id, "sandbox", "submit refused"));

        assertThat(f.message(id)).containsEntry("status", "FAILED").containsEntry("error", "submit refused");
        assertThat(f.balanceMicros(a)).isEqualTo(before + 75_000);
        assertThat(f.rows("SELECT reference FROM ledger WHERE kind = 'refund'"))
                .containsExactly(Map.of("reference", "sms " + id + " failed"));

        record(new MessageQueue.Failed(id, "sandbox", "again"));
        assertThat(f.balanceMicros(a)).as("refunded once").isEqualTo(before + 75_000);
        assertThat(f.query("SELECT SUM(amount_micros) FROM ledger WHERE account_id = ?", a.id())).isEqualTo(f.balanceMicros(a));
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aFastReceiptIsNotOverwrittenByTheLateSubmit(TestDatabase db) {
        Account a = start(db);
        long id = queued(a, "fast");
        record(new MessageQueue.Reported(id, MessageStatus.DELIVERED, f.clock.millis(), null));
        record(new MessageQueue.Submitted(id, "sandbox", null));

        assertThat(f.message(id)).containsEntry("status", "DELIVERED").containsEntry("connector", "sandbox");
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void finalStatesAreNotChangedByLaterReports(TestDatabase db) {
        Account a = start(db);
        long delivered = queued(a, "d");
        long buffered = queued(a, "b");
        long failed = queued(a, "f");
        record(new MessageQueue.Submitted(delivered, "sandbox", null), new MessageQueue.Submitted(buffered, "sandbox", null),
                new MessageQueue.Failed(failed, "sandbox", "no route"));
        record(new MessageQueue.Reported(delivered, MessageStatus.DELIVERED, 1, null),
                new MessageQueue.Reported(buffered, MessageStatus.BUFFERED, 1, null));
        long balance = f.balanceMicros(a);

        record(new MessageQueue.Reported(delivered, MessageStatus.NOTDELIVERED, 2, "late"),
                new MessageQueue.Reported(failed, MessageStatus.DELIVERED, 2, null),
                new MessageQueue.Failed(delivered, "sandbox", "late failure"),
                new MessageQueue.Reported(buffered, MessageStatus.EXPIRED, 2, "validity over"));

        assertThat(f.message(delivered)).containsEntry("status", "DELIVERED").containsEntry("error", null);
        assertThat(status(failed)).isEqualTo("FAILED");
        assertThat(f.message(buffered)).as("BUFFERED is not final").containsEntry("status", "EXPIRED")
                .containsEntry("error", "validity over");
        assertThat(f.balanceMicros(a)).as("no refund for a delivered message").isEqualTo(balance);
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aCarrierCannotReportAMessageBackIntoTheQueue(TestDatabase db) {
        Account a = start(db);
        long id = queued(a, "sent");
        record(new MessageQueue.Submitted(id, "sandbox", null));
        record(new MessageQueue.Reported(id, MessageStatus.ACCEPTED, 1, null), new MessageQueue.Reported(id, MessageStatus.UNKNOWN, 1, null));
        assertThat(status(id)).isEqualTo("TRANSMITTED");
        assertThat(f.queue.claimDue(10)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void retryPutsTheMessageBackWithANewDueTime(TestDatabase db) {
        Account a = start(db);
        long id = queued(a, "flaky");
        assertThat(f.queue.claimDue(10)).hasSize(1);
        long dueAt = f.clock.millis() + 30_000;
        record(new MessageQueue.Retry(id, dueAt, "throttled"));

        assertThat(f.message(id)).containsEntry("status", "ACCEPTED").containsEntry("due_at", dueAt)
                .containsEntry("error", "throttled").containsEntry("attempts", 1L).containsEntry("lease_owner", null);
        assertThat(f.queue.claimDue(10)).isEmpty();
        f.clock.advance(Duration.ofSeconds(30));
        assertThat(f.queue.claimDue(10)).extracting(Message::id).containsExactly(id);
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void housekeepingDropsOnlyExpiredLocksAndOldDayCounts(TestDatabase db) {
        Account a = f(db).update(f.account("5.00"), "daily_limit = 10");
        f.send(a, sms("old", DE));
        f.clock.advance(Duration.ofDays(2));
        f.send(a, sms("new", DE));
        f.queue.housekeeping();

        assertThat(f.query("SELECT COUNT(*) FROM reload_locks")).isEqualTo(1);
        assertThat(f.query("SELECT COUNT(*) FROM daily_counts")).isEqualTo(1);
        assertThat(f.send(a, sms("new", DE)).code()).as("the live lock survived").isEqualTo(402);
    }

    private SmsFixture f(TestDatabase db) {
        f = new SmsFixture(db);
        return f;
    }
}
