package io.ringway.message;

import io.ringway.account.Account;
import io.ringway.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.ringway.message.SmsFixture.sms;
import static org.assertj.core.api.Assertions.assertThat;

/** Pricing, charging, debug mode, reload lock and daily limit, on both databases. */
class MessagesChargingTest {
    private static final String DE = "+491761234567";
    private static final String DE2 = "+491701234567";
    private static final String TWO_PARTS = "x".repeat(200); // GSM: 153 + 47
    private SmsFixture f;

    @AfterEach
    void close() {
        if (f != null) f.close();
    }

    private Account start(TestDatabase db, String balance) {
        f = new SmsFixture(db);
        return f.account(balance);
    }

    private List<Map<String, Object>> charges(Account a) {
        return f.rows("SELECT amount_micros, balance_after_micros, reference FROM ledger WHERE account_id = ? AND kind = 'sms' ORDER BY id", a.id());
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void priceIsPartsTimesTheDestinationPrice(TestDatabase db) {
        Account a = start(db, "1.00");
        SmsAcceptance r = f.send(a, sms(TWO_PARTS, DE));

        assertThat(r.code()).isEqualTo(100);
        assertThat(r.totalMicros()).isEqualTo(2 * 75_000);
        Map<String, Object> row = f.message(r.results().get(0).message().id());
        assertThat(row).containsEntry("parts", 2L).containsEntry("price_micros", 150_000L).containsEntry("recipient", "491761234567");
        assertThat(f.balanceMicros(a)).isEqualTo(850_000);
        assertThat(r.balanceMicros()).isEqualTo(850_000);
        assertThat(f.accounts.balance(a.id())).isEqualByComparingTo(new BigDecimal("0.85"));

        SmsAcceptance us = f.send(a, sms("hi", "+14155552671"));
        SmsAcceptance fr = f.send(a, sms("hi", "+33612345678"));
        assertThat(us.totalMicros()).isEqualTo(19_000);
        assertThat(fr.totalMicros()).as("unlisted country: default price").isEqualTo(90_000);
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aMultiRecipientRequestIsOneLedgerRowNamingItsMessages(TestDatabase db) {
        Account a = start(db, "1.00");
        SmsAcceptance r = f.send(a, sms("hello all", DE, DE2, "+436641234567"));

        assertThat(r.code()).isEqualTo(100);
        List<Long> ids = r.results().stream().map(x -> x.message().id()).toList();
        assertThat(ids).hasSize(3).doesNotHaveDuplicates();
        assertThat(r.totalMicros()).isEqualTo(75_000 + 75_000 + 79_000);
        List<Map<String, Object>> charges = charges(a);
        assertThat(charges).hasSize(1);
        assertThat(charges.get(0)).containsEntry("amount_micros", -229_000L).containsEntry("balance_after_micros", 771_000L);
        String reference = (String) charges.get(0).get("reference");
        assertThat(reference).isEqualTo("sms " + ids.get(0) + "-" + ids.get(2));
        assertThat(f.query("SELECT SUM(amount_micros) FROM ledger WHERE account_id = ?", a.id())).isEqualTo(f.balanceMicros(a));

        SmsAcceptance single = f.send(a, sms("just one", DE));
        assertThat(charges(a).get(1).get("reference")).isEqualTo("sms " + single.results().get(0).message().id());
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void tooLittleCreditIs500AndNothingIsStoredOrCharged(TestDatabase db) {
        Account a = start(db, "0.10");
        for (Account variant : List.of(a, f.update(a, "reload_lock = FALSE"), f.update(a, "reload_lock = TRUE, daily_limit = 5"))) {
            SmsAcceptance r = f.send(variant, sms("hello", DE, DE2));
            assertThat(r.code()).isEqualTo(500);
            assertThat(r.refusal()).isEqualTo(Refusal.INSUFFICIENT_CREDIT);
            assertThat(f.messageCount()).isZero();
            assertThat(f.balanceMicros(a)).isEqualTo(100_000);
            assertThat(charges(a)).isEmpty();
        }
        // the refused request left no reload lock or day count behind: after a top-up it goes through
        f.accounts.credit(a.id(), new BigDecimal("1"), "topup");
        Account now = f.accounts.find(a.id()).orElseThrow();
        assertThat(f.send(now, sms("hello", DE, DE2)).code()).isEqualTo(100);
        assertThat(f.query("SELECT MAX(sent) FROM daily_counts")).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void debugPricesEverythingButStoresAndChargesNothing(TestDatabase db) {
        Account a = start(db, "1.00");
        SmsAcceptance r = f.send(a, sms(TWO_PARTS, DE, "Group1", "+436641234567").debug());

        assertThat(r.debug()).isTrue();
        assertThat(r.code()).isEqualTo(101);
        assertThat(r.results()).extracting(SmsAcceptance.Result::priceMicros).containsExactly(150_000L, 0L, 158_000L);
        assertThat(r.results()).extracting(SmsAcceptance.Result::message).containsOnlyNulls();
        assertThat(r.totalMicros()).isZero();
        assertThat(r.balanceMicros()).isEqualTo(1_000_000);
        assertThat(f.messageCount()).isZero();
        assertThat(f.balanceMicros(a)).isEqualTo(1_000_000);
        assertThat(f.query("SELECT COUNT(*) FROM reload_locks")).isZero();

        // debug still validates
        assertThat(f.send(a, sms("x", DE).from("ABCDEFGHIJKL").debug()).code()).isEqualTo(201);
        // and takes no reload lock: the real send right after goes through
        assertThat(f.send(a, sms(TWO_PARTS, DE)).code()).isEqualTo(100);
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void reloadLockRefusesTheSameTextToTheSameRecipientFor180Seconds(TestDatabase db) {
        Account a = start(db, "5.00");
        assertThat(f.send(a, sms("Your code is 1234", DE)).code()).isEqualTo(100);
        long balance = f.balanceMicros(a);

        clock(Duration.ofSeconds(179));
        SmsAcceptance again = f.send(a, sms("Your code is 1234", DE));
        assertThat(again.code()).isEqualTo(402);
        assertThat(f.balanceMicros(a)).isEqualTo(balance);
        assertThat(f.messageCount()).isEqualTo(1);
        // other text, other recipient, other type: not the same SMS
        assertThat(f.send(a, sms("Your code is 1235", DE)).code()).isEqualTo(100);
        assertThat(f.send(a, sms("Your code is 1234", DE2)).code()).isEqualTo(100);
        assertThat(f.send(a, sms("Your code is 1234", DE).flash()).code()).isEqualTo(100);
        // same number written differently is the same recipient
        assertThat(f.send(a, sms("Your code is 1234", "01761234567")).code()).isEqualTo(402);
        // one locked recipient among others: the rest go through
        SmsAcceptance mixed = f.send(a, sms("Your code is 1234", DE, "+436641234567"));
        assertThat(mixed.code()).isEqualTo(101);
        assertThat(mixed.results()).extracting(SmsAcceptance.Result::refusal).containsExactly(Refusal.RELOAD_LOCK, null);

        clock(Duration.ofSeconds(2)); // 181 s after the first
        assertThat(f.send(a, sms("Your code is 1234", DE)).code()).isEqualTo(100);
        assertThat(f.send(a, sms("Your code is 1234", DE)).code()).as("the new send locks again").isEqualTo(402);
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void noReloadOrTheAccountSettingTurnTheLockOff(TestDatabase db) {
        Account a = start(db, "5.00");
        assertThat(f.send(a, sms("same", DE)).code()).isEqualTo(100);
        assertThat(f.send(a, sms("same", DE).noReload()).code()).isEqualTo(100);
        assertThat(f.send(a, sms("same", DE)).code()).isEqualTo(402);

        Account unlocked = f.update(a, "reload_lock = FALSE");
        assertThat(f.send(unlocked, sms("same", DE)).code()).isEqualTo(100);
        assertThat(f.send(unlocked, sms("same", DE)).code()).isEqualTo(100);
        assertThat(f.messageCount()).isEqualTo(4);
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void theDailyLimitPerRecipientIs403UntilTheNextDay(TestDatabase db) {
        Account a = f(db).update(f.account("5.00"), "daily_limit = 2");
        assertThat(f.send(a, sms("one", DE)).code()).isEqualTo(100);
        assertThat(f.send(a, sms("one", DE)).code()).as("reload lock; does not use up the limit").isEqualTo(402);
        assertThat(f.send(a, sms("two", DE)).code()).isEqualTo(100);
        SmsAcceptance third = f.send(a, sms("three", DE));
        assertThat(third.code()).isEqualTo(403);
        assertThat(third.refusal()).isEqualTo(Refusal.DAILY_LIMIT);
        assertThat(f.send(a, sms("three", "01761234567")).code()).as("same number, national format").isEqualTo(403);
        assertThat(f.send(a, sms("three", DE2)).code()).as("another recipient").isEqualTo(100);
        SmsAcceptance mixed = f.send(a, sms("four", DE, DE2));
        assertThat(mixed.code()).isEqualTo(101);
        assertThat(mixed.results()).extracting(SmsAcceptance.Result::refusal).containsExactly(Refusal.DAILY_LIMIT, null);
        assertThat(f.query("SELECT COUNT(*) FROM messages WHERE recipient = '491761234567'")).isEqualTo(2);

        // the day is the gateway's zone (Berlin): 2030-01-01 23:30 local is still the same day ...
        f.clock.set(Instant.parse("2030-01-01T22:30:00Z"));
        assertThat(f.send(a, sms("five", DE)).code()).isEqualTo(403);
        // ... and past local midnight the count starts again
        f.clock.set(Instant.parse("2030-01-01T23:00:01Z"));
        assertThat(f.send(a, sms("five", DE)).code()).isEqualTo(100);
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void creditForTheUnlockedRecipientsIsEnoughWhenOthersAreLocked(TestDatabase db) {
        Account a = start(db, "0.15");
        assertThat(f.send(a, sms("Locked text", DE)).code()).isEqualTo(100);
        // 0.075 left: covers one message. DE is locked, DE2 is new, so only DE2 needs paying for.
        SmsAcceptance mixed = f.send(a, sms("Locked text", DE, DE2));
        assertThat(mixed.code()).isEqualTo(101);
        assertThat(mixed.results()).extracting(SmsAcceptance.Result::refusal).containsExactly(Refusal.RELOAD_LOCK, null);
        assertThat(f.balanceMicros(a)).isZero();
        // and when even the cheapest recipient is not covered, nothing at all is written
        SmsAcceptance broke = f.send(a, sms("Another text", DE));
        assertThat(broke.code()).isEqualTo(500);
        assertThat(f.query("SELECT COUNT(*) FROM reload_locks WHERE account_id = ?", a.id())).isEqualTo(2);
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void creditCoveringOnlySomeOfTheUnlockedRecipientsRefusesAllAndUndoesTheLocks(TestDatabase db) {
        Account a = start(db, "0.10");
        SmsAcceptance refused = f.send(a, sms("Two new ones", DE, DE2));
        assertThat(refused.code()).isEqualTo(500);
        assertThat(f.balanceMicros(a)).isEqualTo(100_000);
        assertThat(f.messageCount()).isZero();
        assertThat(f.query("SELECT COUNT(*) FROM reload_locks WHERE account_id = ?", a.id())).as("lock rows undone").isZero();
    }

    private SmsFixture f(TestDatabase db) {
        f = new SmsFixture(db);
        return f;
    }

    private void clock(Duration d) { f.clock.advance(d); }
}
