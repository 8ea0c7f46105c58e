package io.ringway.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ringway.store.Dialect;
import io.ringway.store.Sql;
import io.ringway.store.Store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Writes events into the outbox, inside the transaction of the state change that caused them: one delivery row per
 * matching subscription. While no account has ever subscribed, it writes and reads nothing (a flag set inside the
 * subscribing transaction, so a status change committed after a subscription always sees it; SQLite only, where this
 * process is the only writer).
 */
public final class Outbox {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Object WRITTEN = new Object();
    private static final DateTimeFormatter DLR_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");
    private static final String COLUMNS = "webhook_id, account_id, event_type, subject_id, payload, event_at, state, attempts, next_at";

    /** A message's new status, as the outbox needs it. */
    public record StatusChange(long messageId, long accountId, String status, long atMillis) {}

    private final ZoneId zone;
    private volatile boolean anySubscriptions;
    private volatile Consumer<Set<Long>> onCommitted = webhooks -> {};

    public Outbox(Store store, ZoneId zone) {
        this.zone = zone;
        // On PostgreSQL another node may take the first subscription, which this node's flag would never see: there the
        // subscriptions are always looked up.
        Long n = store.dialect() == Dialect.POSTGRES ? Long.valueOf(1)
                : store.read(sql -> sql.queryLong("SELECT COUNT(*) FROM webhooks WHERE deleted_at IS NULL"));
        this.anySubscriptions = n != null && n > 0;
    }

    /** Whether status changes need their accounts (callers then ask the database to return them). */
    public boolean wanted() { return anySubscriptions; }

    /** Told, after each commit that wrote events, which subscriptions got them (the deliverer wakes up for them). */
    void onCommitted(Consumer<Set<Long>> action) { this.onCommitted = action; }

    /** Called in the transaction that creates a subscription. */
    void subscribed() { anySubscriptions = true; }

    /** One {@code dlr} event per change, to every live {@code dlr} and {@code all} subscription of its account. */
    public void statusChanged(Sql sql, List<StatusChange> changes) throws SQLException {
        if (!anySubscriptions || changes.isEmpty()) return;
        Map<Long, List<Long>> hooksByAccount = new HashMap<>();
        for (StatusChange c : changes) hooksByAccount.putIfAbsent(c.accountId(), new ArrayList<>());
        // The accounts go in as one parameter: spliced into the SQL, every set of accounts was a statement of its own,
        // prepared and kept by the writer's connection for good.
        try (ResultSet rs = sql.bind("SELECT id, account_id FROM webhooks WHERE deleted_at IS NULL AND event_type IN ('dlr', 'all') AND "
                + sql.idIn("account_id") + " ORDER BY id", sql.idList(hooksByAccount.keySet())).executeQuery()) {
            while (rs.next()) hooksByAccount.get(rs.getLong(2)).add(rs.getLong(1));
        }
        Set<Long> written = writtenFor(sql);
        for (StatusChange c : changes) {
            List<Long> hooks = hooksByAccount.get(c.accountId());
            if (hooks.isEmpty()) continue;
            written.addAll(hooks);
            insert(sql, hooks, WebhookEvent.dlr(c.accountId(), c.messageId(), c.status(),
                    DLR_TIME.format(Instant.ofEpochMilli(c.atMillis()).atZone(zone)), c.atMillis()));
        }
    }

    /**
     * One event of any type (inbound SMS, call status, key press, …) to every live subscription of its account for
     * that type or {@code all}, in the caller's transaction. Subscriptions' {@code event_filter}s are not looked at.
     */
    public void publish(Sql sql, WebhookEvent e) throws SQLException { publish(sql, e, null); }

    /**
     * {@link #publish(Sql, WebhookEvent)}, where a subscription with an {@code event_filter} gets the event only when
     * {@code filter} accepts that filter text. What a filter means depends on the event, so its producer decides
     * ({@code sms_mo}: the receiving number). {@code null}: filters are not looked at.
     */
    public void publish(Sql sql, WebhookEvent e, Predicate<String> filter) throws SQLException {
        if (!anySubscriptions) return;
        List<Long> hooks = new ArrayList<>();
        try (ResultSet rs = sql.bind("SELECT id, event_filter FROM webhooks WHERE deleted_at IS NULL AND account_id = ? "
                + "AND event_type IN (?, 'all') ORDER BY id", e.accountId(), e.type()).executeQuery()) {
            while (rs.next()) {
                String f = rs.getString(2);
                if (filter == null || f == null || f.isBlank() || filter.test(f)) hooks.add(rs.getLong(1));
            }
        }
        if (hooks.isEmpty()) return;
        writtenFor(sql).addAll(hooks);
        insert(sql, hooks, e);
    }

    /** One delivery row per subscription, due at once; the payload is serialized once for all of them. */
    private static void insert(Sql sql, List<Long> hooks, WebhookEvent e) throws SQLException {
        String payload = json(e.data());
        for (long hook : hooks) {
            sql.insertLater("webhook_deliveries", COLUMNS, hook, e.accountId(), e.type(), e.subjectId(), payload, e.atMillis(),
                    "PENDING", 0, e.atMillis());
        }
    }

    /** The subscriptions this transaction wrote events for, announced once it committed. */
    @SuppressWarnings("unchecked")
    private Set<Long> writtenFor(Sql sql) {
        Map<Object, Object> state = sql.transactionState();
        if (state == null) return new HashSet<>(); // not on the writer: nobody to tell
        return (Set<Long>) state.computeIfAbsent(WRITTEN, k -> {
            Set<Long> ids = new HashSet<>();
            Consumer<Set<Long>> listener = onCommitted;
            sql.afterCommit(() -> listener.accept(ids));
            return ids;
        });
    }

    private static String json(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize an event", e);
        }
    }
}
