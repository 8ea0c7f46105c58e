package io.ringway.message;

import io.ringway.account.Ledger;
import io.ringway.store.Sql;
import io.ringway.store.Store;
import io.ringway.store.Tx;
import io.ringway.webhook.Outbox;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The store as the dispatcher sees it: due messages are claimed under a lease (so on PostgreSQL each is sent by one
 * node), and what carriers report comes back as {@link Outcome}s recorded in one write per batch.
 */
public final class MessageQueue {
    /** Something that happened to a message after it was accepted. */
    public sealed interface Outcome {
        long messageId();
    }

    /**
     * A carrier took the message. {@code journal} holds the connector's own bookkeeping (SMSC ids, the sandbox's log),
     * written in the same transaction so it exists exactly when the status says TRANSMITTED.
     */
    public record Submitted(long messageId, String connector, Tx<Void> journal) implements Outcome {}

    /** A temporary failure: try again at {@code dueAt}. */
    public record Retry(long messageId, long dueAt, String error) implements Outcome {}

    /** No carrier will take it: FAILED, and the charge is refunded since nothing was sent. */
    public record Failed(long messageId, String connector, String error) implements Outcome {}

    /** A delivery report from the carrier. */
    public record Reported(long messageId, MessageStatus status, long at, String error) implements Outcome {}

    /**
     * A delivery report whose effect the connector decides in the recording transaction (one part's receipt of a
     * multi-part message decides nothing until the others came): {@code decide} returns the new status or null.
     */
    public record Decided(long messageId, Tx<MessageStatus> decide, long at, String error) implements Outcome {}

    private final Store store;
    private final Clock clock;
    private final String nodeId;
    private final long leaseMillis;
    private final ZoneId zone;
    private final MessageRows rows;
    private final Outbox outbox;

    public MessageQueue(Store store, Clock clock, String nodeId, long leaseMillis, ZoneId zone) {
        this(store, clock, nodeId, leaseMillis, zone, null);
    }

    /** {@code outbox}: where status changes become {@code dlr} events ({@code null}: nowhere). */
    public MessageQueue(Store store, Clock clock, String nodeId, long leaseMillis, ZoneId zone, Outbox outbox) {
        this.outbox = outbox;
        this.store = store;
        this.clock = clock;
        this.nodeId = nodeId;
        this.leaseMillis = leaseMillis;
        this.zone = zone;
        this.rows = new MessageRows(store.dialect());
    }

    public List<Message> claimDue(int limit) {
        long now = clock.millis();
        return store.write(sql -> rows.claimDue(sql, nodeId, now, now + leaseMillis, limit));
    }

    /**
     * Frees leases so the messages are claimed again: this node's after a restart, or every lease when the store
     * cannot be shared (SQLite), where a lease can only be a leftover of this process's previous life.
     */
    public int releaseLeases(boolean everyNode) {
        return store.write(sql -> everyNode
                ? sql.update("UPDATE messages SET lease_owner = NULL, lease_until = NULL WHERE status = 'ACCEPTED' AND lease_owner IS NOT NULL")
                : sql.update("UPDATE messages SET lease_owner = NULL, lease_until = NULL WHERE status = 'ACCEPTED' AND lease_owner = ?", nodeId));
    }

    public CompletableFuture<Void> release(List<Long> ids) {
        return store.writeAsync(sql -> {
            for (Long id : ids) sql.update("UPDATE messages SET lease_owner = NULL, lease_until = NULL WHERE id = ? AND status = 'ACCEPTED'", id);
            return null;
        });
    }

    /** Messages a connector took and has not reported on yet. */
    public List<Message> inFlight(String connector) {
        return store.read(sql -> {
            try (ResultSet rs = sql.bind("SELECT " + MessageRows.COLUMNS + " FROM messages WHERE status = 'TRANSMITTED' AND connector = ?", connector)
                    .executeQuery()) {
                return MessageRows.read(rs);
            }
        });
    }

