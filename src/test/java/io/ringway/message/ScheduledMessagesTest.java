package io.ringway.message;

import io.ringway.account.Account;
import io.ringway.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.ringway.message.SmsFixture.flag;
import static io.ringway.message.SmsFixture.sms;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code delay}: messages held in the store until due, and deleting them (with a refund) before they are sent. */
class ScheduledMessagesTest {
    private static final String DE = "+491761234567";
    private SmsFixture f;

    @AfterEach
    void close() {
        if (f != null) f.close();
    }

    private Account start(TestDatabase db) {
        f = new SmsFixture(db);
        return f.account("1.00");
    }

    private String inAnHour() { return Long.toString(f.clock.instant().plus(Duration.ofHours(1)).getEpochSecond()); }

    private long id(SmsAcceptance r, int i) { return r.results().get(i).message().id(); }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aFutureDelayIsStoredScheduledAndNotLeasedUntilDue(TestDatabase db) {
        Account a = start(db);
        Instant due = f.clock.instant().plus(Duration.ofHours(1));
        SmsAcceptance r = f.send(a, sms("later", DE).delay(inAnHour()));

        assertThat(r.code()).isEqualTo(100);
        assertThat(r.dueNow(f.clock.millis())).isEmpty();
        Map<String, Object> row = f.message(id(r, 0));
        assertThat(flag(row.get("scheduled"))).isTrue();
        assertThat(row).containsEntry("status", "ACCEPTED").containsEntry("lease_owner", null)
                .containsEntry("due_at", due.toEpochMilli());
        assertThat(f.balanceMicros(a)).as("charged when accepted").isEqualTo(925_000);

        assertThat(f.queue.claimDue(10)).isEmpty();
        f.clock.advance(Duration.ofMinutes(59));
        assertThat(f.queue.claimDue(10)).isEmpty();
        f.clock.advance(Duration.ofMinutes(1));
        assertThat(f.queue.claimDue(10)).extracting(Message::id).containsExactly(id(r, 0));
        assertThat(f.queue.claimDue(10)).as("leased by the first claim").isEmpty();
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void everyDelayFormatSchedulesAtTheSameInstant(TestDatabase db) {
        Account a = start(db);
        // 2030-01-01 14:00 in Berlin; the clock stands at 13:00 Berlin
        List<String> forms = List.of("1893502800", "1893502800000", "2030-01-01 14:00", "2030-01-01 14:00:00",
                "Tue Jan 01 2030 14:00:00 GMT+0100 (Central European Standard Time)", "2030-01-01T13:00:00Z");
        for (String delay : forms) {
            SmsAcceptance r = f.send(a, sms("at two " + delay, DE).delay(delay));
            assertThat(r.code()).as(delay).isEqualTo(100);
            assertThat(f.message(id(r, 0)).get("due_at")).as(delay).isEqualTo(Instant.parse("2030-01-01T13:00:00Z").toEpochMilli());
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aPastDelayIsSentNow(TestDatabase db) {
        Account a = start(db);
        SmsAcceptance r = f.send(a, sms("overdue", DE).delay("2020-01-01 10:00"));
        Map<String, Object> row = f.message(id(r, 0));
        assertThat(flag(row.get("scheduled"))).isFalse();
        assertThat(row).containsEntry("due_at", f.clock.millis()).containsEntry("lease_owner", SmsFixture.NODE);
        assertThat(r.dueNow(f.clock.millis())).hasSize(1);
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void deletingScheduledMessagesRefundsThemAndLeavesEverythingElse(TestDatabase db) {
        Account a = start(db);
        Account other = f.account("1.00");
        SmsAcceptance scheduled = f.send(a, sms("later", DE, "+491701234567").delay(inAnHour()));
        long immediate = id(f.send(a, sms("now", DE)), 0);
        long foreign = id(f.send(other, sms("theirs", DE).delay(inAnHour())), 0);
        long balance = f.balanceMicros(a);

        List<Long> deleted = f.messages.deleteScheduled(a.id(), List.of(id(scheduled, 0), immediate, foreign, 999_999L));

        assertThat(deleted).containsExactly(id(scheduled, 0));
        assertThat(f.message(id(scheduled, 0))).isNull();
        assertThat(f.message(id(scheduled, 1))).isNotNull();
        assertThat(f.message(immediate)).isNotNull();
        assertThat(f.message(foreign)).isNotNull();
        assertThat(f.balanceMicros(a)).isEqualTo(balance + 75_000);
        assertThat(f.balanceMicros(other)).isEqualTo(925_000);
        assertThat(f.rows("SELECT amount_micros, reference FROM ledger WHERE account_id = ? AND kind = 'refund'", a.id()))
                .containsExactly(Map.of("amount_micros", 75_000L, "reference", "sms " + id(scheduled, 0) + " deleted"));
        assertThat(f.query("SELECT SUM(amount_micros) FROM ledger WHERE account_id = ?", a.id())).isEqualTo(f.balanceMicros(a));

        assertThat(f.messages.deleteScheduled(a.id(), List.of(id(scheduled, 0)))).as("deleted once").isEmpty();
        assertThat(f.balanceMicros(a)).isEqualTo(balance + 75_000);
    }

    /** A client holding the id of a deleted message must never see it name another one (sms77 ids are unique). */
    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void theIdOfADeletedMessageIsNeverGivenAgainAlsoAfterARestart(TestDatabase db) {
        Account a = start(db);
        long first = id(f.send(a, sms("now", DE)), 0);
        long newest = id(f.send(a, sms("later", DE).delay(inAnHour())), 0);
        assertThat(f.messages.deleteScheduled(a.id(), List.of(newest))).containsExactly(newest);

        long next = id(f.send(a, sms("again", DE)), 0);
        assertThat(next).isGreaterThan(newest);
        assertThat(f.messages.deleteScheduled(a.id(), List.of(id(f.send(a, sms("later still", DE).delay(inAnHour())), 0)))).hasSize(1);

        f = f.reopened();
        long afterRestart = id(f.send(a, sms("after restart", DE)), 0);
        assertThat(afterRestart).isGreaterThan(next + 1);
        assertThat(f.message(afterRestart)).containsEntry("text", "after restart");
        assertThat(f.message(first)).containsEntry("text", "now");
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aScheduledMessageBeingSentIsNotDeleted(TestDatabase db) {
        Account a = start(db);
        long id = id(f.send(a, sms("later", DE).delay(inAnHour())), 0);
        f.clock.advance(Duration.ofHours(1));
        assertThat(f.queue.claimDue(10)).hasSize(1);

        assertThat(f.messages.deleteScheduled(a.id(), List.of(id))).isEmpty();
        assertThat(f.message(id)).isNotNull();

        f.queue.record(List.of(new MessageQueue.Submitted(id, "sandbox", null))).join();
        f.clock.advance(Duration.ofHours(1)); // lease long gone, but it was sent
        assertThat(f.messages.deleteScheduled(a.id(), List.of(id))).isEmpty();
        assertThat(f.balanceMicros(a)).isEqualTo(925_000);
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void findReturnsOnlyTheCallersMessagesInTheOrderAsked(TestDatabase db) {
        Account a = start(db);
        Account other = f.account("1.00");
        long one = id(f.send(a, sms("one", DE)), 0);
        long two = id(f.send(a, sms("two", DE)), 0);
        long theirs = id(f.send(other, sms("three", DE)), 0);

        List<Message> found = f.messages.find(a.id(), List.of(two, theirs, one, 424242L));
        assertThat(found).extracting(Message::id).containsExactly(two, one);
        assertThat(found.get(0).text()).isEqualTo("two");
        assertThat(found.get(0).status()).isEqualTo(MessageStatus.ACCEPTED);
        assertThat(found.get(0).priceMicros()).isEqualTo(75_000);
    }
}
