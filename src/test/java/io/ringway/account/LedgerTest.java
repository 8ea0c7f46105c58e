package io.ringway.account;

import io.ringway.store.Store;
import io.ringway.testing.MutableClock;
import io.ringway.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static io.ringway.testing.TestDatabase.queryLong;
import static org.assertj.core.api.Assertions.assertThat;

/** The balance is the running total of the ledger, exact under any mix and concurrency of changes. */
class LedgerTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T12:00:00Z"));
    private final List<Store> stores = new ArrayList<>();

    @AfterEach
    void close() {
        stores.forEach(Store::close);
    }

    private Store open(TestDatabase db, String url) {
        Store s = db.open(url);
        stores.add(s);
        return s;
    }

    private long newAccount(Store store, String balance) {
        return new Accounts(store, clock, new Accounts.Defaults("EUR", "DE", true))
                .create("acct", new BigDecimal(balance)).account().id();
    }

    private static boolean debit(Store store, long account, long micros, String ref) {
        return store.write(sql -> Ledger.debit(sql, account, micros, "sms", ref, 0));
    }

    /** Balance equals the ledger's sum, and every row's balance_after is the running total up to it. */
    private static void assertConsistent(Store store, long account) {
        long balance = queryLong(store, "SELECT balance_micros FROM accounts WHERE id = ?", account);
        Long sum = queryLong(store, "SELECT COALESCE(SUM(amount_micros), 0) FROM ledger WHERE account_id = ?", account);
        assertThat(sum).as("sum of ledger amounts").isEqualTo(balance);
        assertThat(balance).isNotNegative();
        List<long[]> rows = store.read(sql -> {
            List<long[]> out = new ArrayList<>();
            try (ResultSet rs = sql.bind("SELECT amount_micros, balance_after_micros FROM ledger WHERE account_id = ? ORDER BY id", account)
                    .executeQuery()) {
                while (rs.next()) out.add(new long[] {rs.getLong(1), rs.getLong(2)});
            }
            return out;
        });
        long running = 0;
        for (long[] row : rows) {
            running += row[0];
            assertThat(row[1]).as("balance_after of a ledger row").isEqualTo(running);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void balanceIsTheSumOfTheLedgerAfterMixedChanges(TestDatabase db) {
        Store store = open(db, db.freshUrl());
        long id = newAccount(store, "5.00");
        Accounts accounts = new Accounts(store, clock, new Accounts.Defaults("EUR", "DE", true));
        assertThat(debit(store, id, 75_000, "sms 1")).isTrue();
        assertThat(debit(store, id, 150_000, "sms 2-3")).isTrue();
        store.write(sql -> { Ledger.credit(sql, id, 75_000, "refund", "sms 1 failed", clock.millis()); return null; });
        accounts.credit(id, new BigDecimal("0.333333"), "topup");
        assertThat(debit(store, id, 4_000_000, "big")).isTrue();
        clock.advance(Duration.ofMinutes(1));
        assertThat(debit(store, id, 1_183_334, "more than left")).isFalse();
        assertThat(debit(store, id, 1_183_333, "exactly what is left")).isTrue();

        assertThat(accounts.balance(id)).isEqualByComparingTo("0");
        assertThat(queryLong(store, "SELECT COUNT(*) FROM ledger WHERE account_id = ?", id)).isEqualTo(7);
        assertConsistent(store, id);
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aDebitTheBalanceDoesNotCoverChangesNothing(TestDatabase db) {
        Store store = open(db, db.freshUrl());
        long id = newAccount(store, "0.10");
        long ledgerRows = queryLong(store, "SELECT COUNT(*) FROM ledger");

        assertThat(debit(store, id, 100_001, "too much")).isFalse();
        assertThat(store.<Long>write(sql -> Ledger.withdraw(sql, id, 100_001))).isNull();

        assertThat(queryLong(store, "SELECT balance_micros FROM accounts WHERE id = ?", id)).isEqualTo(100_000);
        assertThat(queryLong(store, "SELECT COUNT(*) FROM ledger")).isEqualTo(ledgerRows);
        assertThat(debit(store, id, 100_000, "all of it")).isTrue();
        assertThat(queryLong(store, "SELECT balance_micros FROM accounts WHERE id = ?", id)).isZero();
        assertConsistent(store, id);
    }

    /**
     * Two stores on one database (two server nodes on PostgreSQL; server + CLI on SQLite), each with many threads
     * charging one account: exactly as many debits succeed as the balance covers.
     */
    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void concurrentDebitsNeverOverdraw(TestDatabase db) throws Exception {
        String url = db.freshUrl();
        Store a = open(db, url);
        Store b = open(db, url);
        long id = newAccount(a, "2.00");
        AtomicInteger succeeded = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            Store s = i % 2 == 0 ? a : b;
            String ref = "sms " + i;
            threads.add(Thread.ofVirtual().start(() -> {
                if (debit(s, id, 10_000, ref)) succeeded.incrementAndGet();
            }));
        }
        for (Thread t : threads) t.join(Duration.ofSeconds(60));

        assertThat(succeeded.get()).isEqualTo(200);
        assertThat(queryLong(a, "SELECT balance_micros FROM accounts WHERE id = ?", id)).isZero();
        assertThat(queryLong(b, "SELECT COUNT(*) FROM ledger WHERE account_id = ? AND kind = 'sms'", id)).isEqualTo(200);
        assertConsistent(a, id);
    }
}
