package io.ringway.inbound;

import io.ringway.account.Accounts;
import io.ringway.api.sms77.Sms77Api;
import io.ringway.carrier.sandbox.Sandbox;
import io.ringway.dispatch.Dispatcher;
import io.ringway.http.HttpServer;
import io.ringway.http.Router;
import io.ringway.message.MessageQueue;
import io.ringway.message.Messages;
import io.ringway.message.PriceTable;
import io.ringway.message.Recipients;
import io.ringway.store.Store;
import io.ringway.testing.TestDatabase;
import io.ringway.webhook.Deliverer;
import io.ringway.webhook.Outbox;
import io.ringway.webhook.Webhooks;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;

/**
 * The sms77 API with an {@link Inbound} wired in, wired the way {@code Ringway} wires its parts (which does not pass
 * an Inbound to the API yet): a real store, the real routes on a real HTTP server on loopback, a deliverer sending
 * webhooks. Tests feed SMS in through {@link #inbound()} as a connector would and read them back over HTTP.
 */
final class InboundGateway implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** An account made for a test, with its API key. */
    record Key(String key, long accountId, String signingSecret) {}

    private final Store store;
    private final Accounts accounts;
    private final Webhooks webhooks;
    private final Inbound inbound;
    private final Deliverer deliverer;
    private final HttpServer http;
    private final Key defaultAccount;

    /** On a fresh database; {@code withDefaultAccount}: the first account is made and receives SMS to unowned numbers. */
    InboundGateway(TestDatabase db, Clock clock, ZoneId zone, boolean withDefaultAccount) {
        this.store = db.openFresh();
        this.accounts = new Accounts(store, clock, new Accounts.Defaults("EUR", "DE", true));
        this.defaultAccount = withDefaultAccount ? newAccount("default") : null;
        Outbox outbox = new Outbox(store, zone);
        this.webhooks = new Webhooks(store, clock, true, outbox);
        this.inbound = new Inbound(store, outbox, clock, zone, withDefaultAccount ? defaultAccount.accountId() : 0);
        Messages messages = new Messages(store, clock, new Recipients(), new PriceTable("EUR", new BigDecimal("0.09"), List.of()),
                new Messages.Policy("Ringway", 2880, 180, 10_000, zone, "node-1", 300_000));
        Dispatcher dispatcher = new Dispatcher(new MessageQueue(store, clock, "node-1", 300_000, zone, outbox),
                Sandbox.smsc(100, clock), clock, new Dispatcher.Options(500, 500, 1000, true));
        this.deliverer = new Deliverer(store, clock, zone, "node-1", outbox, new Deliverer.Options(Duration.ofSeconds(5), 4, 32, 256, 64,
                20, 120_000, true, db == TestDatabase.SQLITE, Duration.ofDays(1)));
        deliverer.start();
        Router router = new Router();
        Sms77Api.register(router, accounts, messages, dispatcher, webhooks, clock, zone, 2000, inbound);
        this.http = HttpServer.start("127.0.0.1", 0, 1 << 20, false, router);
    }

    Inbound inbound() { return inbound; }

    /** The account SMS to unowned numbers go to (null when there is none). */
    Key defaultAccount() { return defaultAccount; }

    Store store() { return store; }

    Webhooks webhooks() { return webhooks; }

    InboundNumbers numbers() { return new InboundNumbers(store, Clock.systemUTC()); }

    Key newAccount(String name) {
        Accounts.Created c = accounts.create(name, BigDecimal.ONE);
        return new Key(c.apiKey(), c.account().id(), c.account().signingSecret());
    }

    /** GET {@code pathAndQuery} with the key in X-Api-Key. */
    HttpResponse<String> get(Key k, String pathAndQuery) {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port() + pathAndQuery)).header("X-Api-Key", k.key()).GET());
    }

    HttpResponse<String> postForm(Key k, String path, String form) {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port() + path)).header("X-Api-Key", k.key())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form, StandardCharsets.UTF_8)));
    }

    private static HttpResponse<String> send(HttpRequest.Builder b) {
        try {
            return HTTP.send(b.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        http.close();
        deliverer.close();
        inbound.close();
        store.close();
    }
}
