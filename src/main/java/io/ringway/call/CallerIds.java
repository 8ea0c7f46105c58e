package io.ringway.call;

import io.ringway.inbound.InboundNumbers;
import io.ringway.store.Sql;
import io.ringway.store.Store;

import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The numbers an account may call from (sms77: "verified sender IDs, one of your virtual inbound numbers or one of
 * our shared virtual numbers"): its own caller IDs ({@code ringway callerids add}), the numbers it receives SMS on
 * ({@code ringway numbers add}) and the shared ones of the configuration. All E.164 digits without '+'.
 */
public final class CallerIds {
    private final Store store;
    private final Clock clock;
    private final List<String> shared;

    public CallerIds(Store store, Clock clock, List<String> shared) {
        this.store = store;
        this.clock = clock;
        this.shared = shared.stream().map(InboundNumbers::normalize).toList();
    }

    /** Adds an own caller ID; false when the account had it already. Refuses an unknown account. */
    public boolean add(long accountId, String number) {
        String n = InboundNumbers.normalize(number);
        long now = clock.millis();
        return store.write(sql -> {
            if (sql.queryLong("SELECT id FROM accounts WHERE id = ?", accountId) == null) throw new IllegalArgumentException("no account " + accountId);
            return sql.update("INSERT INTO caller_ids (account_id, number, created_at) VALUES (?, ?, ?) ON CONFLICT (account_id, number) DO NOTHING",
                    accountId, n, now) == 1;
        });
    }

    public boolean remove(long accountId, String number) {
        String n = InboundNumbers.normalize(number);
        return store.write(sql -> sql.update("DELETE FROM caller_ids WHERE account_id = ? AND number = ?", accountId, n) == 1);
    }

    /** Every number the account may use: its own caller IDs and inbound numbers (sorted), then the shared ones. */
    public List<String> of(long accountId) { return store.read(sql -> of(sql, accountId)); }

    List<String> of(Sql sql, long accountId) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (var rs = sql.bind("SELECT number FROM caller_ids WHERE account_id = ? UNION SELECT number FROM inbound_numbers "
                + "WHERE account_id = ? ORDER BY 1", accountId, accountId).executeQuery()) {
            while (rs.next()) ids.add(rs.getString(1));
        }
        for (String s : shared) if (!ids.contains(s)) ids.add(s);
        return ids;
    }

    /**
     * The caller ID a call shows: {@code from} when the account may use it ({@code null} otherwise), or without
     * {@code from} the first shared number, else the account's first own number, else {@code anonymous} (none shown).
     */
    String choose(Sql sql, long accountId, String from) throws SQLException {
        List<String> allowed = of(sql, accountId);
        if (from == null || from.isBlank()) {
            if (!shared.isEmpty()) return shared.get(0);
            return allowed.isEmpty() ? "anonymous" : allowed.get(0);
        }
        String n = InboundNumbers.normalize(from);
        return allowed.contains(n) ? n : null;
    }
}