    /**
     * Records outcomes in one transaction; the future completes once they are durable. Status changes of many
     * messages are applied as one statement per kind (ids passed as a list), not one per message.
     */
    public CompletableFuture<Void> record(List<? extends Outcome> outcomes) {
        long now = clock.millis();
        Map<String, List<Long>> submittedByConnector = new LinkedHashMap<>();
        Map<List<Object>, List<Long>> reportedByKind = new LinkedHashMap<>();
        Map<List<Object>, Long> reportedAt = new LinkedHashMap<>();
        List<Outcome> singles = new ArrayList<>();
        List<Submitted> journals = new ArrayList<>();
        for (Outcome o : outcomes) {
            switch (o) {
                case Submitted s -> {
                    submittedByConnector.computeIfAbsent(s.connector(), k -> new ArrayList<>()).add(s.messageId());
                    if (s.journal() != null) journals.add(s);
                }
                // Carriers report BUFFERED or a final state; anything else would send the message back in time
                // (ACCEPTED would even queue it a second time).
                case Reported r when r.status() != MessageStatus.BUFFERED && !r.status().isFinal() -> { }
                case Reported r -> {
                    List<Object> kind = Arrays.asList(r.status().name(), r.error());
                    reportedByKind.computeIfAbsent(kind, k -> new ArrayList<>()).add(r.messageId());
                    reportedAt.merge(kind, r.at(), Math::max);
                }
                default -> singles.add(o);
            }
        }
        return store.writeAsync(sql -> {
            // Only when someone subscribed to events do the updates return which rows they changed (a result set costs).
            List<Outbox.StatusChange> changes = outbox != null && outbox.wanted() ? new ArrayList<>() : null;
            // Submits before reports: a fast receipt can be in the same batch as the submit it answers.
            for (var e : submittedByConnector.entrySet()) {
                String ids = sql.idList(e.getValue());
                int changed = changed(sql, changes, "TRANSMITTED", now, "UPDATE messages SET status = 'TRANSMITTED', status_at = ?, "
                        + "connector = ?, lease_owner = NULL, lease_until = NULL, attempts = attempts + 1 WHERE status = 'ACCEPTED' AND "
                        + sql.idIn("id"), now, e.getKey(), ids);
                // A receipt recorded earlier may have finalized some already; they still get their connector.
                if (changed < e.getValue().size()) {
                    sql.update("UPDATE messages SET connector = ? WHERE connector IS NULL AND " + sql.idIn("id"), e.getKey(), ids);
                }
            }
            for (Submitted s : journals) s.journal().run(sql);
            for (Outcome o : singles) applySingle(sql, o, now, changes);
            for (var e : reportedByKind.entrySet()) {
                long at = reportedAt.get(e.getKey());
                changed(sql, changes, (String) e.getKey().get(0), at, "UPDATE messages SET status = ?, status_at = ?, error = COALESCE(?, error) "
                                + "WHERE status IN ('ACCEPTED', 'TRANSMITTED', 'BUFFERED') AND " + sql.idIn("id"),
                        e.getKey().get(0), at, e.getKey().get(1), sql.idList(e.getValue()));
            }
            if (changes != null) outbox.statusChanged(sql, changes);
            return null;
        });
    }

    /** Runs a status update; with {@code changes}, also notes each row it changed (for the outbox). */
    private static int changed(Sql sql, List<Outbox.StatusChange> changes, String status, long at, String update, Object... params)
            throws SQLException {
        if (changes == null) return sql.update(update, params);
        int n = 0;
        try (ResultSet rs = sql.bind(update + " RETURNING id, account_id", params).executeQuery()) {
            while (rs.next()) {
                changes.add(new Outbox.StatusChange(rs.getLong(1), rs.getLong(2), status, at));
                n++;
            }
        }
        return n;
    }

    private static void applySingle(Sql sql, Outcome outcome, long now, List<Outbox.StatusChange> changes) throws SQLException {
        switch (outcome) {
            case Retry r -> sql.update("""
                    UPDATE messages SET due_at = ?, error = ?, lease_owner = NULL, lease_until = NULL, attempts = attempts + 1
                    WHERE id = ? AND status = 'ACCEPTED'""", r.dueAt(), r.error(), r.messageId());
            case Failed f -> {
                try (ResultSet rs = sql.bind("""
                        UPDATE messages SET status = 'FAILED', status_at = ?, connector = ?, error = ?, lease_owner = NULL,
                            lease_until = NULL, attempts = attempts + 1 WHERE id = ? AND status = 'ACCEPTED'
                        RETURNING account_id, price_micros""", now, f.connector(), f.error(), f.messageId()).executeQuery()) {
                    if (rs.next()) {
                        if (rs.getLong(2) > 0) Ledger.credit(sql, rs.getLong(1), rs.getLong(2), "refund", "sms " + f.messageId() + " failed", now);
                        if (changes != null) changes.add(new Outbox.StatusChange(f.messageId(), rs.getLong(1), "FAILED", now));
                    }
                }
            }
            case Decided d -> {
                MessageStatus status = d.decide().run(sql);
                if (status == null || (status != MessageStatus.BUFFERED && !status.isFinal())) return;
                String error = status == MessageStatus.DELIVERED || status == MessageStatus.BUFFERED ? null : d.error();
                changed(sql, changes, status.name(), d.at(), "UPDATE messages SET status = ?, status_at = ?, error = COALESCE(?, error) "
                        + "WHERE id = ? AND status IN ('ACCEPTED', 'TRANSMITTED', 'BUFFERED')", status.name(), d.at(), error, d.messageId());
            }
            default -> throw new IllegalArgumentException("recorded in bulk: " + outcome);
        }
    }

    /** Drops reload locks and day counters nobody can hit any more. */
    public void housekeeping() {
        long now = clock.millis();
        String yesterday = LocalDate.ofInstant(java.time.Instant.ofEpochMilli(now), zone).minusDays(1).toString();
        store.write(sql -> {
            sql.update("DELETE FROM reload_locks WHERE expires_at < ?", now);
            sql.update("DELETE FROM daily_counts WHERE day < ?", yesterday);
            return null;
        });
    }
}
