package io.ringway.api.sms77;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ringway.account.Account;
import io.ringway.account.Money;
import io.ringway.dispatch.Dispatcher;
import io.ringway.http.Exchange;
import io.ringway.message.Encoding;
import io.ringway.message.Message;
import io.ringway.message.Messages;
import io.ringway.message.Refusal;
import io.ringway.message.SmsAcceptance;
import io.ringway.message.SmsRequest;

import java.math.BigDecimal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** {@code /api/sms}: send (GET/POST) and delete scheduled messages (DELETE). */
final class SmsEndpoint {
    private final Messages messages;
    private final Dispatcher dispatcher;
    private final Clock clock;
    private final long awaitSubmitMillis;

    SmsEndpoint(Messages messages, Dispatcher dispatcher, Clock clock, long awaitSubmitMillis) {
        this.messages = messages;
        this.dispatcher = dispatcher;
        this.clock = clock;
        this.awaitSubmitMillis = awaitSubmitMillis;
    }

    void send(Exchange ex, Params p, Account account) {
        SmsRequest request = new SmsRequest(p.all("to"), p.get("text"), p.get("from"), p.flag("debug"), p.get("delay"),
                p.flag("no_reload"), p.flag("unicode"), p.flag("flash"), p.get("udh"), p.get("ttl"), p.get("label"),
                p.get("foreign_id"), p.flag("performance_tracking"), p.files());
        SmsAcceptance acceptance = messages.accept(account, request);
        Map<Long, Dispatcher.Handoff> handoffs = handOff(acceptance);
        List<Row> rows = rows(acceptance, handoffs);
        int code = code(acceptance, rows);

        if (acceptance.refusal() == Refusal.INVALID_PARAMETER) {
            ex.text(400, "400\n" + acceptance.detail() + "\n");
            return;
        }
        boolean anySuccess = rows.stream().anyMatch(r -> r.error == null);
        if (!acceptance.debug() && !anySuccess) {
            Replies.code(ex, code);
            return;
        }
        if (Replies.wantsJson(ex, p)) Replies.json(ex, json(acceptance, rows, code));
        else Replies.text(ex, plain(acceptance, rows, code, p.flag("return_msg_id"), p.flag("details")));
    }

    void delete(Exchange ex, Params p, Account account) {
        List<Long> ids = new ArrayList<>();
        for (String id : p.list("ids")) {
            try {
                ids.add(Long.parseLong(id));
            } catch (NumberFormatException ignored) {
                // not one of ours: cannot be deleted
            }
        }
        List<Long> deleted = ids.isEmpty() ? List.of() : messages.deleteScheduled(account.id(), ids);
        ObjectNode reply = Replies.object();
        reply.put("success", !deleted.isEmpty());
        ArrayNode list = reply.putArray("deleted");
        deleted.forEach(id -> list.add(Long.toString(id)));
        Replies.json(ex, reply);
    }

    /** One recipient's line in the reply, after the carrier had its say. */
    private record Row(SmsAcceptance.Result result, Refusal error) {}

    /**
     * Gives the messages due now to the dispatcher and waits (bounded) for the carrier's answer, so a submit the
     * carrier refuses can be answered with 600 as sms77 does. Silence within the bound still means 100: the
     * message is stored and will be sent.
     */
    private Map<Long, Dispatcher.Handoff> handOff(SmsAcceptance acceptance) {
        List<Message> due = acceptance.refusal() == null || acceptance.refusal() == Refusal.SOME_FAILED
                ? acceptance.dueNow(clock.millis()) : List.of();
        Map<Long, Dispatcher.Handoff> out = new HashMap<>();
        if (due.isEmpty()) return out;
        List<CompletableFuture<Dispatcher.Handoff>> waits = dispatcher.handOff(due, awaitSubmitMillis);
        if (awaitSubmitMillis > 0) {
            try {
                CompletableFuture.allOf(waits.toArray(CompletableFuture[]::new)).join();
            } catch (RuntimeException e) {
                // a failed hand-off reads as QUEUED below
            }
        }
        for (int i = 0; i < due.size(); i++) {
            CompletableFuture<Dispatcher.Handoff> w = waits.get(i);
            out.put(due.get(i).id(), w.isDone() && !w.isCompletedExceptionally() ? w.join() : Dispatcher.Handoff.QUEUED);
        }
        return out;
    }

    private static List<Row> rows(SmsAcceptance a, Map<Long, Dispatcher.Handoff> handoffs) {
        List<Row> rows = new ArrayList<>(a.results().size());
        for (SmsAcceptance.Result r : a.results()) {
            Refusal error = r.refusal();
            if (error == null && r.message() != null && handoffs.get(r.message().id()) == Dispatcher.Handoff.FAILED) error = Refusal.CARRIER_FAILED;
            rows.add(new Row(r, error));
        }
        return rows;
    }

