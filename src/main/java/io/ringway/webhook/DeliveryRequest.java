package io.ringway.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ringway.account.RequestSignature;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The HTTP request that tells a subscription about an event, in its {@code request_method}:
 * {@code JSON} posts {@code {data, webhook_event, webhook_timestamp}}; {@code POST} posts the data fields as a form and
 * {@code GET} appends them to the target's query string (for {@code dlr} that is the legacy DLR callback
 * {@code target?msg_id=…&status=…&timestamp=…}), both followed by {@code webhook_event} and {@code webhook_timestamp}.
 * Every request is signed like an API request, with the account's signing secret, over the URL as sent.
 */
record DeliveryRequest(String method, URI uri, String contentType, byte[] body, Map<String, String> headers) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final com.fasterxml.jackson.core.type.TypeReference<LinkedHashMap<String, Object>> DATA = new com.fasterxml.jackson.core.type.TypeReference<>() {};
    private static final DateTimeFormatter WEBHOOK_TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    /** Headers a subscription's own {@code headers} may not set: the signature's, and what HTTP itself decides. */
    private static final Set<String> RESERVED = Set.of("x-signature", "x-timestamp", "x-nonce", "host", "content-length",
            "content-type", "connection", "transfer-encoding", "expect", "upgrade");

    static DeliveryRequest of(Webhook w, WebhookEvent e, String signingSecret, long nowMillis, String nonce, ZoneId zone) {
        return of(w, e.type(), e.atMillis(), new String(json(e.data()), StandardCharsets.UTF_8), signingSecret, nowMillis, nonce, zone);
    }

    /**
     * The request for an event whose {@code data} is stored as JSON ({@code dataJson}, an object written by the
     * outbox): the JSON method puts it into the envelope as it is, without reading and writing it again; the form and
     * query methods need its fields.
     */
    static DeliveryRequest of(Webhook w, String eventType, long atMillis, String dataJson, String signingSecret, long nowMillis,
                              String nonce, ZoneId zone) {
        String timestamp = WEBHOOK_TIMESTAMP.format(Instant.ofEpochMilli(atMillis).atZone(zone));
        String method;
        String url = w.targetUrl();
        String contentType = null;
        byte[] body;
        switch (w.requestMethod()) {
            case "JSON" -> {
                method = "POST";
                contentType = "application/json";
                body = ("{\"data\":" + dataJson + ",\"webhook_event\":" + quoted(eventType) + ",\"webhook_timestamp\":" + quoted(timestamp) + "}")
                        .getBytes(StandardCharsets.UTF_8);
            }
            case "GET" -> {
                method = "GET";
                String query = form(fields(dataJson), eventType, timestamp);
                url = url + (url.contains("?") ? (url.endsWith("?") || url.endsWith("&") ? "" : "&") : "?") + query;
                body = new byte[0];
            }
            default -> {
                method = "POST";
                contentType = "application/x-www-form-urlencoded";
                body = form(fields(dataJson), eventType, timestamp).getBytes(StandardCharsets.UTF_8);
            }
        }
        Map<String, String> headers = new LinkedHashMap<>(customHeaders(w.headers()));
        String seconds = Long.toString(nowMillis / 1000);
        headers.put("X-Timestamp", seconds);
        headers.put("X-Nonce", nonce);
        headers.put("X-Signature", RequestSignature.sign(signingSecret, seconds, nonce, method, url, body));
        return new DeliveryRequest(method, URI.create(url), contentType, body, headers);
    }

    private static Map<String, Object> fields(String dataJson) {
        try {
            return JSON.readValue(dataJson, DATA);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored event data is not a JSON object", e);
        }
    }

    private static String quoted(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String form(Map<String, Object> data, String eventType, String timestamp) {
        StringBuilder sb = new StringBuilder();
        data.forEach((k, v) -> append(sb, k, v == null ? "" : String.valueOf(v)));
        append(sb, "webhook_event", eventType);
        append(sb, "webhook_timestamp", timestamp);
        return sb.toString();
    }

    private static void append(StringBuilder sb, String key, String value) {
        if (!sb.isEmpty()) sb.append('&');
        sb.append(URLEncoder.encode(key, StandardCharsets.UTF_8)).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
    }

    /** {@code "Name: value"} lines (CR/LF separated); malformed and reserved ones are left out. */
    static Map<String, String> customHeaders(String lines) {
        Map<String, String> out = new LinkedHashMap<>();
        if (lines == null) return out;
        for (String line : lines.split("\r?\n")) {
            int colon = line.indexOf(':');
            if (colon <= 0) continue;
            String name = line.substring(0, colon).strip();
            String value = line.substring(colon + 1).strip();
            if (!name.matches("[A-Za-z0-9-]+") || RESERVED.contains(name.toLowerCase(Locale.ROOT))) continue;
            out.put(name, value);
        }
        return out;
    }

    private static byte[] json(Object o) {
        try {
            return JSON.writeValueAsBytes(o);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("cannot serialize a webhook event", ex);
        }
    }
}
