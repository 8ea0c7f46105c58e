package io.ringway.webhook;

import io.ringway.store.Store;

import java.sql.ResultSet;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Subscriptions of an account: created, listed and removed through {@code /api/hooks}. */
public final class Webhooks {
    /** A subscription made ({@code webhook}) or refused ({@code problem}, shown to the user). */
    public record Subscribed(Webhook webhook, String problem) {}

    private final Store store;
    private final Clock clock;
    private final TargetUrls targets;
    private final Outbox outbox;

    public Webhooks(Store store, Clock clock, boolean allowPrivateTargets, Outbox outbox) {
        this.store = store;
        this.clock = clock;
        this.targets = new TargetUrls(allowPrivateTargets);
        this.outbox = outbox;
    }

    public Subscribed subscribe(long accountId, String targetUrl, String eventType, String requestMethod, String eventFilter,
                                String headers) {
        String problem = targets.problem(targetUrl);
        if (problem != null) return new Subscribed(null, problem);
        String type = eventType == null ? "" : eventType.strip().toLowerCase(Locale.ROOT);
        if (!Webhook.EVENT_TYPES.contains(type)) return new Subscribed(null, "event_type must be one of " + Webhook.EVENT_TYPES);
        String method = requestMethod == null || requestMethod.isBlank() ? "POST" : requestMethod.strip().toUpperCase(Locale.ROOT);
        if (!Webhook.REQUEST_METHODS.contains(method)) {
            return new Subscribed(null, "request_method must be one of " + Webhook.REQUEST_METHODS);
        }
        String url = targetUrl.strip();
        String filter = eventFilter == null || eventFilter.isBlank() || eventFilter.equals("null") ? null : eventFilter.strip();
        String extraHeaders = headers == null || headers.isBlank() ? null : headers;
        long now = clock.millis();
        return store.write(sql -> {
            Long duplicate = sql.queryLong("SELECT id FROM webhooks WHERE account_id = ? AND target_url = ? AND event_type = ? "
                    + "AND deleted_at IS NULL", accountId, url, type);
            if (duplicate != null) return new Subscribed(null, "this target_url is already subscribed to " + type);
            outbox.subscribed();
            long id = sql.insertReturningId("INSERT INTO webhooks (account_id, target_url, event_type, request_method, event_filter, "
                    + "headers, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id", accountId, url, type, method, filter, extraHeaders, now);
            return new Subscribed(new Webhook(id, accountId, url, type, method, filter, extraHeaders, now), null);
        });
    }

    /** The account's subscriptions, oldest first. */
    public List<Webhook> list(long accountId) {
        return store.read(sql -> {
            List<Webhook> out = new ArrayList<>();
            try (ResultSet rs = sql.bind("SELECT id, target_url, event_type, request_method, event_filter, headers, created_at "
                    + "FROM webhooks WHERE account_id = ? AND deleted_at IS NULL ORDER BY id", accountId).executeQuery()) {
                while (rs.next()) {
                    out.add(new Webhook(rs.getLong(1), accountId, rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), rs.getLong(7)));
                }
            }
            return out;
        });
    }

    /** Which of an account's deliveries to list: each filter is optional; newest first, below {@code beforeId}. */
    public record DeliveryQuery(Long webhookId, Long subjectId, String state, Long beforeId, int limit) {}

    public List<Delivery> deliveries(long accountId, DeliveryQuery q) {
        StringBuilder where = new StringBuilder("account_id = ?");
        List<Object> params = new ArrayList<>(List.of(accountId));
        if (q.webhookId() != null) { where.append(" AND webhook_id = ?"); params.add(q.webhookId()); }
        if (q.subjectId() != null) { where.append(" AND subject_id = ?"); params.add(q.subjectId()); }
        if (q.state() != null) { where.append(" AND state = ?"); params.add(q.state().toUpperCase(Locale.ROOT)); }
        if (q.beforeId() != null) { where.append(" AND id < ?"); params.add(q.beforeId()); }
        params.add(q.limit());
        return store.read(sql -> {
            List<Delivery> out = new ArrayList<>();
            try (ResultSet rs = sql.bind("SELECT id, webhook_id, event_type, subject_id, payload, event_at, state, attempts, last_status, "
                    + "last_error, next_at, finished_at, history FROM webhook_deliveries WHERE " + where + " ORDER BY id DESC LIMIT ?",
                    params.toArray()).executeQuery()) {
                while (rs.next()) {
                    int status = rs.getInt(9);
                    Integer lastStatus = rs.wasNull() ? null : status;
                    long finished = rs.getLong(12);
                    Long finishedAt = rs.wasNull() ? null : finished;
                    String state = rs.getString(7);
                    String history = rs.getString(13);
                    out.add(new Delivery(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getLong(4), rs.getString(5), rs.getLong(6),
                            state, rs.getInt(8), lastStatus, rs.getString(10), state.equals("PENDING") ? rs.getLong(11) : null,
                            finishedAt, "[" + (history == null ? "" : history) + "]"));
                }
            }
            return out;
        });
    }

    /** Ends the account's subscription {@code id}; false when it has none by that id. */
    public boolean unsubscribe(long accountId, long id) {
        long now = clock.millis();
        return store.write(sql -> sql.update("UPDATE webhooks SET deleted_at = ? WHERE id = ? AND account_id = ? AND deleted_at IS NULL",
                now, id, accountId) == 1);
    }
}
