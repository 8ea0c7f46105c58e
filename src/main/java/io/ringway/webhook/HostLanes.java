package io.ringway.webhook;

import java.net.URI;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One lane per receiving host (scheme, host, port): at most {@code permits} requests to it at a time, and at most
 * {@code backlog} of its deliveries in memory. A full lane's subscriptions are left out of the next claims, so a slow
 * or dead receiver holds its own lane and never the capacity other receivers need.
 */
final class HostLanes {
    /** A host's permits and its deliveries in memory (waiting for a permit or in flight). */
    static final class Lane {
        private final Semaphore permits;
        private final AtomicInteger held = new AtomicInteger();
        private final Set<Long> webhooks = ConcurrentHashMap.newKeySet();

        private Lane(int permits) { this.permits = new Semaphore(permits); }

        void acquire() throws InterruptedException { permits.acquire(); }

        void release() { permits.release(); }

        /** A delivery left memory (answered, failed or dropped). */
        void leave() { held.decrementAndGet(); }

        int held() { return held.get(); }
    }

    private final int permits;
    private final int backlog;
    private final Map<String, Lane> lanes = new ConcurrentHashMap<>();

    HostLanes(int permits, int backlog) {
        this.permits = permits;
        this.backlog = Math.max(backlog, permits);
    }

    /** The lane of {@code target}, counting one more delivery of subscription {@code webhookId} in it. */
    Lane enter(URI target, long webhookId) {
        String key = target.getScheme().toLowerCase(Locale.ROOT) + "://" + String.valueOf(target.getHost()).toLowerCase(Locale.ROOT)
                + ":" + target.getPort();
        Lane lane = lanes.computeIfAbsent(key, k -> new Lane(permits));
        lane.webhooks.add(webhookId);
        lane.held.incrementAndGet();
        return lane;
    }

    /** Subscriptions whose host has its full backlog in memory: claims leave their deliveries for later. */
    Set<Long> saturated() {
        Set<Long> out = new HashSet<>();
        for (Lane lane : lanes.values()) if (lane.held() >= backlog) out.addAll(lane.webhooks);
        return out;
    }

    /** Forgets idle lanes, so hosts no longer used do not pile up. */
    void prune() { lanes.values().removeIf(l -> l.held() == 0 && l.permits.availablePermits() == permits); }
}
