package io.ringway.dispatch;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * Ends the wait for a carrier's answer: completes hand-off waiters with {@link Dispatcher.Handoff#QUEUED} once their
 * deadline passed, one thread for all of them. A timer per request ({@code completeOnTimeout}) cost ~9 µs of CPU
 * per SMPP submit in the JDK's delay scheduler; here the waits share one FIFO, which is in deadline order because
 * every wait of a gateway is equally long, and a sweep every {@link #SWEEP_NANOS}.
 */
final class HandoffDeadlines implements AutoCloseable {
    private static final long SWEEP_NANOS = 10_000_000;

    private record Entry(long deadline, CompletableFuture<Dispatcher.Handoff> waiter) {}

    private final ConcurrentLinkedQueue<Entry> entries = new ConcurrentLinkedQueue<>();
    private final Thread thread = Thread.ofPlatform().name("handoff-deadlines").daemon().unstarted(this::loop);
    private volatile boolean idle;
    private volatile boolean running = true;

    void start() { thread.start(); }

    void add(long waitMillis, CompletableFuture<Dispatcher.Handoff> waiter) {
        if (waiter.isDone()) return;
        entries.add(new Entry(System.nanoTime() + waitMillis * 1_000_000, waiter));
        if (idle) LockSupport.unpark(thread);
    }

    private void loop() {
        while (running) {
            Entry head = entries.peek();
            if (head == null) {
                idle = true;
                if (entries.isEmpty() && running) LockSupport.park(this);
                idle = false;
                continue;
            }
            long left = head.deadline() - System.nanoTime();
            if (head.waiter().isDone() || left <= 0) {
                entries.poll();
                head.waiter().complete(Dispatcher.Handoff.QUEUED);
            } else {
                LockSupport.parkNanos(this, Math.min(left, SWEEP_NANOS));
            }
        }
    }

    /** Lets every remaining waiter go (as QUEUED) and stops. */
    @Override
    public void close() {
        running = false;
        LockSupport.unpark(thread);
        Entry e;
        while ((e = entries.poll()) != null) e.waiter().complete(Dispatcher.Handoff.QUEUED);
    }
}
