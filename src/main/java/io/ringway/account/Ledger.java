package io.ringway.account;

import io.ringway.store.Sql;

import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Balance changes, as statements inside a caller's write transaction: the balance update and its ledger row commit
 * together with whatever caused them (messages accepted, refunds), or not at all.
 */
public final class Ledger {
    private Ledger() {}

    /**
     * Takes {@code micros} from the balance if it covers them. Returns false and changes nothing otherwise.
     * The conditional update is what keeps the balance exact when several nodes charge one account at once.
     */
    public static boolean debit(Sql sql, long accountId, long micros, String kind, String reference, long now) throws SQLException {
        Long after = withdraw(sql, accountId, micros);
        if (after != null) record(sql, accountId, -micros, after, kind, reference, now);
        return after != null;
    }

    /**
     * The balance update of a debit without its ledger row, for callers that only know the row's reference after
     * further statements; they must {@link #record} it in the same transaction. Returns the balance after it, or
     * {@code null} (nothing changed) when the balance does not cover it.
     */
    public static Long withdraw(Sql sql, long accountId, long micros) throws SQLException {
        return balanceAfter(sql, "UPDATE accounts SET balance_micros = balance_micros - ? WHERE id = ? AND balance_micros >= ? RETURNING balance_micros",
                micros, accountId, micros);
    }

    public static void credit(Sql sql, long accountId, long micros, String kind, String reference, long now) throws SQLException {
        Long after = balanceAfter(sql, "UPDATE accounts SET balance_micros = balance_micros + ? WHERE id = ? RETURNING balance_micros",
                micros, accountId);
        if (after == null) throw new SQLException("no account " + accountId);
        record(sql, accountId, micros, after, kind, reference, now);
    }

    public static long balanceMicros(Sql sql, long accountId) throws SQLException {
        Long b = sql.queryLong("SELECT balance_micros FROM accounts WHERE id = ?", accountId);
        if (b == null) throw new SQLException("no account " + accountId);
        return b;
    }

    private static Long balanceAfter(Sql sql, String update, Object... params) throws SQLException {
        try (ResultSet rs = sql.bind(update, params).executeQuery()) {
            return rs.next() ? rs.getLong(1) : null;
        }
    }

    /** Writes a ledger row for a balance change already made ({@code micros} negative for debits). */
    public static void record(Sql sql, long accountId, long micros, long after, String kind, String reference, long now) throws SQLException {
        sql.update("INSERT INTO ledger (account_id, amount_micros, balance_after_micros, kind, reference, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                accountId, micros, after, kind, reference, now);
    }
}
