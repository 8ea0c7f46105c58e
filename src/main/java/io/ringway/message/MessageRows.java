package io.ringway.message;

import io.ringway.store.Dialect;
import io.ringway.store.Sql;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** The SQL of the messages table and its companions, shared by accepting, dispatching and status lookups. */
final class MessageRows {
    static final String COLUMNS = "id, account_id, sender, recipient, text, encoding, parts, price_micros, udh, flash, "
            + "ttl_minutes, label, foreign_id, status, status_at, due_at, connector, attempts";

    private final String claimSql;
    private final Dialect dialect;

    MessageRows(Dialect dialect) {
        this.dialect = dialect;
        // PostgreSQL: nodes claim disjoint rows without waiting on each other. SQLite has one writer, so no locking clause.
        String lock = dialect == Dialect.POSTGRES ? " FOR UPDATE SKIP LOCKED" : "";
        this.claimSql = "UPDATE messages SET lease_owner = ?, lease_until = ? WHERE id IN (SELECT id FROM messages "
                + "WHERE status = 'ACCEPTED' AND due_at <= ? AND (lease_until IS NULL OR lease_until < ?) ORDER BY due_at LIMIT ?"
                + lock + ") RETURNING " + COLUMNS;
    }

    /**
     * Stores a new message. On SQLite the writer numbers it and the row joins the batch's multi-row INSERT; PostgreSQL
     * numbers it from its sequence, which the statement returns.
     */
    long insert(Sql sql, Message m, boolean scheduled, String leaseOwner, Long leaseUntil, long now) throws SQLException {
        boolean numbered = dialect == Dialect.SQLITE;
        Object[] row = new Object[numbered ? 21 : 20];
        int i = 0;
        if (numbered) row[i++] = sql.nextSqliteId("messages");
        for (Object v : new Object[] {m.accountId(), m.sender(), m.recipient(), m.text(), m.encoding().name(), m.parts(),
                m.priceMicros(), m.udh(), m.flash(), m.ttlMinutes(), m.label(), m.foreignId(), MessageStatus.ACCEPTED.name(), now,
                now, m.dueAt(), scheduled, leaseOwner, leaseUntil, 0}) {
            row[i++] = v;
        }
        if (!numbered) return sql.insertReturningId(INSERT_RETURNING_ID, row);
        sql.insertLater("messages", COLUMNS_INSERTED_WITH_ID, row);
        return (Long) row[0];
    }

    private static final String COLUMNS_INSERTED = """
            account_id, sender, recipient, text, encoding, parts, price_micros, udh, flash, ttl_minutes,
                label, foreign_id, status, status_at, created_at, due_at, scheduled, lease_owner, lease_until, attempts""";
    private static final String COLUMNS_INSERTED_WITH_ID = "id, " + COLUMNS_INSERTED;
    private static final String INSERT_RETURNING_ID = "INSERT INTO messages (" + COLUMNS_INSERTED + ") VALUES (?"
            + ", ?".repeat(19) + ") RETURNING id";

    /** Counts one more message to the recipient today; false (and nothing counted) once the limit is reached. */
    boolean countForDay(Sql sql, long account, String recipient, String day, int limit) throws SQLException {
        return sql.update("""
                INSERT INTO daily_counts (account_id, recipient, day, sent) VALUES (?, ?, ?, 1)
                ON CONFLICT (account_id, recipient, day) DO UPDATE SET sent = daily_counts.sent + 1 WHERE daily_counts.sent < ?""",
                account, recipient, day, limit) == 1;
    }

    void uncountForDay(Sql sql, long account, String recipient, String day) throws SQLException {
        sql.update("UPDATE daily_counts SET sent = sent - 1 WHERE account_id = ? AND recipient = ? AND day = ?", account, recipient, day);
    }

    /** Takes the reload lock for this fingerprint unless someone holds it; an expired lock is taken over. */
    boolean takeReloadLock(Sql sql, long account, String fingerprint, long now, long until) throws SQLException {
        return sql.update("""
                INSERT INTO reload_locks (account_id, fingerprint, expires_at) VALUES (?, ?, ?)
                ON CONFLICT (account_id, fingerprint) DO UPDATE SET expires_at = excluded.expires_at WHERE reload_locks.expires_at <= ?""",
                account, fingerprint, until, now) == 1;
    }

    List<Message> claimDue(Sql sql, String owner, long now, long leaseUntil, int limit) throws SQLException {
        try (ResultSet rs = sql.bind(claimSql, owner, leaseUntil, now, now, limit).executeQuery()) {
            return read(rs);
        }
    }

    List<Message> byIds(Sql sql, long account, List<Long> ids) throws SQLException {
        List<Message> out = new ArrayList<>();
        for (Long id : ids) {
            try (ResultSet rs = sql.bind("SELECT " + COLUMNS + " FROM messages WHERE id = ? AND account_id = ?", id, account).executeQuery()) {
                out.addAll(read(rs));
            }
        }
        return out;
    }

    static List<Message> read(ResultSet rs) throws SQLException {
        List<Message> out = new ArrayList<>();
        while (rs.next()) {
            out.add(new Message(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5),
                    Encoding.valueOf(rs.getString(6)), rs.getInt(7), rs.getLong(8), rs.getString(9), rs.getBoolean(10),
                    rs.getInt(11), rs.getString(12), rs.getString(13), MessageStatus.valueOf(rs.getString(14)),
                    rs.getLong(15), rs.getLong(16), rs.getString(17), rs.getInt(18)));
        }
        return out;
    }
}
