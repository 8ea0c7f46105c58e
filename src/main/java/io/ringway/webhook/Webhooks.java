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

    /** Ends the account's subscription {@code id}; false when it has none by that id. */
    public boolean unsubscribe(long accountId, long id) {
        long now = clock.millis();
        return store.write(sql -> sql.update("UPDATE webhooks SET deleted_at = ? WHERE id = ? AND account_id = ? AND deleted_at IS NULL",
                now, id, accountId) == 1);
    }
}
