package io.ringway.carrier.sip;

import javax.sip.header.ContentTypeHeader;
import javax.sip.message.Request;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Keys sent as SIP INFO, as some PBXs do instead of RFC 4733: {@code application/dtmf-relay} ({@code Signal=5}) or
 * {@code application/dtmf} (the bare key).
 */
final class DtmfRelay {
    private DtmfRelay() {}

    static Character key(Request info) {
        ContentTypeHeader type = (ContentTypeHeader) info.getHeader(ContentTypeHeader.NAME);
        byte[] raw = info.getRawContent();
        if (type == null || raw == null || !type.getContentType().equalsIgnoreCase("application")) return null;
        String body = new String(raw, StandardCharsets.US_ASCII).strip();
        String sub = type.getContentSubType().toLowerCase(Locale.ROOT);
        String signal = null;
        if (sub.equals("dtmf-relay")) {
            for (String line : body.split("\r?\n")) {
                int eq = line.indexOf('=');
                if (eq > 0 && line.substring(0, eq).strip().equalsIgnoreCase("signal")) signal = line.substring(eq + 1).strip();
            }
        } else if (sub.equals("dtmf")) {
            signal = body;
        }
        if (signal == null || signal.length() != 1) return null;
        char c = Character.toUpperCase(signal.charAt(0));
        return (c >= '0' && c <= '9') || c == '*' || c == '#' || (c >= 'A' && c <= 'D') ? c : null;
    }
}
