package io.ringway.webhook;

import io.ringway.store.Sql;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The SQL of delivering the outbox: finding due deliveries, leasing them, recording attempts, housekeeping. */
final class DeliveryRows {
    /** A due delivery as the deliverer sends it. */
    record Claimed(long id, long webhookId, long accountId, String eventType, long subjectId, String payload, long eventAt,
                  int attempts) {}

    /** Where a subscription's deliveries go, and the secret they are signed with. */
    record Target(Webhook webhook, boolean deleted, String signingSecret) {}

    private static final String APPEND_HISTORY = "history = COALESCE(history || ',', '') || ?";

    private DeliveryRows() {}

    /**
     * The condition that this node still holds the lease; {@code owner} null where nothing is leased in the store
     * (SQLite: one node, so a claimed delivery cannot be taken by another).
     */
    private static String held(String owner) { return owner == null ? "" : " AND lease_owner = ?"; }

    private static Object[] params(String owner, Object... values) {
        if (owner == null) return values;
        Object[] out = java.util.Arrays.copyOf(values, values.length + 1);
        out[values.length] = owner;
        return out;
    }

    /**
     * Due deliveries, oldest first, each the earliest pending one of its subscription and subject (so one message's
     * events arrive in the order they happened), leaving out the subscriptions in {@code skip}. Run on a reader: the
     * scan costs the single writer nothing, and {@link #lease} re-checks each row.
     */
    static List<Claimed> due(Sql sql, long now, Set<Long> skip, int limit) throws SQLException {
        List<Claimed> out = new ArrayList<>();
        try (ResultSet rs = sql.bind("SELECT d.id, d.webhook_id, d.account_id, d.event_type, d.subject_id, d.payload, d.event_at, d.attempts "
                + "FROM webhook_deliveries d WHERE d.state = 'PENDING' AND d.next_at <= ? "
                + "AND NOT EXISTS (SELECT 1 FROM webhook_deliveries e WHERE e.webhook_id = d.webhook_id AND e.subject_id = d.subject_id "
                + "AND e.state = 'PENDING' AND e.id < d.id) AND NOT (" + sql.idIn("d.webhook_id") + ") ORDER BY d.next_at, d.id LIMIT ?",
                now, sql.idList(skip), limit).executeQuery()) {
            while (rs.next()) {
                out.add(new Claimed(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getString(4), rs.getLong(5), rs.getString(6),
                        rs.getLong(7), rs.getInt(8)));
            }
        }
        return out;
    }

    /**
     * Leases those of {@code ids} that are still due (stores shared by nodes): their {@code next_at} moves to the
     * lease's end, so a claimed delivery leaves the due range until it is recorded, and comes back by itself if its node
     * dies. Two nodes leasing the same row: the second finds it no longer due. Returns the ids leased.
     */
    static Set<Long> lease(Sql sql, Collection<Long> ids, String owner, long now, long until) throws SQLException {
        Set<Long> out = new HashSet<>();
        try (ResultSet rs = sql.bind("UPDATE webhook_deliveries SET lease_owner = ?, lease_until = ?, next_at = ? WHERE "
                + sql.idIn("id") + " AND state = 'PENDING' AND next_at <= ? RETURNING id", owner, until, until, sql.idList(ids), now)
                .executeQuery()) {
            while (rs.next()) out.add(rs.getLong(1));
        }
        return out;
    }

    static Map<Long, Target> targets(Sql sql, Collection<Long> webhookIds) throws SQLException {
        Map<Long, Target> out = new HashMap<>();
        try (ResultSet rs = sql.bind("SELECT w.id, w.account_id, w.target_url, w.event_type, w.request_method, w.event_filter, "
                + "w.headers, w.created_at, w.deleted_at, a.signing_secret FROM webhooks w JOIN accounts a ON a.id = w.account_id "
                + "WHERE " + sql.idIn("w.id"), sql.idList(webhookIds)).executeQuery()) {
            while (rs.next()) {
                Webhook w = new Webhook(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getString(6), rs.getString(7), rs.getLong(8));
                rs.getLong(9);
                boolean deleted = !rs.wasNull();
                out.put(w.id(), new Target(w, deleted, rs.getString(10)));
            }
        }
        return out;
    }

