package io.ringway.webhook;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ringway.store.BatchRecorder;
import io.ringway.store.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends the outbox. A poller claims due deliveries in batches (leased in the store when nodes share it) and hands each to its receiver's host lane
 * ({@link HostLanes}), which starts the request ({@link WebhookClient}) when the host has a free permit; one recorder
 * writes the results, many per store write. 2xx is delivered; 429, 5xx, timeouts and connection errors are tried again on
 * {@link DeliverySchedule}; any other answer ends the delivery. A delivery is sent at least once: a node that dies
 * between the request and the record leaves the delivery due (after its lease ran out, on a shared store), and it is
 * sent again.
 */
public final class Deliverer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Deliverer.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom NONCES = new SecureRandom();

    /**
     * {@code timeout}: for the whole request; {@code permitsPerHost}: requests in flight to one host;
     * {@code backlogPerHost}: one host's deliveries in memory; {@code capacity}: all deliveries in memory;
     * {@code pollMillis}: how often due retries are looked for when no new event wakes the poller;
     * {@code oneNode}: the store is this node's alone (SQLite): nothing else can take a delivery, so claims are kept
     * in memory instead of leased in the store (a write per delivery less), and a lease found at start is a leftover.
     */
    public record Options(Duration timeout, int permitsPerHost, int backlogPerHost, int capacity, int claimBatch,
                          long pollMillis, long leaseMillis, boolean allowPrivateTargets, boolean oneNode,
                          Duration keepFinished) {}

    /** What one claimed delivery came to: sent ({@code sent} says how it ended), or cancelled before sending. */
    private record Attempt(DeliveryRows.Claimed delivery, WebhookClient.Sent sent, boolean cancelled, long at) {
        static Attempt cancelled(DeliveryRows.Claimed d, long at) { return new Attempt(d, null, true, at); }

        static Attempt refused(DeliveryRows.Claimed d, String why, long at) {
            return new Attempt(d, new WebhookClient.Sent(WebhookClient.Kind.REFUSED, 0, why, 0), false, at);
        }
    }

    private final Store store;
    private final Clock clock;
    private final ZoneId zone;
    private final Options options;
    private final Outbox outbox;
    private final HostLanes lanes;
    private final WebhookClient http;
    /** Results, recorded many per store write; a few gathered for 5 ms so neighbouring rows share their WAL pages. */
    private final BatchRecorder<Attempt> attempts = new BatchRecorder<>("webhook-recorder", 4096, 256, 5, this::recordBatch);
    private final AtomicInteger unanswered = new AtomicInteger(); // claimed and not yet come to an attempt
    /** Claimed and not yet recorded, by id (on a one-node store the only record of a claim). */
    private final Set<Long> claimed = ConcurrentHashMap.newKeySet();
    /** Who holds this node's leases in the store; null where claims stay in memory. */
    private final String owner;
    private final Semaphore wake = new Semaphore(0);
    /** Subscriptions that got new events since the last claim, and whether a full lane got room since then. */
    private final Set<Long> fresh = ConcurrentHashMap.newKeySet();
    private volatile boolean freed;
    private Thread poller;
    private volatile boolean running;

    public Deliverer(Store store, Clock clock, ZoneId zone, String nodeId, Outbox outbox, Options options) {
        this.store = store;
        this.clock = clock;
        this.zone = zone;
        this.outbox = outbox;
        this.options = options;
        this.owner = options.oneNode() ? null : nodeId;
        this.lanes = new HostLanes(options.permitsPerHost(), options.backlogPerHost(), this::laneFreed);
        this.http = new WebhookClient(options.timeout(), options.permitsPerHost(), options.backlogPerHost(),
                options.allowPrivateTargets());
    }

    public void start() {
        long now = clock.millis();
        int released = store.write(sql -> DeliveryRows.releaseLeases(sql, owner, now));
        if (released > 0) log.info("{} webhook deliveries left over from the last run are due again", released);
        http.start();
        running = true;
        outbox.onCommitted(this::eventsCommitted);
        poller = Thread.ofPlatform().name("webhook-poller").daemon().start(this::pollLoop);
        attempts.start();
    }

    private void eventsCommitted(Set<Long> webhookIds) {
        fresh.addAll(webhookIds);
        wake();
    }

    private void laneFreed() {
        freed = true;
        wake();
    }

    private void wake() {
        if (wake.availablePermits() == 0) wake.release();
    }

    /**
     * Claims while claims fill up; once one comes back short, everything due was taken apart from the subscriptions of
     * full lanes, so the next claim waits for something that can change that: new events for a subscription whose
     * lane has room, a full lane getting room, recorded results, or {@code pollMillis} (retries falling due). Without
     * that, every commit under load re-read the whole backlog of a full lane only to leave it out (a fifth of the CPU).
     */
    private void pollLoop() {
        // Real time, not the injectable clock: these say how often to look, not when something is due.
        long nextHousekeeping = 0;
        long lastClaim = 0;
        boolean exhausted = false;
        while (running) {
            try {
                Set<Long> skip = lanes.saturated();
                boolean worthIt = !exhausted || System.nanoTime() - lastClaim >= options.pollMillis() * 1_000_000
                        || consumeFreed() || freshOutside(skip);
                int room = Math.min(options.claimBatch(), options.capacity() - claimed.size());
                boolean more = false;
                if (worthIt && room > 0) {
                    lastClaim = System.nanoTime();
                    // A full claim usually fills lanes up. Claiming again at once would scan their whole backlog only to
                    // leave it out (with a backlog of seconds, most of the poller's CPU): a lane getting room wakes us.
                    more = claimAndSend(room, skip) == room && lanes.saturated().isEmpty();
                    exhausted = !more;
                }
                if (System.nanoTime() - nextHousekeeping >= 0) {
                    housekeeping();
                    nextHousekeeping = System.nanoTime() + 60_000_000_000L;
                }
                if (!more) {
                    wake.tryAcquire(options.pollMillis(), TimeUnit.MILLISECONDS);
                    wake.drainPermits();
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.error("claiming due webhook deliveries failed: {}", e.getMessage());
                LockSupport.parkNanos(1_000_000_000L); // back off a second; the loop ends by itself once running is false
            }
        }
    }

    private boolean consumeFreed() {
        boolean was = freed;
        freed = false;
        return was;
    }

    /** Whether new events arrived for a subscription a claim would not leave out; forgets them either way. */
    private boolean freshOutside(Set<Long> skip) {
        boolean any = false;
        for (var it = fresh.iterator(); it.hasNext(); ) {
            if (!skip.contains(it.next())) any = true;
            it.remove();
        }
        return any;
    }

    /** Claims up to {@code limit} due deliveries, apart from those of {@code skip}, and starts sending them; returns how many were due. */
    private int claimAndSend(int limit, Set<Long> skip) {
        long now = clock.millis();
        List<DeliveryRows.Claimed> claims = new ArrayList<>(limit);
        int found;
        if (owner == null) {
            // Copied before the query: a delivery recorded meanwhile is either still in the copy or no longer due.
            Set<Long> taken = Set.copyOf(claimed);
            List<DeliveryRows.Claimed> due = store.read(sql -> DeliveryRows.due(sql, now, skip, limit + taken.size()));
            for (DeliveryRows.Claimed d : due) if (claims.size() < limit && !taken.contains(d.id())) claims.add(d);
            found = claims.size();
        } else {
            List<DeliveryRows.Claimed> due = store.read(sql -> DeliveryRows.due(sql, now, skip, limit));
            found = due.size();
            if (due.isEmpty()) return 0;
            Set<Long> ids = store.write(sql -> DeliveryRows.lease(sql, due.stream().map(DeliveryRows.Claimed::id).toList(), owner, now,
                    now + options.leaseMillis()));
            for (DeliveryRows.Claimed d : due) if (ids.contains(d.id())) claims.add(d);
        }
        if (claims.isEmpty()) return found;
        Set<Long> webhookIds = new LinkedHashSet<>();
        for (DeliveryRows.Claimed d : claims) webhookIds.add(d.webhookId());
        Map<Long, DeliveryRows.Target> targets = store.read(sql -> DeliveryRows.targets(sql, webhookIds));
        for (DeliveryRows.Claimed d : claims) {
            claimed.add(d.id());
            unanswered.incrementAndGet();
            DeliveryRows.Target t = targets.get(d.webhookId());
            if (t == null || t.deleted()) {
                report(Attempt.cancelled(d, now));
                continue;
            }
            URI uri;
            try {
                uri = URI.create(t.webhook().targetUrl());
            } catch (IllegalArgumentException e) {
                report(Attempt.refused(d, "target_url is not a valid URL", now));
                continue;
            }
            HostLanes.Lane lane = lanes.enter(uri, d.webhookId());
            lane.submit(() -> send(lane, d, t));
        }
        return found;
    }

    /** Runs when the lane gives the delivery its turn; the lane's permit is handed on once the request ended. */
    private void send(HostLanes.Lane lane, DeliveryRows.Claimed d, DeliveryRows.Target t) {
        long at = clock.millis();
        DeliveryRequest r;
        try {
            r = DeliveryRequest.of(t.webhook(), d.eventType(), d.eventAt(), d.payload(), t.signingSecret(), at, nonce(), zone);
        } catch (RuntimeException e) {
            finish(lane, Attempt.refused(d, "event cannot be sent: " + e.getMessage(), at));
            return;
        }
        http.send(r, sent -> finish(lane, new Attempt(d, sent, false, at)));
    }

    private void finish(HostLanes.Lane lane, Attempt a) {
        report(a);
        lane.leave();
        lane.finished();
    }

    private void report(Attempt a) {
        attempts.add(a);
        unanswered.decrementAndGet();
    }

    private static String nonce() {
        byte[] b = new byte[16];
        NONCES.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private void recordBatch(List<Attempt> batch) {
        store.write(sql -> {
            for (Attempt a : batch) record(sql, a);
            return null;
        });
        for (Attempt a : batch) claimed.remove(a.delivery().id());
        // A finished delivery may let the next event of its message go: worth a claim unless its lane is full.
        for (Attempt a : batch) fresh.add(a.delivery().webhookId());
        wake();
    }

    private void record(io.ringway.store.Sql sql, Attempt a) throws java.sql.SQLException {
        DeliveryRows.Claimed d = a.delivery();
        if (a.cancelled()) {
            DeliveryRows.cancelled(sql, d.id(), owner, a.at());
            return;
        }
        WebhookClient.Sent sent = a.sent();
        int attempt = d.attempts() + 1;
        switch (sent.kind()) {
            case RELEASED -> DeliveryRows.released(sql, d.id(), owner, a.at());
            case REFUSED -> DeliveryRows.failed(sql, d.id(), owner, null, sent.error(), history(a), a.at());
            case ANSWERED -> {
                int s = sent.status();
                if (s >= 200 && s < 300) {
                    DeliveryRows.delivered(sql, d.id(), owner, s, history(a), a.at());
                } else if ((s == 429 || s >= 500) && DeliverySchedule.retries(attempt)) {
                    DeliveryRows.retry(sql, d, owner, s, "HTTP " + s, history(a), a.at() + DeliverySchedule.waitMillis(attempt));
                } else {
                    DeliveryRows.failed(sql, d.id(), owner, s, "HTTP " + s, history(a), a.at());
                }
            }
            case UNREACHED -> {
                if (DeliverySchedule.retries(attempt)) {
                    DeliveryRows.retry(sql, d, owner, null, sent.error(), history(a), a.at() + DeliverySchedule.waitMillis(attempt));
                } else {
                    DeliveryRows.failed(sql, d.id(), owner, null, sent.error(), history(a), a.at());
                }
            }
        }
    }

    /** One attempt as the API shows it: {@code {"at", "status" | "error", "ms"}}. */
    private static String history(Attempt a) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("at", a.at());
        if (a.sent().kind() == WebhookClient.Kind.ANSWERED) entry.put("status", a.sent().status());
        else entry.put("error", a.sent().error());
        entry.put("ms", a.sent().millis());
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

    /** Stops claiming; requests in flight or waiting for their turn are given back unsent; every result is recorded. */
    @Override
    public void close() {
        running = false;
        wake();
        join(poller);
        http.close();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (unanswered.get() > 0 && System.nanoTime() < deadline) LockSupport.parkNanos(10_000_000L);
        attempts.close();
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
