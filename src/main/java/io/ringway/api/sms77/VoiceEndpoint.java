package io.ringway.api.sms77;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ringway.account.Account;
import io.ringway.account.Money;
import io.ringway.call.Call;
import io.ringway.call.CallAcceptance;
import io.ringway.call.CallRefusal;
import io.ringway.call.CallRequest;
import io.ringway.call.Calls;
import io.ringway.call.Switchboard;
import io.ringway.http.Exchange;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * {@code /api/voice} (place a call), {@code /api/voice/{id}/hangup}, {@code /api/voice/{id}/audio} (what a sandbox
 * callee heard, as WAV) and {@code /api/journal/voice}. Extensions beyond the sms77 document: {@code ringtime}
 * (5–60 s, in the client libraries), {@code foreign_id} and {@code language}; docs/voice.md.
 */
final class VoiceEndpoint {
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final Calls calls;
    private final Switchboard switchboard;
    private final Path audioDir;
    private final ZoneId zone;

    VoiceEndpoint(Calls calls, Switchboard switchboard, Path audioDir, ZoneId zone) {
        this.calls = calls;
        this.switchboard = switchboard;
        this.audioDir = audioDir;
        this.zone = zone;
    }

    void call(Exchange ex, Params p, Account account) {
        Integer ring;
        try {
            ring = p.get("ringtime") == null || p.get("ringtime").isBlank() ? null : Integer.valueOf(p.get("ringtime").strip());
        } catch (NumberFormatException e) {
            ex.text(400, "400\nringtime: 5 to 60 seconds\n");
            return;
        }
        String text = p.get("text");
        CallAcceptance a = calls.accept(account, new CallRequest(CallRequest.SMS77, p.get("to"), null, p.get("from"),
                p.flag("xml") ? CallRequest.XML : CallRequest.TEXT, text, null, blankToNull(p.get("language")), ring,
                blankToNull(p.get("foreign_id")), p.flag("debug")));
        if (a.refusal() == CallRefusal.INVALID_PARAMETER) {
            ex.text(400, "400\n" + a.detail() + "\n");
            return;
        }
        if (!a.accepted()) {
            Replies.code(ex, a.refusal().code());
            return;
        }
        if (a.call() != null) switchboard.place(a.call());
        BigDecimal price = Money.fromMicros(a.priceMicros());
        String id = a.call() == null ? null : Long.toString(a.call().id());
        if (Replies.wantsJson(ex, p)) {
            ObjectNode root = Replies.object();
            root.put("success", "100");
            root.put("total_price", a.debug() ? BigDecimal.ZERO : price);
            root.put("balance", Money.fromMicros(a.balanceMicros()));
            root.put("debug", a.debug());
            ArrayNode list = root.putArray("messages");
            ObjectNode m = list.addObject();
            if (id == null) m.putNull("id");
            else m.put("id", id);
            m.put("sender", a.callerId());
            m.put("recipient", a.recipient());
            m.put("text", text);
            m.put("price", price);
            m.put("success", true);
            m.putNull("error");
            m.putNull("error_text");
            Replies.json(ex, root);
        } else {
            Replies.text(ex, "100\n" + (id == null ? "" : id) + "\n" + price.toPlainString());
        }
    }

    void hangUp(Exchange ex, Params p, Account account) {
        ObjectNode reply = Replies.object();
        Long id = parseId(ex.pathParam("id"));
        Switchboard.HangUp found = id == null ? Switchboard.HangUp.UNKNOWN : switchboard.hangUp(account.id(), id);
        reply.put("success", found == Switchboard.HangUp.ENDING);
        switch (found) {
            case ENDING -> reply.putNull("error");
            case UNKNOWN -> reply.put("error", "no call " + ex.pathParam("id"));
            case ENDED_ALREADY -> reply.put("error", "the call has ended already");
        }
        Replies.json(ex, reply);
    }

    /** What the callee heard (sandbox calls), as a WAV file; 404 for other calls and calls nobody answered. */
    void audio(Exchange ex, Params p, Account account) throws IOException {
        Long id = parseId(ex.pathParam("id"));
        Call c = id == null ? null : calls.find(account.id(), id).orElse(null);
        Path file = c == null ? null : audioDir.resolve(c.id() + ".wav");
        if (file == null || !Files.isRegularFile(file)) {
            ex.json(404, "{\"error\":\"no audio for this call\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return;
        }
        ex.respond(200, "audio/wav", Files.readAllBytes(file));
    }

    /** {@code /api/journal/voice}: the account's calls, newest first (the same filters as the inbound journal). */
    void journal(Exchange ex, Params p, Account account) {
        Calls.JournalQuery q;
        try {
            LocalDate from = JournalEndpoint.date(p, "date_from"), to = JournalEndpoint.date(p, "date_to");
            q = new Calls.JournalQuery(JournalEndpoint.number(p, "id"),
                    from == null ? null : from.atStartOfDay(zone).toInstant().toEpochMilli(),
                    to == null ? null : to.plusDays(1).atStartOfDay(zone).toInstant().toEpochMilli(), p.get("to"),
                    JournalEndpoint.limit(p), JournalEndpoint.offset(p));
        } catch (IllegalArgumentException e) {
            ex.text(400, "400\n" + e.getMessage() + "\n");
            return;
        }
        ArrayNode list = Replies.JSON.createArrayNode();
        for (Call c : calls.journal(account.id(), q)) {
            ObjectNode o = list.addObject();
            o.put("id", Long.toString(c.id()));
            o.put("from", c.callerId());
            o.put("to", c.recipient());
            o.put("text", c.script());
            o.put("timestamp", TIMESTAMP.format(Instant.ofEpochMilli(c.createdAt()).atZone(zone)));
            o.put("price", Money.fromMicros(c.chargedMicros()).toPlainString());
            o.put("duration", Long.toString(c.durationSeconds()));
            o.put("status", c.status().apiName());
            if (c.cause() == null) o.put("error", "");
            else o.put("error", c.cause());
            o.put("xml", "xml".equals(c.scriptKind()));
        }
        Replies.json(ex, list);
    }

    private static Long parseId(String s) {
        try {
            return s == null ? null : Long.valueOf(s.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String blankToNull(String s) { return s == null || s.isBlank() ? null : s.strip(); }
}
