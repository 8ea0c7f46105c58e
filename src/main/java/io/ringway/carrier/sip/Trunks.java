package io.ringway.carrier.sip;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The configured trunks in failover order, each with its limits: concurrent calls ({@code max_calls}) and calls set up
 * per second ({@code cps}, spaced evenly rather than in bursts, as carriers count them). A call takes a place on a
 * trunk before its INVITE and gives it back when it ends.
 */
final class Trunks {
    /** One trunk's limits and counters. */
    static final class Trunk {
        final SipTrunk settings;
        private final AtomicInteger active = new AtomicInteger();
        private final ReentrantLock pacing = new ReentrantLock();
        private long nextInviteNanos;
        final AtomicLong invites = new AtomicLong();
        final AtomicLong answered = new AtomicLong();
        final AtomicLong failed = new AtomicLong();
        final AtomicReference<String> lastError = new AtomicReference<>();

        Trunk(SipTrunk settings) { this.settings = settings; }

        /** Takes a place for one call if the trunk has one free; the caller then waits {@link #paceNanos()} before its INVITE. */
        boolean tryTake() {
            while (true) {
                int n = active.get();
                if (n >= settings.maxCalls()) return false;
                if (active.compareAndSet(n, n + 1)) return true;
            }
        }

        void giveBack() { active.decrementAndGet(); }

        int active() { return active.get(); }

        /** How long the caller must wait so that INVITEs leave at most {@code cps} a second; reserves that slot. */
        long paceNanos() {
            if (settings.callsPerSecond() <= 0) return 0;
            long spacing = 1_000_000_000L / settings.callsPerSecond();
            pacing.lock();
            try {
                long now = System.nanoTime();
                long at = Math.max(now, nextInviteNanos);
                nextInviteNanos = at + spacing;
                return at - now;
            } finally {
                pacing.unlock();
            }
        }

        Map<String, Object> status() {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("name", settings.name());
            s.put("url", settings.display());
            s.put("calls_active", active());
            s.put("max_calls", settings.maxCalls());
            s.put("cps", settings.callsPerSecond());
            s.put("invites", invites.get());
            s.put("answered", answered.get());
            s.put("failed", failed.get());
            s.put("last_error", lastError.get());
            return s;
        }
    }

    private final List<Trunk> trunks;

    Trunks(List<SipTrunk> settings) {
        List<Trunk> list = new ArrayList<>();
        for (SipTrunk s : settings) list.add(new Trunk(s));
        this.trunks = List.copyOf(list);
    }

    /** In failover order: the first configured first. */
    List<Trunk> inOrder() { return trunks; }
}
