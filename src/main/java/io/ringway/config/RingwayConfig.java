package io.ringway.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;

/**
 * Everything Ringway can be told at start, as one immutable tree. Built by {@link ConfigLoader} from the embedded
 * defaults, an optional YAML file and {@code RINGWAY_*} environment variables, then validated once.
 * Keys are snake_case in YAML; the environment variable of a key is {@code RINGWAY_} + its path in upper case joined
 * by {@code _} (so {@code sandbox.receipt_delay_ms} is {@code RINGWAY_SANDBOX_RECEIPT_DELAY_MS}).
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record RingwayConfig(
        Server server,
        @JsonProperty("data_dir") String dataDir,
        Db db,
        @JsonProperty("node_id") String nodeId,
        String timezone,
        Accounts accounts,
        Sms sms,
        Pricing pricing,
        Sandbox sandbox,
        Smpp smpp,
        Sip sip,
        Inbound inbound,
        Webhooks webhooks,
        Voice voice) {

    /** HTTP listener. */
    public record Server(
            String host,
            int port,
            @JsonProperty("max_body_bytes") int maxBodyBytes,
            @JsonProperty("trust_forwarded_headers") boolean trustForwardedHeaders,
            @JsonProperty("warmup_seconds") int warmupSeconds) {}

    /** The store: SQLite file under data_dir unless url names another database. */
    public record Db(
            String url,
            String user,
            String password,
            @JsonProperty("pool_size") int poolSize,
            @JsonProperty("max_batch") int maxBatch) {}

    /** Settings new accounts start with. */
    public record Accounts(
            @JsonProperty("default_country") String defaultCountry,
            @JsonProperty("default_reload_lock") boolean defaultReloadLock,
            @JsonProperty("first_account_balance") BigDecimal firstAccountBalance) {}

    public record Sms(
            @JsonProperty("default_sender") String defaultSender,
            @JsonProperty("default_ttl_minutes") int defaultTtlMinutes,
            @JsonProperty("reload_lock_seconds") int reloadLockSeconds,
            @JsonProperty("await_submit_ms") int awaitSubmitMs,
            @JsonProperty("max_recipients") int maxRecipients) {}

    /**
     * Per-destination prices; the longest matching prefix wins, {@code default_price} covers the rest. SMS per part,
     * voice ({@code voice}, {@code voice_default_price}) per started minute.
     */
    public record Pricing(
            String currency,
            @JsonProperty("default_price") BigDecimal defaultPrice,
            List<PriceEntry> sms,
            @JsonProperty("voice_default_price") BigDecimal voiceDefaultPrice,
            List<PriceEntry> voice) {}

    public record PriceEntry(
            String country,
            String prefix,
            BigDecimal price,
            @JsonProperty("network") String network,
            String mcc,
            List<String> mncs) {}

    /** The embedded carriers: SMS receipts after {@code receipt_delay_ms}; calls run {@code voice_speed} times faster than real time. */
    public record Sandbox(@JsonProperty("receipt_delay_ms") long receiptDelayMs, @JsonProperty("voice_speed") double voiceSpeed) {}

    /** Calls (docs/voice.md). */
    public record Voice(
            @JsonProperty("default_ringtime") int defaultRingtime,
            @JsonProperty("menu_timeout_seconds") int menuTimeoutSeconds,
            @JsonProperty("shared_caller_ids") List<String> sharedCallerIds,
            @JsonProperty("default_language") String defaultLanguage,
            @JsonProperty("allow_private_audio_urls") boolean allowPrivateAudioUrls,
            @JsonProperty("max_audio_bytes") long maxAudioBytes,
            @JsonProperty("audio_timeout_ms") int audioTimeoutMs,
            @JsonProperty("tts_cache_mb") int ttsCacheMb,
            @JsonProperty("voice2phone_requests_per_second") double voice2phoneRequestsPerSecond) {}

    /**
     * Inbound SMS: {@code default_account} owns SMS to numbers no account registered (0: nobody, they are kept for no
     * account); {@code incomplete_hours}: how long parts of a concatenated SMS wait for the rest before what came is stored.
     */
    public record Inbound(
            @JsonProperty("default_account") long defaultAccount,
            @JsonProperty("incomplete_hours") int incompleteHours) {}

    /** SMPP connectors, each a URL ({@code smpp://SYSTEM_ID:PASSWORD@HOST:PORT?option=value}, docs/smpp.md). */
    public record Smpp(List<String> connectors) {}

    /**
     * SIP trunks for calls, each a URL ({@code sip://USER:PASSWORD@HOST:PORT?option=value}, docs/sip.md); {@code host}:
     * the address Ringway listens on and names in SIP and SDP (empty: the one that routes to the first trunk);
     * {@code port}: its SIP port (UDP and TCP); {@code rtp_ports}: the range RTP streams take even ports from;
     * {@code inband_dtmf}: listen for key tones in the audio: {@code auto} (when the callee offers no RFC 4733
     * telephone-events), {@code always} or {@code never}.
     */
    public record Sip(List<String> trunks, String host, int port, @JsonProperty("rtp_ports") String rtpPorts,
                      @JsonProperty("inband_dtmf") String inbandDtmf) {}

    /**
     * Event delivery. {@code allow_private_targets}: let subscriptions point into loopback and private networks;
     * {@code timeout_ms}: per request; {@code concurrency_per_host}: requests in flight to one receiving host;
     * {@code poll_ms}: how often due retries are looked for; {@code keep_days}: finished deliveries kept for the API.
     */
    public record Webhooks(
            @JsonProperty("allow_private_targets") boolean allowPrivateTargets,
            @JsonProperty("timeout_ms") int timeoutMs,
            @JsonProperty("concurrency_per_host") int concurrencyPerHost,
            @JsonProperty("poll_ms") int pollMs,
            @JsonProperty("keep_days") int keepDays) {}

    public Path dataPath() { return Path.of(dataDir); }

    public ZoneId zone() { return timezone == null || timezone.isBlank() ? ZoneId.systemDefault() : ZoneId.of(timezone); }

    /** The JDBC URL actually used: the configured one, or the embedded SQLite file in the data directory. */
    public String jdbcUrl() {
        if (db.url() != null && !db.url().isBlank()) return db.url();
        return "jdbc:sqlite:" + dataPath().resolve("ringway.db").toAbsolutePath();
    }
}