    private static int code(SmsAcceptance a, List<Row> rows) {
        if (a.refusal() != null && a.refusal() != Refusal.SOME_FAILED) return a.refusal().code();
        if (rows.stream().allMatch(r -> r.error == null)) return 100;
        if (rows.stream().noneMatch(r -> r.error == null)) {
            long kinds = rows.stream().map(Row::error).distinct().count();
            return kinds == 1 ? rows.get(0).error.code() : Refusal.SOME_FAILED.code();
        }
        return Refusal.SOME_FAILED.code();
    }

    /** The balance after the request: what the accepting write left, plus refunds of submits the carrier refused. */
    private static long balanceAfter(SmsAcceptance a, List<Row> rows) {
        long refunded = rows.stream().filter(r -> r.error == Refusal.CARRIER_FAILED).mapToLong(r -> r.result.priceMicros()).sum();
        return a.balanceMicros() + refunded;
    }

    private static BigDecimal charged(List<Row> rows) {
        long micros = rows.stream().filter(r -> r.error == null && r.result.message() != null).mapToLong(r -> r.result.priceMicros()).sum();
        return Money.fromMicros(micros);
    }

    private String plain(SmsAcceptance a, List<Row> rows, int code, boolean returnIds, boolean details) {
        StringBuilder sb = new StringBuilder().append(code);
        if (returnIds) {
            for (Row r : rows) if (r.error == null && r.result.message() != null) sb.append('\n').append(r.result.message().id());
        }
        if (details) {
            long booked = rows.stream().filter(r -> r.error == null && r.result.message() != null).mapToLong(r -> r.result.message().parts()).sum();
            long price = rows.stream().filter(r -> r.error == null).mapToLong(r -> r.result.priceMicros()).sum();
            boolean gsm = a.body().encoding() == Encoding.GSM;
            sb.append("\nbooked: ").append(booked)
                    .append("\nprice: ").append(Money.fromMicros(price).toPlainString())
                    .append("\ncredit: ").append(Money.format(Money.fromMicros(balanceAfter(a, rows))))
                    .append("\ntext: ").append(a.text())
                    .append("\nSMS type: direct")
                    .append("\nFlash SMS: ").append(rows.isEmpty() || !flash(rows) ? "off" : "on")
                    .append("\nEncoding: ").append(gsm ? "ASCII" : a.body().encoding() == Encoding.UCS2 ? "UCS2" : "binary")
                    .append("\nGSM0338: ").append(gsm)
                    .append("\nDebug: ").append(a.debug());
        }
        return sb.toString();
    }

    private static boolean flash(List<Row> rows) {
        return rows.stream().anyMatch(r -> r.result.message() != null && r.result.message().flash());
    }

    private ObjectNode json(SmsAcceptance a, List<Row> rows, int code) {
        ObjectNode root = Replies.object();
        root.put("success", Integer.toString(code));
        root.put("total_price", a.debug() ? BigDecimal.ZERO : charged(rows));
        root.put("balance", Money.fromMicros(balanceAfter(a, rows)));
        root.put("debug", Boolean.toString(a.debug()));
        root.put("sms_type", "direct");
        ArrayNode list = root.putArray("messages");
        for (Row r : rows) {
            Message m = r.result.message();
            ObjectNode o = list.addObject();
            if (m != null) o.put("id", Long.toString(m.id()));
            else o.putNull("id");
            o.put("sender", a.sender());
            o.put("recipient", r.result.recipient().valid() ? r.result.recipient().e164() : r.result.recipient().raw());
            o.put("text", a.text());
            o.put("encoding", a.body().encoding() == Encoding.BINARY ? "gsm" : a.body().encoding().apiName());
            if (m != null && m.label() != null) o.put("label", m.label());
            else o.putNull("label");
            if (a.body().encoding() == Encoding.BINARY && m != null) o.put("udh", m.udh());
            else o.putNull("udh");
            o.put("is_binary", a.body().encoding() == Encoding.BINARY);
            o.put("parts", a.body().partCount());
            o.put("price", r.error == null ? Money.fromMicros(r.result.priceMicros()) : BigDecimal.ZERO);
            o.put("success", r.error == null);
            if (r.error == null) {
                o.putNull("error");
                o.putNull("error_text");
            } else {
                o.put("error", Integer.toString(r.error.code()));
                o.put("error_text", r.error.text());
            }
            List<String> parts = a.body().partCount() > 1 ? a.body().partTexts() : null;
            if (parts == null) o.putNull("messages");
            else parts.forEach(o.withArray("messages")::add);
        }
        return root;
    }
}
