package io.ringway.api.sms77;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ringway.account.Account;
import io.ringway.http.Exchange;
import io.ringway.http.HttpError;
import io.ringway.inbound.Inbound;
import io.ringway.inbound.InboundMessage;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;

/**
 * {@code /api/journal/inbound} ({@code @seven.io/client}) and {@code /api/journal?type=inbound} (sms77-client): the
 * account's inbound SMS as a JSON array, newest first, always JSON (both clients parse it whatever they accept).
 * Filters: {@code id}, {@code date_from} and {@code date_to} (yyyy-mm-dd, both days included, in the server's zone),
 * {@code to} (the receiving number, in any spelling), {@code limit} (1–1000, default 100) and {@code offset}.
 * The voice journal is {@link VoiceEndpoint#journal}; outbound and replies are not built yet.
 */
final class JournalEndpoint {
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final int DEFAULT_LIMIT = 100;
    private static final int MAX_LIMIT = 1000;

    private final Inbound inbound;
    private final VoiceEndpoint voice;
    private final ZoneId zone;

    /** {@code voice} answers the voice journal ({@code null}: not available). */
    JournalEndpoint(Inbound inbound, VoiceEndpoint voice, ZoneId zone) {
        this.inbound = inbound;
        this.voice = voice;
        this.zone = zone;
    }

    /** {@code /api/journal?type=…}: the same journals by parameter. */
    void byType(Exchange ex, Params p, Account account) {
        String type = p.get("type") == null ? "" : p.get("type").strip().toLowerCase(Locale.ROOT);
        if (type.equals("inbound")) {
            inbound(ex, p, account);
        } else if (type.equals("voice") && voice != null) {
            voice.journal(ex, p, account);
        } else if (List.of("outbound", "voice", "replies").contains(type)) {
            // As /api/journal/outbound etc. answer while they are not registered.
            throw new HttpError(404, "the " + type + " journal is not available yet");
        } else {
            refuse(ex, "type must be inbound, outbound, voice or replies");
        }
    }

    void inbound(Exchange ex, Params p, Account account) {
        Inbound.JournalQuery q;
        try {
            q = new Inbound.JournalQuery(number(p, "id"), date(p, "date_from"), date(p, "date_to"), p.get("to"), limit(p), offset(p));
        } catch (IllegalArgumentException e) {
            refuse(ex, e.getMessage());
            return;
        }
        ArrayNode list = Replies.JSON.createArrayNode();
        for (InboundMessage m : inbound.journal(account.id(), q)) {
            ObjectNode o = list.addObject();
            o.put("id", Long.toString(m.id()));
            o.put("from", m.sender());
            o.put("to", m.recipient());
            o.put("text", m.text());
            o.put("timestamp", TIMESTAMP.format(Instant.ofEpochMilli(m.receivedAt()).atZone(zone)));
            o.put("price", "0");
            o.putNull("reply_to_message_id");
            o.put("binary", m.binary());
        }
        Replies.json(ex, list);
    }

    static Long number(Params p, String name) {
        String v = p.get(name);
        if (v == null || v.isBlank()) return null;
        try {
            return Long.parseLong(v.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number");
        }
    }

    static LocalDate date(Params p, String name) {
        String v = p.get(name);
        if (v == null || v.isBlank()) return null;
        try {
            return LocalDate.parse(v.strip());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + " must be a date yyyy-mm-dd");
        }
    }

    private static long orDefault(Long v, long otherwise) { return v == null ? otherwise : v; }

    /** {@code limit}: 1–1000, default 100. */
    static int limit(Params p) { return (int) Math.min(Math.max(orDefault(number(p, "limit"), DEFAULT_LIMIT), 1), MAX_LIMIT); }

    /** {@code offset}: 0 or more, default 0. */
    static int offset(Params p) { return (int) Math.min(Math.max(orDefault(number(p, "offset"), 0), 0), Integer.MAX_VALUE); }

    /** sms77's way for a bad parameter without a code of its own: HTTP 400, body {@code 400\n<what>}. */
    private static void refuse(Exchange ex, String why) { ex.text(400, "400\n" + why + "\n"); }
}
