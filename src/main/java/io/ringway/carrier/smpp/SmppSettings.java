package io.ringway.carrier.smpp;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One SMPP connector as the operator describes it: a URL, {@code smpp://SYSTEM_ID:PASSWORD@HOST:PORT?option=value&…}
 * ({@code smpps://} for TLS), the same on the command line ({@code --smpp}) and in the YAML file. Every option and its
 * default is listed in docs/smpp.md.
 */
public record SmppSettings(
        String name,
        String host,
        int port,
        boolean tls,
        boolean tlsTrustAll,
        String systemId,
        String password,
        String systemType,
        Bind bind,
        int window,
        int throughput,
        int enquireLinkSeconds,
        long reconnectMillis,
        long reconnectMaxMillis,
        long responseTimeoutMillis,
        long throttleBackoffMillis,
        Integer sourceTon,
        Integer sourceNpi,
        int destTon,
        int destNpi,
        int registeredDelivery,
        LongMessages longMessages,
        int gsmDataCoding,
        IdFormat respIdFormat,
        IdFormat dlrIdFormat,
        List<String> prefixes,
        int priority) {

    /** One transceiver session, or a transmitter for submits plus a receiver for receipts and inbound SMS. */
    public enum Bind { TRX, TX_RX }

    /** How a message longer than one SMS is split. */
    public enum LongMessages { UDH8, UDH16, SAR, PAYLOAD }

    /** How the SMSC writes a message id: in submit_sm_resp and in receipts each may differ (Kannel's msg-id-type). */
    public enum IdFormat { STRING, HEX, DEC }

    private static final Set<String> OPTIONS = Set.of("name", "tls", "tls_trust_all", "system_type", "bind", "window",
            "throughput", "enquire_link", "reconnect_ms", "reconnect_max_ms", "timeout_ms", "throttle_backoff_ms", "source_ton",
            "source_npi", "dest_ton", "dest_npi", "registered_delivery", "long", "gsm_coding", "resp_id", "dlr_id", "prefix",
            "priority");

    /** Parses a connector URL; {@code fallbackName} names it when the URL does not. */
    public static SmppSettings parse(String url, String fallbackName) {
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("not a valid SMPP URL: " + e.getMessage());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("smpp") && !scheme.equals("smpps")) {
            throw new IllegalArgumentException("an SMPP URL starts with smpp:// or smpps://");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) throw new IllegalArgumentException("the SMPP URL names no host");
        String userInfo = uri.getRawUserInfo();
        if (userInfo == null || userInfo.isBlank()) throw new IllegalArgumentException("the SMPP URL names no system_id (smpp://SYSTEM_ID:PASSWORD@HOST:PORT)");
        int colon = userInfo.indexOf(':');
        String systemId = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
        String password = colon < 0 ? "" : decode(userInfo.substring(colon + 1));
        Map<String, String> q = query(uri.getRawQuery());
        for (String key : q.keySet()) {
            if (!OPTIONS.contains(key)) throw new IllegalArgumentException("unknown SMPP option \"" + key + "\"");
        }
        boolean tls = scheme.equals("smpps") || bool(q, "tls", false);
        int port = uri.getPort() > 0 ? uri.getPort() : tls ? 3550 : 2775;
        List<String> prefixes = new ArrayList<>();
        if (q.containsKey("prefix")) {
            for (String p : q.get("prefix").split(",")) {
                String digits = p.strip().replaceFirst("^\\+", "");
                if (digits.isEmpty()) continue;
                if (!digits.chars().allMatch(Character::isDigit)) throw new IllegalArgumentException("prefix must be digits: " + p);
                prefixes.add(digits);
            }
        }
        SmppSettings s = new SmppSettings(
                q.getOrDefault("name", fallbackName), uri.getHost(), port, tls, bool(q, "tls_trust_all", false),
                systemId, password, q.getOrDefault("system_type", ""), bind(q.getOrDefault("bind", "trx")),
                integer(q, "window", 10, 1, 10_000), integer(q, "throughput", 0, 0, 1_000_000),
                integer(q, "enquire_link", 30, 1, 3600), integer(q, "reconnect_ms", 1000, 10, 3_600_000),
                integer(q, "reconnect_max_ms", 60_000, 10, 3_600_000), integer(q, "timeout_ms", 10_000, 100, 600_000),
                integer(q, "throttle_backoff_ms", 1000, 1, 600_000),
                q.containsKey("source_ton") ? integer(q, "source_ton", 0, 0, 6) : null,
                q.containsKey("source_npi") ? integer(q, "source_npi", 0, 0, 18) : null,
                integer(q, "dest_ton", 1, 0, 6), integer(q, "dest_npi", 1, 0, 18),
                integer(q, "registered_delivery", 1, 0, 31), longMessages(q.getOrDefault("long", "udh8")),
                integer(q, "gsm_coding", 0, 0, 1), idFormat(q.getOrDefault("resp_id", "string")),
                idFormat(q.getOrDefault("dlr_id", "string")), List.copyOf(prefixes), integer(q, "priority", 0, -1000, 1000));
        if (s.reconnectMaxMillis < s.reconnectMillis) throw new IllegalArgumentException("reconnect_max_ms is less than reconnect_ms");
        return s;
    }

    /** The URL without the password, for logs and the status API. */
    public String display() {
        return (tls ? "smpps://" : "smpp://") + systemId + "@" + host + ":" + port;
    }

    private static String decode(String s) { return URLDecoder.decode(s, StandardCharsets.UTF_8); }

    /** Query parameters; a '+' stays a '+' (it is part of {@code bind=tx+rx}), %XX is decoded. */
    private static Map<String, String> query(String raw) {
        Map<String, String> out = new HashMap<>();
        if (raw == null || raw.isEmpty()) return out;
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) continue;
            int eq = pair.indexOf('=');
            String key = pct(eq < 0 ? pair : pair.substring(0, eq)).toLowerCase(Locale.ROOT);
            String value = eq < 0 ? "" : pct(pair.substring(eq + 1));
            if (out.put(key, value) != null) throw new IllegalArgumentException("SMPP option \"" + key + "\" given twice");
        }
        return out;
    }

    private static String pct(String s) { return decode(s.replace("+", "%2B")); }

    private static int integer(Map<String, String> q, String key, int def, int min, int max) {
        String v = q.get(key);
        if (v == null) return def;
        try {
            int n = Integer.parseInt(v.strip());
            if (n < min || n > max) throw new IllegalArgumentException(key + " must be between " + min + " and " + max + ", not " + v);
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a whole number, not \"" + v + "\"");
        }
    }

    private static boolean bool(Map<String, String> q, String key, boolean def) {
        String v = q.get(key);
        if (v == null) return def;
        return switch (v.strip().toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes", "on" -> true;
            case "false", "0", "no", "off" -> false;
            default -> throw new IllegalArgumentException(key + " must be true or false, not \"" + v + "\"");
        };
    }

    private static Bind bind(String v) {
        return switch (v.strip().toLowerCase(Locale.ROOT)) {
            case "trx", "transceiver" -> Bind.TRX;
            case "tx+rx", "txrx", "tx,rx" -> Bind.TX_RX;
            default -> throw new IllegalArgumentException("bind must be trx or tx+rx, not \"" + v + "\"");
        };
    }

    private static LongMessages longMessages(String v) {
        return switch (v.strip().toLowerCase(Locale.ROOT)) {
            case "udh8", "udh" -> LongMessages.UDH8;
            case "udh16" -> LongMessages.UDH16;
            case "sar" -> LongMessages.SAR;
            case "payload", "message_payload" -> LongMessages.PAYLOAD;
            default -> throw new IllegalArgumentException("long must be udh8, udh16, sar or payload, not \"" + v + "\"");
        };
    }

    private static IdFormat idFormat(String v) {
        return switch (v.strip().toLowerCase(Locale.ROOT)) {
            case "string", "str" -> IdFormat.STRING;
            case "hex" -> IdFormat.HEX;
            case "dec", "decimal" -> IdFormat.DEC;
            default -> throw new IllegalArgumentException("message id format must be string, hex or dec, not \"" + v + "\"");
        };
    }
}
