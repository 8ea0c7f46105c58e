package io.ringway.webhook;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Something a customer is told about: its type ({@code dlr}, {@code sms_mo}, …), the message or call it is about, when
 * it happened, and its {@code data} with the field names and JSON types of the documented payloads
 * ({@code protocol-notes.md}; types as {@code @seven.io/client} declares them).
 */
public record WebhookEvent(String type, long accountId, long subjectId, long atMillis, Map<String, Object> data) {
    /** A message's status changed; {@code timestamp} as the status API shows times ({@code 2020-01-09 15:41:30.656}). */
    public static WebhookEvent dlr(long accountId, long messageId, String status, String timestamp, long atMillis) {
        return new WebhookEvent("dlr", accountId, messageId, atMillis,
                data("msg_id", Long.toString(messageId), "status", status, "timestamp", timestamp));
    }

    /**
     * An inbound SMS to one of the account's numbers ({@code system}); {@code time} is when it was received, in unix
     * seconds, as a string like {@code id} ({@code @seven.io/client} declares both strings).
     */
    public static WebhookEvent smsMo(long accountId, long inboundId, String sender, String system, String text, String time,
                                     long atMillis) {
        return new WebhookEvent("sms_mo", accountId, inboundId, atMillis, data("id", Long.toString(inboundId), "sender", sender,
                "system", system, "text", text, "time", time, "message_type", "SMS"));
    }

    /** A call's status changed ({@code duration} in seconds, as a string, as documented). */
    public static WebhookEvent voiceStatus(long accountId, long callId, String callerId, String recipient, String status,
                                           String duration, double pricePerMinute, long timestampSeconds, long atMillis) {
        return new WebhookEvent("voice_status", accountId, callId, atMillis, data("id", Long.toString(callId), "callerId", callerId,
                "recipient", recipient, "status", status, "duration", duration, "pricePerMinute", pricePerMinute,
                "timestamp", timestampSeconds));
    }

    /** A key 0-9 pressed during a call. */
    public static WebhookEvent voiceDtmf(long accountId, long callId, String callerId, String recipient, int digit, String status,
                                         long durationSeconds, double pricePerMinute, double totalPrice, String system,
                                         long timestampSeconds, long atMillis) {
        return voiceDtmf(accountId, callId, callerId, recipient, (char) ('0' + digit), status, durationSeconds, pricePerMinute,
                totalPrice, system, timestampSeconds, atMillis);
    }

    /** A key pressed during a call: {@code dtmf_digit} is a number for 0-9 and a string for *, # and A-D. */
    public static WebhookEvent voiceDtmf(long accountId, long callId, String callerId, String recipient, char key, String status,
                                         long durationSeconds, double pricePerMinute, double totalPrice, String system,
                                         long timestampSeconds, long atMillis) {
        Object digit = key >= '0' && key <= '9' ? (Object) (key - '0') : String.valueOf(key);
        return new WebhookEvent("voice_dtmf", accountId, callId, atMillis, data("id", callId, "callerId", callerId,
                "recipient", recipient, "dtmf_digit", digit, "status", status, "duration", durationSeconds,
                "pricePerMinute", pricePerMinute, "total_price", totalPrice, "system", system, "timestamp", timestampSeconds));
    }

    /** An inbound call. */
    public static WebhookEvent voiceCall(long accountId, long callId, String caller, String system, long timeSeconds, long atMillis) {
        return new WebhookEvent("voice_call", accountId, callId, atMillis,
                data("caller", caller, "id", callId, "system", system, "time", timeSeconds));
    }

    private static Map<String, Object> data(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        return m;
    }
}
