package io.ringway.carrier.smpp;

import io.ringway.carrier.ConnectorUrl;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
        ConnectorUrl u = ConnectorUrl.parse(url, "SMPP", Set.of("smpp", "smpps"), OPTIONS);
        if (u.user().isBlank()) throw new IllegalArgumentException("the SMPP URL names no system_id (smpp://SYSTEM_ID:PASSWORD@HOST:PORT)");
        boolean tls = u.scheme().equals("smpps") || u.bool("tls", false);
        List<String> prefixes = new ArrayList<>();
        if (u.has("prefix")) {
            for (String p : u.text("prefix", "").split(",")) {
                String digits = p.strip().replaceFirst("^\\+", "");
                if (digits.isEmpty()) continue;
                if (!digits.chars().allMatch(Character::isDigit)) throw new IllegalArgumentException("prefix must be digits: " + p);
                prefixes.add(digits);
            }
        }
        SmppSettings s = new SmppSettings(
                u.text("name", fallbackName), u.host(), u.port(tls ? 3550 : 2775), tls, u.bool("tls_trust_all", false),
                u.user(), u.password(), u.text("system_type", ""), bind(u.text("bind", "trx")),
                u.integer("window", 10, 1, 10_000), u.integer("throughput", 0, 0, 1_000_000),
                u.integer("enquire_link", 30, 1, 3600), u.integer("reconnect_ms", 1000, 10, 3_600_000),
                u.integer("reconnect_max_ms", 60_000, 10, 3_600_000), u.integer("timeout_ms", 10_000, 100, 600_000),
                u.integer("throttle_backoff_ms", 1000, 1, 600_000),
                u.has("source_ton") ? u.integer("source_ton", 0, 0, 6) : null,
                u.has("source_npi") ? u.integer("source_npi", 0, 0, 18) : null,
                u.integer("dest_ton", 1, 0, 6), u.integer("dest_npi", 1, 0, 18),
                u.integer("registered_delivery", 1, 0, 31), longMessages(u.text("long", "udh8")),
                u.integer("gsm_coding", 0, 0, 1), idFormat(u.text("resp_id", "string")),
                idFormat(u.text("dlr_id", "string")), List.copyOf(prefixes), u.integer("priority", 0, -1000, 1000));
        if (s.reconnectMaxMillis < s.reconnectMillis) throw new IllegalArgumentException("reconnect_max_ms is less than reconnect_ms");
        return s;
    }

    /** The URL without the password, for logs and the status API. */
    public String display() {
        return (tls ? "smpps://" : "smpp://") + systemId + "@" + host + ":" + port;
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
