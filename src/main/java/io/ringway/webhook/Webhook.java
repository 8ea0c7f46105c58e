package io.ringway.webhook;

/** A subscription: events of {@code eventType} for the account go to {@code targetUrl} as {@code requestMethod}. */
public record Webhook(long id, long accountId, String targetUrl, String eventType, String requestMethod, String eventFilter,
                      String headers, long createdAt) {
    /** What {@code event_type} may be (sms77's list; {@code all} matches every event). */
    public static final java.util.List<String> EVENT_TYPES =
            java.util.List.of("all", "dlr", "sms_mo", "voice_status", "voice_dtmf", "voice_call", "tracking");

    /** How the event is sent: form body, query string, or a JSON body {@code {data, webhook_event, webhook_timestamp}}. */
    public static final java.util.List<String> REQUEST_METHODS = java.util.List.of("POST", "GET", "JSON");
}
