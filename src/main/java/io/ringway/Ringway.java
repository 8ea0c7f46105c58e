package io.ringway;

import io.ringway.account.Accounts;
import io.ringway.api.sms77.Sms77Api;
import io.ringway.api.voice2phone.Voice2PhoneApi;
import io.ringway.call.CallerIds;
import io.ringway.call.Calls;
import io.ringway.call.Switchboard;
import io.ringway.carrier.SmsConnector;
import io.ringway.carrier.sandbox.Sandbox;
import io.ringway.carrier.VoiceConnector;
import io.ringway.carrier.sip.Sip;
import io.ringway.carrier.sip.SipTrunk;
import io.ringway.carrier.smpp.Smpp;
import io.ringway.carrier.smpp.SmppSettings;
import io.ringway.config.ConfigException;
import io.ringway.config.RingwayConfig;
import io.ringway.dispatch.Dispatcher;
import io.ringway.dispatch.Routes;
import io.ringway.http.HttpServer;
import io.ringway.inbound.Inbound;
import io.ringway.media.AudioFetcher;
import io.ringway.media.EspeakNg;
import io.ringway.media.Tts;
import io.ringway.http.Router;
import io.ringway.message.MessageQueue;
import io.ringway.message.Messages;
import io.ringway.message.PriceTable;
import io.ringway.message.Recipients;
import io.ringway.store.Dialect;
import io.ringway.store.Store;
import io.ringway.webhook.Deliverer;
import io.ringway.webhook.Outbox;
import io.ringway.webhook.Webhooks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A running gateway: store, dispatcher and HTTP APIs wired from one configuration. */
public final class Ringway implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Ringway.class);
    static final long LEASE_MILLIS = 5 * 60_000;

    private final RingwayConfig config;
    private final FileLock dataLock;
    private final Store store;
    private final Accounts accounts;
    private final Dispatcher dispatcher;
    private final Deliverer deliverer;
    private final Inbound inbound;
    private final Switchboard switchboard;
    private final HttpServer http;
    private final Accounts.Created firstAccount;

    private Ringway(RingwayConfig config, Clock clock, Runnable beforeListening) {
        this.config = config;
        boolean sqlite = !config.jdbcUrl().startsWith("jdbc:postgresql:");
        this.dataLock = sqlite ? lockDataDir(config.dataPath()) : null;
        this.store = Store.open(storeOptions(config));
        List<AutoCloseable> started = new ArrayList<>();
        try {
            this.accounts = accounts(store, config, clock);
            this.firstAccount = accounts.count() == 0
                    ? accounts.create("default", config.accounts().firstAccountBalance()) : null;
            String nodeId = nodeId(config);
            PriceTable prices = priceTable(config);
            Messages messages = new Messages(store, clock, new Recipients(), prices, new Messages.Policy(
                    config.sms().defaultSender(), config.sms().defaultTtlMinutes(), config.sms().reloadLockSeconds(),
                    config.sms().maxRecipients(), config.zone(), nodeId, LEASE_MILLIS));
            Outbox outbox = new Outbox(store, config.zone());
            try {
                this.inbound = new Inbound(store, outbox, clock, config.zone(), config.inbound().defaultAccount(),
                        java.time.Duration.ofHours(config.inbound().incompleteHours()));
            } catch (IllegalArgumentException e) {
                throw new ConfigException("inbound.default_account: " + e.getMessage());
            }
            inbound.start();
            started.add(inbound);
            SmsConnector connector = connector(config, store, clock, inbound);
            MessageQueue queue = new MessageQueue(store, clock, nodeId, LEASE_MILLIS, config.zone(), outbox);
            var hooks = config.webhooks();
            this.deliverer = new Deliverer(store, clock, config.zone(), nodeId, outbox, new Deliverer.Options(
                    java.time.Duration.ofMillis(hooks.timeoutMs()), hooks.concurrencyPerHost(), hooks.concurrencyPerHost() * 8,
                    8192, 512, hooks.pollMs(), 2 * 60_000, hooks.allowPrivateTargets(), store.dialect() == Dialect.SQLITE,
                    java.time.Duration.ofDays(hooks.keepDays())));
            deliverer.start();
            started.add(deliverer);
            this.dispatcher = new Dispatcher(queue, connector, clock,
                    new Dispatcher.Options(500, 500, 20_000, store.dialect() == Dialect.SQLITE));
            dispatcher.start();
            started.add(dispatcher);
            var voice = config.voice();
            Calls calls = new Calls(store, clock, new Recipients(), voicePrices(config), callerIds(store, config, clock),
                    new Calls.Policy(voice.defaultRingtime(), voice.menuTimeoutSeconds(), nodeId, LEASE_MILLIS), outbox);
            Path audioDir = config.dataPath().resolve("voice-audio");
            VoiceConnector calling = voiceConnector(config, audioDir);
            this.switchboard = new Switchboard(store, clock, calling,
                    new Tts(new EspeakNg(), config.dataPath().resolve("tts-cache"), voice.ttsCacheMb() * 1024L * 1024L),
                    new AudioFetcher(voice.allowPrivateAudioUrls(), voice.maxAudioBytes(), java.time.Duration.ofMillis(voice.audioTimeoutMs())),
                    outbox, new Switchboard.Options(voice.menuTimeoutSeconds(), voice.defaultLanguage(), 1000, nodeId, LEASE_MILLIS));
            switchboard.start();
            started.add(switchboard);
            Router router = new Router();
            Webhooks webhooks = new Webhooks(store, clock, config.webhooks().allowPrivateTargets(), outbox);
            Sms77Api.register(router, accounts, messages, dispatcher, webhooks, clock, config.zone(), config.sms().awaitSubmitMs(), inbound,
                    new Sms77Api.Voice(calls, switchboard, audioDir));
            Voice2PhoneApi.register(router, accounts, calls, switchboard, voice.voice2phoneRequestsPerSecond(), clock);
            router.add("GET", "/admin/connectors", ex -> connectorStatus(ex, connector, calling));
            beforeListening.run();
            this.http = HttpServer.start(config.server().host(), config.server().port(), config.server().maxBodyBytes(),
                    config.server().trustForwardedHeaders(), router);
        } catch (RuntimeException e) {
            for (AutoCloseable c : started.reversed()) {
                try {
                    c.close();
                } catch (Exception suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            store.close();
            releaseLock();
            throw e;
        }
    }

    public static Ringway start(RingwayConfig config) { return start(config, Clock.systemUTC()); }

    /** {@link #start} on a clock of the caller's (tests move time to check schedules without waiting). */
    public static Ringway start(RingwayConfig config, Clock clock) { return new Ringway(config, clock, () -> {}); }

    /** Drives a throwaway gateway for {@code seconds} (see {@link Warmup}); used to train the JVM's AOT cache. */
    public static void warmUp(int seconds) {
        Warmup.run(java.time.ZoneId.systemDefault(), seconds);
    }

    /**
     * {@link #start}, warming the JVM up on a throwaway gateway for {@code server.warmup_seconds} before listening.
     * The warm-up runs after this gateway's own start-up (migrations, pools, the first account): start-up code run
     * after it changes what the JIT saw in shared methods and throws the compiled request path away (measured:
     * ~50 deoptimizations and ~300 ms of recompiling under the first 20k requests).
     */
    public static Ringway warmUpAndStart(RingwayConfig config) {
        return new Ringway(config, Clock.systemUTC(), () -> Warmup.run(config.zone(), config.server().warmupSeconds()));
    }

    public int port() { return http.port(); }

    public Accounts accounts() { return accounts; }

    public RingwayConfig config() { return config; }

    /** The account created because the store was empty at start, with its key (shown once). */
    public Optional<Accounts.Created> firstAccount() { return Optional.ofNullable(firstAccount); }

    public static Store.Options storeOptions(RingwayConfig config) {
        return new Store.Options(config.jdbcUrl(), config.db().user(), config.db().password(), config.db().poolSize(),
                config.db().maxBatch());
    }

    public static Accounts accounts(Store store, RingwayConfig config, Clock clock) {
        return new Accounts(store, clock, new Accounts.Defaults(config.pricing().currency(),
                config.accounts().defaultCountry(), config.accounts().defaultReloadLock()));
    }

    public static CallerIds callerIds(Store store, RingwayConfig config, Clock clock) {
        return new CallerIds(store, clock, config.voice().sharedCallerIds() == null ? List.of() : config.voice().sharedCallerIds());
    }

    static PriceTable voicePrices(RingwayConfig config) {
        var entries = config.pricing().voice() == null ? java.util.List.<PriceTable.Entry>of() : config.pricing().voice().stream()
                .map(e -> PriceTable.entry(e.country(), e.prefix(), e.price(), e.network(), e.mcc(), e.mncs())).toList();
        return new PriceTable(config.pricing().currency(), config.pricing().voiceDefaultPrice(), entries);
    }

    static PriceTable priceTable(RingwayConfig config) {
        var entries = config.pricing().sms() == null ? java.util.List.<PriceTable.Entry>of() : config.pricing().sms().stream()
                .map(e -> PriceTable.entry(e.country(), e.prefix(), e.price(), e.network(), e.mcc(), e.mncs())).toList();
        return new PriceTable(config.pricing().currency(), config.pricing().defaultPrice(), entries);
    }

    /**
     * Each connector's state and counters as JSON, for operators: like Kannel's status page on its admin port, only
     * from the machine itself (loopback), since it names the SMSCs and their accounts.
     */
    private static void connectorStatus(io.ringway.http.Exchange ex, SmsConnector connector, VoiceConnector voice) throws IOException {
        java.net.InetAddress from;
        try {
            from = java.net.InetAddress.getByName(ex.remoteAddress());
        } catch (IOException e) {
            from = null;
        }
        if (from == null || !from.isLoopbackAddress()) {
            ex.json(403, "{\"error\":\"only from the machine Ringway runs on\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return;
        }
        ex.json(200, new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsBytes(
                java.util.Map.of("connectors", connector.status(), "voice", voice.status())));
    }

    /** The configured SIP trunks in failover order; the sandbox callee without any. */
    private static VoiceConnector voiceConnector(RingwayConfig config, Path audioDir) {
        var sip = config.sip();
        List<String> urls = sip.trunks() == null ? List.of() : sip.trunks();
        if (urls.isEmpty()) return Sandbox.callee(config.sandbox().voiceSpeed(), audioDir);
        List<SipTrunk> trunks = new ArrayList<>();
        for (int i = 0; i < urls.size(); i++) {
            try {
                trunks.add(SipTrunk.parse(urls.get(i), "trunk" + (i + 1)));
            } catch (IllegalArgumentException e) {
                throw new ConfigException("sip.trunks[" + i + "]: " + e.getMessage());
            }
        }
        String[] ports = sip.rtpPorts().split("-");
        String host = sip.host() == null || sip.host().isBlank() ? localAddressTowards(trunks.getFirst().host()) : sip.host();
        try {
            return Sip.connector(new Sip.Options(host, sip.port(), Integer.parseInt(ports[0]), Integer.parseInt(ports[1]), trunks,
                    Sip.InBandKeys.valueOf(sip.inbandDtmf().toUpperCase(java.util.Locale.ROOT))));
        } catch (IllegalStateException e) {
            throw new ConfigException(e.getMessage());
        }
    }

    /** The local address packets to {@code host} leave from (a UDP socket's route, nothing is sent). */
    private static String localAddressTowards(String host) {
        try (java.net.DatagramSocket probe = new java.net.DatagramSocket()) {
            probe.connect(InetAddress.getByName(host), 5060);
            InetAddress local = probe.getLocalAddress();
            return local == null || local.isAnyLocalAddress() ? "127.0.0.1" : local.getHostAddress();
        } catch (IOException e) {
            return "127.0.0.1";
        }
    }

    /** The configured SMPP connectors, routed by prefix with the sandbox as the last resort; the sandbox alone without any. */
    private static SmsConnector connector(RingwayConfig config, Store store, Clock clock, Inbound inbound) {
        List<String> urls = config.smpp() == null || config.smpp().connectors() == null ? List.of() : config.smpp().connectors();
        SmsConnector sandbox = Sandbox.smsc(config.sandbox().receiptDelayMs(), clock);
        if (urls.isEmpty()) return sandbox;
        List<Routes.Route> routes = new ArrayList<>();
        java.util.Set<String> names = new java.util.HashSet<>();
        for (int i = 0; i < urls.size(); i++) {
            SmppSettings s;
            try {
                s = SmppSettings.parse(urls.get(i), "smpp" + (i + 1));
            } catch (IllegalArgumentException e) {
                throw new ConfigException("smpp.connectors[" + i + "]: " + e.getMessage());
            }
            if (!names.add(s.name()) || s.name().equals(Sandbox.NAME)) {
                throw new ConfigException("smpp.connectors[" + i + "]: the name \"" + s.name() + "\" is taken");
            }
            routes.add(new Routes.Route(Smpp.connector(s, store, clock, inbound::received), s.prefixes(), s.priority()));
        }
        return new Routes(routes, sandbox);
    }

    private static String nodeId(RingwayConfig config) {
        if (config.nodeId() != null && !config.nodeId().isBlank()) return config.nodeId();
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "node";
        }
    }

    /** One server per SQLite data directory: a second one would break the single-writer promise. */
    private static FileLock lockDataDir(Path dir) {
        try {
            Files.createDirectories(dir);
            FileChannel ch = FileChannel.open(dir.resolve("ringway.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = ch.tryLock();
            if (lock == null) {
                ch.close();
                throw new IllegalStateException("another Ringway server is running on " + dir.toAbsolutePath());
            }
            return lock;
        } catch (IOException e) {
            throw new IllegalStateException("cannot use the data directory " + dir.toAbsolutePath() + ": " + e.getMessage(), e);
        }
    }

    private void releaseLock() {
        if (dataLock == null) return;
        try {
            dataLock.release();
            dataLock.channel().close();
        } catch (IOException ignored) {
            // the process is going away anyway
        }
    }

    @Override
    public void close() {
        http.close();
        switchboard.close();
        dispatcher.close();
        deliverer.close();
        inbound.close();
        store.close();
        releaseLock();
    }
}
