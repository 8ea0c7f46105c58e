package io.ringway.api.sms77;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ringway.account.Account;
import io.ringway.http.Exchange;
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

    private final Webhooks webhooks;
    private final ZoneId zone;

    HooksEndpoint(Webhooks webhooks, ZoneId zone) {
        this.webhooks = webhooks;
        this.zone = zone;
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
}
