package io.ringway.webhook;

import java.net.URI;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One lane per receiving host (scheme, host, port): at most {@code permits} requests to it at a time, and about
 * {@code backlog} of its deliveries in memory (a claim may add one batch beyond it). A full lane's subscriptions are
 * left out of the next claims, so a slow or dead receiver holds its own lane and never the capacity other receivers
 * need. {@link #enter} and {@link #prune} are called from one thread (the poller).
 */
final class HostLanes {
    /** A host's requests in flight (at most {@code permits}), the ones waiting for a turn, and all of them in memory. */
    final class Lane {
        private final ArrayDeque<Runnable> waiting = new ArrayDeque<>();
        private int running;
        private final AtomicInteger held = new AtomicInteger();
        private final Set<Long> webhooks = ConcurrentHashMap.newKeySet();

        /** Runs {@code request} now if the host has a free permit, otherwise when one is {@link #finished}. */
        void submit(Runnable request) {
            synchronized (this) {
                if (running >= permits) {
                    waiting.add(request);
                    return;
                }
                running++;
            }
            request.run();
        }

        /** A request of this lane ended: its permit goes to the next waiting one. */
        void finished() {
            Runnable next;
            synchronized (this) {
                next = waiting.poll();
                if (next == null) running--;
            }
            if (next != null) next.run();
        }

        /** A delivery left memory (answered, failed or dropped); a lane that stops being full says so. */
        void leave() {
            if (held.decrementAndGet() == backlog - 1) onFreed.run();
        }

        int held() { return held.get(); }

        private synchronized boolean idle() { return running == 0 && waiting.isEmpty() && held.get() == 0; }
    }

    private final int permits;
    private final int backlog;
    private final Runnable onFreed;
    private final Map<String, Lane> lanes = new ConcurrentHashMap<>();

    /** {@code onFreed} runs when a full lane gets room again (claims that left its subscriptions out may now take them). */
    HostLanes(int permits, int backlog, Runnable onFreed) {
        this.permits = permits;
        this.backlog = Math.max(backlog, permits);
        this.onFreed = onFreed;
    }

    /** The lane of {@code target}, counting one more delivery of subscription {@code webhookId} in it. */
    Lane enter(URI target, long webhookId) {
        String scheme = target.getScheme().toLowerCase(Locale.ROOT);
        int port = target.getPort() >= 0 ? target.getPort() : scheme.equals("https") ? 443 : 80;
        String key = scheme + "://" + String.valueOf(target.getHost()).toLowerCase(Locale.ROOT) + ":" + port;
        Lane lane = lanes.computeIfAbsent(key, k -> new Lane());
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
    void prune() { lanes.values().removeIf(Lane::idle); }
}
