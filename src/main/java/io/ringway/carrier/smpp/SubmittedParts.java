package io.ringway.carrier.smpp;

import io.ringway.message.MessageStatus;
import io.ringway.store.Sql;
import io.ringway.store.Store;
import io.ringway.store.Tx;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/** The SQL of {@code smpp_parts}: what a connector submitted, and the receipts of each part. */
final class SubmittedParts {
    /** A submitted part: the message, its part number (1-based) and how many parts were submitted for it. */
    record PartRef(long messageId, int part, int parts) {}

    private static final String COLUMNS = "connector, smsc_id, message_id, part, submitted_at";

    private SubmittedParts() {}

    /** Written in the transaction that marks the message TRANSMITTED. */
    static Tx<Void> journal(String connector, long messageId, List<String> smscIds, long at) {
        return sql -> {
            for (int i = 0; i < smscIds.size(); i++) sql.insertLater("smpp_parts", COLUMNS, connector, smscIds.get(i), messageId, i + 1, at);
            return null;
        };
    }

    /**
     * The newest part submitted under {@code smscId} that has no final receipt yet, from the committed store: an SMSC
     * that reuses ids (after its own restart) then cannot attach a new part's receipt to an old, finished one.
     */
    static PartRef find(Store store, String connector, String smscId) {
        return store.read(sql -> {
            try (ResultSet rs = sql.bind("SELECT p.message_id, p.part, (SELECT COUNT(*) FROM smpp_parts q WHERE q.message_id = p.message_id "
                    + "AND q.connector = p.connector) FROM smpp_parts p WHERE p.connector = ? AND p.smsc_id = ? "
                    + "AND (p.stat IS NULL OR p.stat NOT IN ('DELIVRD', 'UNDELIV', 'EXPIRED', 'REJECTD', 'DELETED')) ORDER BY p.id DESC LIMIT 1",
                    connector, smscId).executeQuery()) {
                return rs.next() ? new PartRef(rs.getLong(1), rs.getInt(2), rs.getInt(3)) : null;
            }
        });
    }

    /**
     * Stores a part's receipt and says what the message's status is now: the receipt's own for a one-part message;
     * for several parts the first part's failure, DELIVERED once every part is, BUFFERED while any is only en route,
     * or null while that is not decided.
     */
    static Tx<MessageStatus> receipt(String connector, PartRef ref, Receipts.Receipt r, long at) {
        return sql -> {
            int n = sql.update("UPDATE smpp_parts SET stat = ?, err = ?, reported_at = ? WHERE connector = ? AND message_id = ? AND part = ?",
                    r.stat(), r.err(), at, connector, ref.messageId(), ref.part());
            // The receipt overtook the record of its submit (both are queued from different threads): keep it anyway.
            if (n == 0) {
                sql.update("INSERT INTO smpp_parts (" + COLUMNS + ", stat, err, reported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        connector, r.smscId(), ref.messageId(), ref.part(), at, r.stat(), r.err(), at);
            }
            if (ref.parts() <= 1) return r.status();
            return combined(sql, connector, ref);
        };
    }

    /** Each part's latest receipt decides: any failure fails the message, all delivered delivers it. */
    private static MessageStatus combined(Sql sql, String connector, PartRef ref) throws SQLException {
        java.util.Map<Integer, MessageStatus> byPart = new java.util.HashMap<>();
        try (ResultSet rs = sql.bind("SELECT part, stat FROM smpp_parts WHERE connector = ? AND message_id = ? AND stat IS NOT NULL ORDER BY id",
                connector, ref.messageId()).executeQuery()) {
            while (rs.next()) {
                MessageStatus s = Receipts.status(rs.getString(2));
                if (s != null) byPart.put(rs.getInt(1), s);
            }
        }
        int delivered = 0;
        boolean enRoute = false;
        for (MessageStatus s : byPart.values()) {
            if (s == MessageStatus.DELIVERED) delivered++;
            else if (s == MessageStatus.BUFFERED) enRoute = true;
            else return s;
        }
        if (delivered >= ref.parts()) return MessageStatus.DELIVERED;
        return enRoute ? MessageStatus.BUFFERED : null;
    }
}
