package io.ringway.api.sms77;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ringway.account.Account;
import io.ringway.http.Exchange;
import io.ringway.webhook.Delivery;
import io.ringway.webhook.Webhook;
import io.ringway.webhook.Webhooks;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * {@code /api/hooks} in both styles the clients use: {@code action=read|subscribe|unsubscribe} (sms77-client posts a
 * form for all three) and REST without {@code action} ({@code @seven.io/client}: GET lists, POST creates, DELETE
 * removes the id given in the JSON body or query). Replies are JSON.
 */
final class HooksEndpoint {
    private static final DateTimeFormatter CREATED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private static final int MAX_DELIVERIES = 1000;

    private final Webhooks webhooks;
    private final ZoneId zone;
    private final Replies replies;

    HooksEndpoint(Webhooks webhooks, ZoneId zone) {
        this.webhooks = webhooks;
        this.zone = zone;
        this.replies = new Replies(zone);
    }

    void handle(Exchange ex, Params p, Account account) {
        String action = p.get("action");
        if (action == null) {
            action = switch (ex.method()) {
                case "POST" -> "subscribe";
                case "DELETE" -> "unsubscribe";
                default -> "read";
            };
        }
        switch (action.strip().toLowerCase(Locale.ROOT)) {
            case "read" -> read(ex, account);
            case "subscribe" -> subscribe(ex, p, account);
            case "unsubscribe" -> unsubscribe(ex, p, account);
            default -> ex.text(400, "400\naction must be read, subscribe or unsubscribe\n");
        }
    }

    private void read(Exchange ex, Account account) {
        ObjectNode reply = Replies.object();
        reply.put("success", true);
        ArrayNode hooks = reply.putArray("hooks");
        for (Webhook w : webhooks.list(account.id())) {
            ObjectNode h = hooks.addObject();
            h.put("id", Long.toString(w.id()));
            h.put("target_url", w.targetUrl());
            h.put("event_type", w.eventType());
            h.put("request_method", w.requestMethod());
            h.put("event_filter", w.eventFilter());
            h.put("enabled", true);
            h.put("created", CREATED.format(Instant.ofEpochMilli(w.createdAt()).atZone(zone)));
            h.put("headers", w.headers() == null ? "" : w.headers());
        }
        Replies.json(ex, reply);
    }

    private void subscribe(Exchange ex, Params p, Account account) {
        Webhooks.Subscribed s = webhooks.subscribe(account.id(), p.get("target_url"), p.get("event_type"), p.get("request_method"),
                p.get("event_filter"), p.get("headers"));
        ObjectNode reply = Replies.object();
        reply.put("success", s.webhook() != null);
        if (s.webhook() != null) {
            reply.put("id", s.webhook().id());
        } else {
            reply.putNull("id");
            reply.put("error_message", s.problem());
        }
        Replies.json(ex, reply);
    }

    private void unsubscribe(Exchange ex, Params p, Account account) {
        boolean done;
        try {
            done = p.get("id") != null && webhooks.unsubscribe(account.id(), Long.parseLong(p.get("id").strip()));
        } catch (NumberFormatException e) {
            done = false;
        }
        ObjectNode reply = Replies.object();
        reply.put("success", done);
        Replies.json(ex, reply);
    }

    /**
     * {@code GET /api/hooks/deliveries}: the account's deliveries, newest first, with attempts, answers and outcome
     * (Ringway's own; sms77 has no such endpoint). Filters: {@code hook_id}, {@code msg_id} (the message or call the
     * event is about), {@code state}, {@code before} (an id, for paging), {@code limit} (1–1000, default 100).
     */
    void deliveries(Exchange ex, Params p, Account account) {
        Long hookId;
        Long subjectId;
        Long before;
        int limit;
        try {
            hookId = optionalId(p.get("hook_id"));
            subjectId = optionalId(p.get("msg_id"));
            before = optionalId(p.get("before"));
            Long l = optionalId(p.get("limit"));
            limit = l == null ? 100 : (int) Math.min(Math.max(l, 1), MAX_DELIVERIES);
        } catch (NumberFormatException e) {
            refuse(ex, "hook_id, msg_id, before and limit must be whole numbers");
            return;
        }
        String state = p.get("state") == null || p.get("state").isBlank() ? null : p.get("state").strip().toUpperCase(Locale.ROOT);
        if (state != null && !java.util.List.of("PENDING", "DELIVERED", "FAILED", "CANCELLED").contains(state)) {
            refuse(ex, "state must be pending, delivered, failed or cancelled");
            return;
        }
        ObjectNode reply = Replies.object();
        reply.put("success", true);
        ArrayNode list = reply.putArray("deliveries");
        for (Delivery d : webhooks.deliveries(account.id(), new Webhooks.DeliveryQuery(hookId, subjectId, state, before, limit))) {
            ObjectNode n = list.addObject();
            n.put("id", Long.toString(d.id()));
            n.put("hook_id", Long.toString(d.webhookId()));
            n.put("event_type", d.eventType());
            n.put("subject_id", Long.toString(d.subjectId()));
            n.put("state", d.state());
            n.put("attempts", d.attempts());
            if (d.lastStatus() == null) n.putNull("last_status"); else n.put("last_status", d.lastStatus());
            n.put("last_error", d.lastError());
            n.put("created", replies.time(d.eventAt()));
            n.put("next_attempt", d.nextAt() == null ? null : replies.time(d.nextAt()));
            n.put("finished", d.finishedAt() == null ? null : replies.time(d.finishedAt()));
            ArrayNode history = n.putArray("history");
            for (JsonNode attempt : readTree(d.history())) {
                ObjectNode a = history.addObject();
                a.put("at", replies.time(attempt.path("at").asLong()));
                if (attempt.has("status")) a.put("status", attempt.get("status").asInt());
                else a.put("error", attempt.path("error").asText());
                a.put("ms", attempt.path("ms").asLong());
            }
            n.set("data", readTree(d.payload()));
        }
        Replies.json(ex, reply);
    }

    private static Long optionalId(String v) {
        return v == null || v.isBlank() ? null : Long.parseLong(v.strip());
    }

    private static void refuse(Exchange ex, String why) {
        ObjectNode reply = Replies.object();
        reply.put("success", false);
        reply.put("error_message", why);
        Replies.json(ex, reply);
    }

    private static JsonNode readTree(String json) {
        try {
            return Replies.JSON.readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("stored JSON is unreadable", e);
        }
    }
}
