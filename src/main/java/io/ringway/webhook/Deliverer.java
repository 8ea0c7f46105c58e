package io.ringway.webhook;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ringway.store.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends the outbox. A poller leases due deliveries in batches and starts one virtual thread per request, which waits
 * for a permit of its receiver's host lane ({@link HostLanes}) and sends with the JDK HTTP client; one recorder writes
 * the results, many per store write. 2xx is delivered; 429, 5xx, timeouts and connection errors are tried again on
 * {@link DeliverySchedule}; any other answer ends the delivery. A delivery is sent at least once: a node that dies
 * between the request and the record leaves a lease that runs out, and the delivery is sent again.
 */
public final class Deliverer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Deliverer.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<LinkedHashMap<String, Object>> DATA = new TypeReference<>() {};
    private static final SecureRandom NONCES = new SecureRandom();

    /**
     * {@code timeout}: for the whole request; {@code permitsPerHost}: requests in flight to one host;
     * {@code backlogPerHost}: one host's deliveries in memory; {@code capacity}: all deliveries in memory;
     * {@code pollMillis}: how often due retries are looked for when no new event wakes the poller;
     * {@code releaseAllLeasesOnStart}: the store is this node's alone (SQLite), so every lease is a leftover.
     */
    public record Options(Duration timeout, int permitsPerHost, int backlogPerHost, int capacity, int claimBatch,
                          long pollMillis, long leaseMillis, boolean allowPrivateTargets, boolean releaseAllLeasesOnStart,
                          Duration keepFinished) {}

    private enum Kind { ANSWERED, UNREACHED, REFUSED, CANCELLED, RELEASED }

    /** What one leased delivery came to: an HTTP status, or why there was none. */
    private record Attempt(DeliveryRows.Leased delivery, Kind kind, int status, String error, long at, long millis) {
        static Attempt without(DeliveryRows.Leased d, Kind kind, String error, long at) { return new Attempt(d, kind, 0, error, at, 0); }
    }

    private final Store store;
    private final Clock clock;
    private final ZoneId zone;
    private final String nodeId;
    private final Options options;
    private final Outbox outbox;
    private final TargetUrls targetUrls;
    private final HostLanes lanes;
    private final ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor();
    private final ExecutorService httpTasks = Executors.newVirtualThreadPerTaskExecutor();
    private final HttpClient http;
    private final LinkedBlockingQueue<Attempt> attempts = new LinkedBlockingQueue<>();
    private final AtomicInteger inMemory = new AtomicInteger();
    private final Semaphore wake = new Semaphore(0);
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running;
    private volatile boolean recording;

    public Deliverer(Store store, Clock clock, ZoneId zone, String nodeId, Outbox outbox, Options options) {
        this.store = store;
        this.clock = clock;
        this.zone = zone;
        this.nodeId = nodeId;
        this.outbox = outbox;
        this.options = options;
        this.targetUrls = new TargetUrls(options.allowPrivateTargets());
        this.lanes = new HostLanes(options.permitsPerHost(), options.backlogPerHost());
        // HTTP/1.1 only: with HTTP/2 allowed the client sends "Upgrade: h2c" on plain http, which some receivers refuse.
        // Redirects are not followed: the new location would bypass the target checks.
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(options.timeout())
                .followRedirects(HttpClient.Redirect.NEVER).executor(httpTasks).build();
    }

    public void start() {
        long now = clock.millis();
        int released = store.write(sql -> DeliveryRows.releaseLeases(sql, options.releaseAllLeasesOnStart() ? null : nodeId, now));
        if (released > 0) log.info("{} webhook deliveries left over from the last run are due again", released);
        running = true;
        recording = true;
        outbox.onCommitted(this::wake);
        threads.add(Thread.ofPlatform().name("webhook-poller").daemon().start(this::pollLoop));
        threads.add(Thread.ofPlatform().name("webhook-recorder").daemon().start(this::recordLoop));
    }

    /** New events were committed, or results recorded that may let later ones go: look for due deliveries now. */
    void wake() {
        if (wake.availablePermits() == 0) wake.release();
    }

    private void pollLoop() {
        long nextHousekeeping = 0;
        while (running) {
            try {
                int room = Math.min(options.claimBatch(), options.capacity() - inMemory.get());
                boolean more = room > 0 && claimAndSend(room) == room;
                if (clock.millis() >= nextHousekeeping) {
                    housekeeping();
                    nextHousekeeping = clock.millis() + 60_000;
                }
                if (!more) {
                    wake.tryAcquire(options.pollMillis(), TimeUnit.MILLISECONDS);
                    wake.drainPermits();
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.error("claiming due webhook deliveries failed: {}", e.getMessage());
                sleepQuietly(1000);
            }
        }
    }

    /** Leases up to {@code limit} due deliveries and starts sending them; returns how many were due. */
    private int claimAndSend(int limit) {
        long now = clock.millis();
        Set<Long> skip = lanes.saturated();
        List<Long> due = store.read(sql -> DeliveryRows.due(sql, now, skip, limit));
        if (due.isEmpty()) return 0;
        List<DeliveryRows.Leased> leased = store.write(sql -> DeliveryRows.lease(sql, due, nodeId, now, now + options.leaseMillis()));
        if (leased.isEmpty()) return due.size();
        Set<Long> webhookIds = new LinkedHashSet<>();
        for (DeliveryRows.Leased d : leased) webhookIds.add(d.webhookId());
        Map<Long, DeliveryRows.Target> targets = store.read(sql -> DeliveryRows.targets(sql, webhookIds));
        for (DeliveryRows.Leased d : leased) {
            inMemory.incrementAndGet();
            DeliveryRows.Target t = targets.get(d.webhookId());
            if (t == null || t.deleted()) {
                attempts.add(Attempt.without(d, Kind.CANCELLED, "unsubscribed", now));
                continue;
            }
            URI uri;
            try {
                uri = URI.create(t.webhook().targetUrl());
            } catch (IllegalArgumentException e) {
                attempts.add(Attempt.without(d, Kind.REFUSED, "target_url is not a valid URL", now));
                continue;
            }
            HostLanes.Lane lane = lanes.enter(uri, d.webhookId());
            senders.execute(() -> attempts.add(sendInLane(lane, d, t)));
        }
        return due.size();
    }

    private Attempt sendInLane(HostLanes.Lane lane, DeliveryRows.Leased d, DeliveryRows.Target t) {
        try {
            lane.acquire();
        } catch (InterruptedException e) {
            lane.leave();
            return Attempt.without(d, Kind.RELEASED, null, clock.millis());
        }
        try {
            return send(d, t);
        } finally {
            lane.release();
            lane.leave();
        }
    }

    private Attempt send(DeliveryRows.Leased d, DeliveryRows.Target t) {
        long at = clock.millis();
        long started = System.nanoTime();
        try {
            WebhookEvent event = new WebhookEvent(d.eventType(), d.accountId(), d.subjectId(), d.eventAt(), JSON.readValue(d.payload(), DATA));
            DeliveryRequest r = DeliveryRequest.of(t.webhook(), event, t.signingSecret(), at, nonce(), zone);
            if (targetUrls.resolvesToPrivate(r.uri().getHost())) {
                return Attempt.without(d, Kind.UNREACHED, "target resolves to a private or local address", at);
            }
            HttpRequest.Builder b = HttpRequest.newBuilder(r.uri()).timeout(options.timeout())
                    .method(r.method(), r.method().equals("GET") ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(r.body()))
                    .header("User-Agent", "Ringway-Webhooks");
            if (r.contentType() != null) b.header("Content-Type", r.contentType());
            r.headers().forEach(b::header);
            HttpResponse<Void> response = http.send(b.build(), HttpResponse.BodyHandlers.discarding());
            return new Attempt(d, Kind.ANSWERED, response.statusCode(), null, at, elapsedMillis(started));
        } catch (HttpTimeoutException e) {
            return new Attempt(d, Kind.UNREACHED, 0, "no answer within " + options.timeout().toMillis() + " ms", at, elapsedMillis(started));
        } catch (IOException e) {
            return new Attempt(d, Kind.UNREACHED, 0, "connection failed: " + describe(e), at, elapsedMillis(started));
        } catch (InterruptedException e) {
            return Attempt.without(d, Kind.RELEASED, null, at);
        } catch (IllegalArgumentException e) {
            // A header or URL the HTTP client refuses: sending again would not help.
            return Attempt.without(d, Kind.REFUSED, "request cannot be sent: " + e.getMessage(), at);
        }
    }

    private static String describe(IOException e) {
        Throwable root = e;
        while (root.getCause() != null && root.getMessage() == null) root = root.getCause();
        return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
    }

    private static long elapsedMillis(long startedNanos) { return (System.nanoTime() - startedNanos) / 1_000_000; }

    private static String nonce() {
        byte[] b = new byte[16];
        NONCES.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private void recordLoop() {
        List<Attempt> batch = new ArrayList<>();
        while (recording || !attempts.isEmpty()) {
            try {
                Attempt first = attempts.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) continue;
                batch.add(first);
                attempts.drainTo(batch, 4095);
                store.write(sql -> {
                    for (Attempt a : batch) record(sql, a);
                    return null;
                });
                inMemory.addAndGet(-batch.size());
                wake();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (!recording) {
                    log.error("recording {} webhook attempts failed while stopping; their leases run out: {}", batch.size(), e.getMessage());
                    return;
                }
                log.error("recording {} webhook attempts failed, retrying: {}", batch.size(), e.getMessage());
                attempts.addAll(batch);
                sleepQuietly(1000);
            } finally {
                batch.clear();
            }
        }
    }

    private void record(io.ringway.store.Sql sql, Attempt a) throws java.sql.SQLException {
        DeliveryRows.Leased d = a.delivery();
        int attempt = d.attempts() + 1;
        switch (a.kind()) {
            case CANCELLED -> DeliveryRows.cancelled(sql, d.id(), nodeId, a.at());
            case RELEASED -> DeliveryRows.released(sql, d.id(), nodeId, a.at());
            case REFUSED -> DeliveryRows.failed(sql, d.id(), nodeId, null, a.error(), history(a), a.at());
            case ANSWERED -> {
                int s = a.status();
                if (s >= 200 && s < 300) {
                    DeliveryRows.delivered(sql, d.id(), nodeId, s, history(a), a.at());
                } else if ((s == 429 || s >= 500) && DeliverySchedule.retries(attempt)) {
                    DeliveryRows.retry(sql, d, nodeId, s, "HTTP " + s, history(a), a.at() + DeliverySchedule.waitMillis(attempt));
                } else {
                    DeliveryRows.failed(sql, d.id(), nodeId, s, "HTTP " + s, history(a), a.at());
                }
            }
            case UNREACHED -> {
                if (DeliverySchedule.retries(attempt)) {
                    DeliveryRows.retry(sql, d, nodeId, null, a.error(), history(a), a.at() + DeliverySchedule.waitMillis(attempt));
                } else {
                    DeliveryRows.failed(sql, d.id(), nodeId, null, a.error(), history(a), a.at());
                }
            }
        }
    }

    /** One attempt as the API shows it: {@code {"at", "status" | "error", "ms"}}. */
    private static String history(Attempt a) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("at", a.at());
        if (a.kind() == Kind.ANSWERED) entry.put("status", a.status());
        else entry.put("error", a.error());
        entry.put("ms", a.millis());
        try {
            return JSON.writeValueAsString(entry);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private void housekeeping() {
        lanes.prune();
        long before = clock.millis() - options.keepFinished().toMillis();
        int removed = store.write(sql -> DeliveryRows.removeFinished(sql, before, 10_000));
        if (removed > 0) log.debug("removed {} finished webhook deliveries", removed);
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops claiming, interrupts requests in flight (their deliveries are given back unsent), records every result. */
    @Override
    public void close() {
        running = false;
        wake();
        join(threads.isEmpty() ? null : threads.get(0));
        senders.shutdownNow();
        try {
            if (!senders.awaitTermination(10, TimeUnit.SECONDS)) log.warn("webhook requests still running at shutdown");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        recording = false;
        if (threads.size() > 1) join(threads.get(1));
        http.shutdownNow();
        httpTasks.shutdownNow();
    }

    private static void join(Thread t) {
        if (t == null) return;
        try {
            t.join(15_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
