package io.ringway.message;

import java.util.List;

/**
 * An SMS request as the client sent it, parameters still as text: the API layer only finds the values, rules about
 * them live in {@link Messages}. {@code null} means the parameter was absent.
 */
public record SmsRequest(
        List<String> to,
        String text,
        String from,
        boolean debug,
        String delay,
        boolean noReload,
        boolean unicode,
        boolean flash,
        String udh,
        String ttl,
        String label,
        String foreignId,
        boolean performanceTracking,
        List<Attachment> files) {

    /** A file to attach (behaviour comes with a later issue; validated now). All values as sent. */
    public record Attachment(String name, String contents, String validity, String password) {}
}
