package io.ringway.api.sms77;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ringway.http.Exchange;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** How sms77 answers: plain text by default, JSON on {@code json=1} or {@code Accept: application/json}. */
final class Replies {
    static final ObjectMapper JSON = new ObjectMapper().enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

    private final ZoneId zone;

    Replies(ZoneId zone) { this.zone = zone; }

    static boolean wantsJson(Exchange ex, Params params) {
        if (params.flag("json")) return true;
        String accept = ex.header("Accept");
        return accept != null && accept.contains("application/json");
    }

    /** {@code 2020-01-09 15:41:30.656}, in the server's zone, as the status API and DLRs show times. */
    String time(long epochMillis) { return TIME.format(Instant.ofEpochMilli(epochMillis).atZone(zone)); }

    static ObjectNode object() { return JSON.createObjectNode(); }

    static void json(Exchange ex, Object node) {
        try {
            ex.json(200, JSON.writeValueAsBytes(node));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize a reply", e);
        }
    }

    static void text(Exchange ex, String body) { ex.text(200, body); }

    static void code(Exchange ex, int code) { ex.text(200, Integer.toString(code)); }
}
