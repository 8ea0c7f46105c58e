package io.ringway.api.sms77;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ringway.account.Account;
import io.ringway.http.Exchange;
import io.ringway.message.Message;
import io.ringway.message.MessageStatus;
import io.ringway.message.Messages;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * {@code /api/status?msg_id=}: plain {@code STATUS\ntime} per id, or a JSON array. An id that is unknown or belongs
 * to another account is UNKNOWN (the two are indistinguishable on purpose); a missing or non-numeric id is 901,
 * which the official clients name "InvalidMessageId".
 */
final class StatusEndpoint {
    private static final int INVALID_MESSAGE_ID = 901;
    private static final int MAX_IDS = 1000;

    private final Messages messages;
    private final Replies replies;

    StatusEndpoint(Messages messages, Replies replies) {
        this.messages = messages;
        this.replies = replies;
    }

    void status(Exchange ex, Params p, Account account) {
        List<String> raw = p.list("msg_id");
        if (raw.isEmpty() || raw.size() > MAX_IDS) throw new ApiCode(INVALID_MESSAGE_ID);
        List<Long> ids = new ArrayList<>();
        for (String s : raw) {
            try {
                ids.add(Long.parseLong(s));
            } catch (NumberFormatException e) {
                throw new ApiCode(INVALID_MESSAGE_ID);
            }
        }
        Map<Long, Message> found = messages.find(account.id(), ids).stream().collect(Collectors.toMap(Message::id, Function.identity()));
        if (Replies.wantsJson(ex, p)) {
            ArrayNode list = Replies.JSON.createArrayNode();
            for (Long id : ids) {
                Message m = found.get(id);
                ObjectNode o = list.addObject();
                o.put("id", Long.toString(id));
                o.put("status", m == null ? MessageStatus.UNKNOWN.name() : m.status().name());
                if (m == null) {
                    o.putNull("status_time");
                    o.putNull("statusTime");
                } else {
                    o.put("status_time", replies.time(m.statusAt()));
                    o.put("statusTime", replies.time(m.statusAt()));
                }
            }
            Replies.json(ex, list);
            return;
        }
        StringBuilder sb = new StringBuilder();
        for (Long id : ids) {
            Message m = found.get(id);
            if (!sb.isEmpty()) sb.append('\n');
            if (m == null) sb.append(MessageStatus.UNKNOWN.name());
            else sb.append(m.status().name()).append('\n').append(replies.time(m.statusAt()));
        }
        Replies.text(ex, sb.toString());
    }
}
