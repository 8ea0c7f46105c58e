package io.ringway.account;

import io.ringway.store.Dialect;
import io.ringway.store.Sql;

import java.sql.SQLException;
import java.util.Map;

/**
 * Balance changes, as statements inside a caller's write transaction: the balance change and its ledger row commit
 * together with whatever caused them (messages accepted, refunds), or not at all.
 *
 * <p>The writer runs many requests in one transaction, often several for the same account. Each account's balance
 * is read once per transaction (locked on PostgreSQL, where other nodes charge it too), kept in the transaction's
 * state, and written back once before the commit, instead of one update per request.
 */
public final class Ledger {
    private Ledger() {}

    /** An account's balance within the current write transaction. */
    private static final class Balance {
        final long accountId;
        final long loaded;
        long change;

        Balance(long accountId, long loaded) {
            this.accountId = accountId;
            this.loaded = loaded;
        }

        long now() { return loaded + change; }
    }

    private record Key(long accountId) {}

    /**
     * Takes {@code micros} from the balance if it covers them. Returns false and changes nothing otherwise.
     */
    public static boolean debit(Sql sql, long accountId, long micros, String kind, String reference, long now) throws SQLException {
        Long after = withdraw(sql, accountId, micros);
        if (after != null) record(sql, accountId, -micros, after, kind, reference, now);
        return after != null;
    }

    /**
     * The balance change of a debit without its ledger row, for callers that only know the row's reference after
     * further statements; they must {@link #record} it in the same transaction. Returns the balance after it, or
     * {@code null} (nothing changed) when the balance does not cover it.
     */
    public static Long withdraw(Sql sql, long accountId, long micros) throws SQLException {
        Balance b = balance(sql, accountId);
        if (b.now() < micros) return null;
        b.change -= micros;
        return b.now();
    }

    /**
     * Takes {@code micros} even when the balance does not cover them (it may go below zero): for what was used
     * already, such as the minutes of a call beyond the first, which was paid for when the call was accepted.
     */
    public static void charge(Sql sql, long accountId, long micros, String kind, String reference, long now) throws SQLException {
        Balance b = balance(sql, accountId);
        b.change -= micros;
        record(sql, accountId, -micros, b.now(), kind, reference, now);
    }

    public static void credit(Sql sql, long accountId, long micros, String kind, String reference, long now) throws SQLException {
        Balance b = balance(sql, accountId);
        b.change += micros;
        record(sql, accountId, micros, b.now(), kind, reference, now);
    }

    /** The balance as this transaction sees it (including its own uncommitted changes). */
    public static long balanceMicros(Sql sql, long accountId) throws SQLException {
        if (sql.transactionState() == null) return load(sql, accountId, false);
        return balance(sql, accountId).now();
    }

    /** Writes a ledger row for a balance change already made ({@code micros} negative for debits). */
    public static void record(Sql sql, long accountId, long micros, long after, String kind, String reference, long now) throws SQLException {
        sql.insertLater("ledger", "account_id, amount_micros, balance_after_micros, kind, reference, created_at",
                accountId, micros, after, kind, reference, now);
    }

    private static Balance balance(Sql sql, long accountId) throws SQLException {
        Map<Object, Object> tx = sql.transactionState();
        if (tx == null) throw new SQLException("balance changes need a write transaction");
        Key key = new Key(accountId);
        Balance b = (Balance) tx.get(key);
        if (b == null) {
            b = new Balance(accountId, load(sql, accountId, true));
            tx.put(key, b);
            Balance flush = b;
            sql.beforeCommit(s -> {
                if (flush.change != 0) {
                    s.update("UPDATE accounts SET balance_micros = balance_micros + ? WHERE id = ?", flush.change, flush.accountId);
                }
                return null;
            });
        }
        return b;
    }

    private static long load(Sql sql, long accountId, boolean forUpdate) throws SQLException {
        // SQLite's writer already holds the database's write lock (BEGIN IMMEDIATE); PostgreSQL locks the row.
        String lock = forUpdate && sql.dialect() == Dialect.POSTGRES ? " FOR UPDATE" : "";
        Long b = sql.queryLong("SELECT balance_micros FROM accounts WHERE id = ?" + lock, accountId);
        if (b == null) throw new SQLException("no account " + accountId);
        return b;
    }
}