    static void delivered(Sql sql, long id, String owner, int status, String history, long now) throws SQLException {
        sql.update("UPDATE webhook_deliveries SET state = 'DELIVERED', attempts = attempts + 1, last_status = ?, last_error = NULL, "
                + "lease_owner = NULL, lease_until = NULL, finished_at = ?, " + APPEND_HISTORY + " WHERE id = ?" + held(owner),
                params(owner, status, now, history, id));
    }

    /**
     * A temporary failure: tried again at {@code nextAt}. The subject's later deliveries to the same subscription wait
     * behind it anyway; moving their {@code next_at} along keeps claims from scanning them until then.
     */
    static void retry(Sql sql, Claimed d, String owner, Integer status, String error, String history, long nextAt) throws SQLException {
        long id = d.id();
        int changed = sql.update("UPDATE webhook_deliveries SET attempts = attempts + 1, last_status = ?, last_error = ?, next_at = ?, "
                + "lease_owner = NULL, lease_until = NULL, " + APPEND_HISTORY + " WHERE id = ?" + held(owner),
                params(owner, status, error, nextAt, history, id));
        if (changed == 0) return;
        sql.update("UPDATE webhook_deliveries SET next_at = ? WHERE webhook_id = ? AND subject_id = ? AND id > ? AND state = 'PENDING' "
                + "AND next_at < ?", nextAt, d.webhookId(), d.subjectId(), id, nextAt);
    }

    static void failed(Sql sql, long id, String owner, Integer status, String error, String history, long now) throws SQLException {
        sql.update("UPDATE webhook_deliveries SET state = 'FAILED', attempts = attempts + 1, last_status = ?, last_error = ?, "
                + "lease_owner = NULL, lease_until = NULL, finished_at = ?, " + APPEND_HISTORY + " WHERE id = ?" + held(owner),
                params(owner, status, error, now, history, id));
    }

    /** Not sent at all: the subscription was removed after the event. */
    static void cancelled(Sql sql, long id, String owner, long now) throws SQLException {
        sql.update("UPDATE webhook_deliveries SET state = 'CANCELLED', last_error = 'unsubscribed', lease_owner = NULL, "
                + "lease_until = NULL, finished_at = ? WHERE id = ?" + held(owner), params(owner, now, id));
    }

    /** Given back unsent (shutting down): due again at once, no attempt counted. Without a lease the row is as it was. */
    static void released(Sql sql, long id, String owner, long now) throws SQLException {
        if (owner == null) return;
        sql.update("UPDATE webhook_deliveries SET lease_owner = NULL, lease_until = NULL, next_at = ? WHERE id = ? AND lease_owner = ?",
                now, id, owner);
    }

    /** Leases left by an earlier run: this node's ({@code owner}), or every one ({@code null}, a store only one node uses). */
    static int releaseLeases(Sql sql, String owner, long now) throws SQLException {
        return owner == null
                ? sql.update("UPDATE webhook_deliveries SET lease_owner = NULL, lease_until = NULL, next_at = ? "
                        + "WHERE state = 'PENDING' AND lease_owner IS NOT NULL", now)
                : sql.update("UPDATE webhook_deliveries SET lease_owner = NULL, lease_until = NULL, next_at = ? "
                        + "WHERE state = 'PENDING' AND lease_owner = ?", now, owner);
    }

    /**
     * Removes up to {@code limit} deliveries finished before {@code before}. Never the newest row: on SQLite the table's
     * ids are plain rowids, which would otherwise be handed out again after the highest one is deleted.
     */
    static int removeFinished(Sql sql, long before, int limit) throws SQLException {
        return sql.update("DELETE FROM webhook_deliveries WHERE id IN (SELECT id FROM webhook_deliveries WHERE finished_at < ? "
                + "AND id < (SELECT max(id) FROM webhook_deliveries) LIMIT ?)", before, limit);
    }
}
