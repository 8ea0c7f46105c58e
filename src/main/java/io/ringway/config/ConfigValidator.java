package io.ringway.config;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Checks a bound configuration once at start and reports every problem in one message. */
final class ConfigValidator {
    private static final Set<String> ISO_COUNTRIES = Set.of(Locale.getISOCountries());

    private ConfigValidator() {}

    static void validate(RingwayConfig c) {
        List<String> problems = new ArrayList<>();
        if (c.server() == null || c.db() == null || c.accounts() == null || c.sms() == null || c.pricing() == null
                || c.sandbox() == null || c.webhooks() == null || c.voice() == null || c.sip() == null) {
            throw new ConfigException("invalid configuration: a section was set to null");
        }
        if (c.server().port() < 0 || c.server().port() > 65535) problems.add("server.port must be 0..65535");
        if (c.server().warmupSeconds() < 0 || c.server().warmupSeconds() > 300) problems.add("server.warmup_seconds must be 0..300");
        if (c.server().maxBodyBytes() < 1024) problems.add("server.max_body_bytes must be at least 1024");
        if (c.dataDir() == null || c.dataDir().isBlank()) problems.add("data_dir must be set");
        String url = c.db().url();
        if (url != null && !url.isBlank() && !url.startsWith("jdbc:sqlite:") && !url.startsWith("jdbc:postgresql:")) {
            problems.add("db.url must be a jdbc:sqlite: or jdbc:postgresql: URL (got " + url + ")");
        }
        if (c.db().poolSize() < 1) problems.add("db.pool_size must be at least 1");
        if (c.db().maxBatch() < 1) problems.add("db.max_batch must be at least 1");
        if (c.timezone() != null && !c.timezone().isBlank()) {
            try { ZoneId.of(c.timezone()); } catch (DateTimeException e) { problems.add("timezone is not a known zone id: " + c.timezone()); }
        }
        if (!ISO_COUNTRIES.contains(String.valueOf(c.accounts().defaultCountry()))) {
            problems.add("accounts.default_country must be an ISO 3166 alpha-2 code (got " + c.accounts().defaultCountry() + ")");
        }
        if (negative(c.accounts().firstAccountBalance())) problems.add("accounts.first_account_balance must be >= 0");
        if (c.sms().defaultTtlMinutes() < 1) problems.add("sms.default_ttl_minutes must be at least 1");
        if (c.sms().reloadLockSeconds() < 0) problems.add("sms.reload_lock_seconds must be >= 0");
        if (c.sms().awaitSubmitMs() < 0) problems.add("sms.await_submit_ms must be >= 0");
        if (c.sms().maxRecipients() < 1) problems.add("sms.max_recipients must be at least 1");
        if (c.inbound().defaultAccount() < 0) problems.add("inbound.default_account must be an account id or 0");
        if (c.inbound().incompleteHours() < 1) problems.add("inbound.incomplete_hours must be at least 1");
        if (c.pricing().defaultPrice() == null || negative(c.pricing().defaultPrice())) problems.add("pricing.default_price must be >= 0");
        prices(problems, "pricing.sms", c.pricing().sms());
        prices(problems, "pricing.voice", c.pricing().voice());
        if (c.sandbox().receiptDelayMs() < 0) problems.add("sandbox.receipt_delay_ms must be >= 0");
        if (!(c.sandbox().voiceSpeed() >= 0.1 && c.sandbox().voiceSpeed() <= 1000)) problems.add("sandbox.voice_speed must be 0.1..1000");
        if (c.pricing().voiceDefaultPrice() == null || negative(c.pricing().voiceDefaultPrice())) problems.add("pricing.voice_default_price must be >= 0");
        var sip = c.sip();
        if (sip.port() < 1 || sip.port() > 65535) problems.add("sip.port must be 1..65535");
        if (!java.util.List.of("auto", "always", "never").contains(String.valueOf(sip.inbandDtmf()))) problems.add("sip.inband_dtmf must be auto, always or never");
        if (sip.rtpPorts() == null || !sip.rtpPorts().matches("\\d{1,5}-\\d{1,5}")) {
            problems.add("sip.rtp_ports must be a range such as 20000-30000");
        } else {
            String[] r = sip.rtpPorts().split("-");
            int lo = Integer.parseInt(r[0]), hi = Integer.parseInt(r[1]);
            if (lo < 1024 || hi > 65535 || hi - lo < 1) problems.add("sip.rtp_ports must lie within 1024-65535 and hold two ports at least");
        }
        var v = c.voice();
        if (v.defaultRingtime() < 5 || v.defaultRingtime() > 60) problems.add("voice.default_ringtime must be 5..60");
        if (v.menuTimeoutSeconds() < 1 || v.menuTimeoutSeconds() > 60) problems.add("voice.menu_timeout_seconds must be 1..60");
        if (v.defaultLanguage() == null || !v.defaultLanguage().matches("[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*")) problems.add("voice.default_language must be a language tag such as de or en");
        if (v.maxAudioBytes() < 1024) problems.add("voice.max_audio_bytes must be at least 1024");
        if (v.audioTimeoutMs() < 100) problems.add("voice.audio_timeout_ms must be at least 100");
        if (v.ttsCacheMb() < 0) problems.add("voice.tts_cache_mb must be >= 0");
        if (!(v.voice2phoneRequestsPerSecond() >= 0)) problems.add("voice.voice2phone_requests_per_second must be >= 0");
        if (v.sharedCallerIds() != null) {
            for (String id : v.sharedCallerIds()) if (id == null || !id.matches("\\+?\\d{3,16}")) problems.add("voice.shared_caller_ids: " + id + " is not a phone number");
        }
        if (c.webhooks().timeoutMs() < 100 || c.webhooks().timeoutMs() > 60_000) problems.add("webhooks.timeout_ms must be 100..60000");
        if (c.webhooks().concurrencyPerHost() < 1 || c.webhooks().concurrencyPerHost() > 1000) {
            problems.add("webhooks.concurrency_per_host must be 1..1000");
        }
        if (c.webhooks().pollMs() < 10) problems.add("webhooks.poll_ms must be at least 10");
        if (c.webhooks().keepDays() < 1) problems.add("webhooks.keep_days must be at least 1");
        if (!problems.isEmpty()) throw new ConfigException("invalid configuration:\n  - " + String.join("\n  - ", problems));
    }

    private static boolean negative(BigDecimal v) { return v != null && v.signum() < 0; }

    private static void prices(List<String> problems, String name, List<RingwayConfig.PriceEntry> entries) {
        if (entries == null) return;
        for (int i = 0; i < entries.size(); i++) {
            RingwayConfig.PriceEntry e = entries.get(i);
            String at = name + "[" + i + "]";
            if (e == null) { problems.add(at + " is empty"); continue; }
            if (!ISO_COUNTRIES.contains(String.valueOf(e.country()))) problems.add(at + ".country must be an ISO 3166 alpha-2 code in quotes (YAML reads NO as false), got " + e.country());
            if (e.prefix() != null && !e.prefix().matches("\\d{1,15}")) problems.add(at + ".prefix must be digits");
            if (e.price() == null || negative(e.price())) problems.add(at + ".price must be >= 0");
        }
    }
}
