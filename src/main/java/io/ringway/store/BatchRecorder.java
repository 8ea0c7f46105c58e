package io.ringway.store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One thread that records items many per store write: it takes everything queued (and, when that is less than
 * {@code gatherBelow}, waits {@code gatherMillis} for more, so neighbouring rows share their pages in one commit) and
 * hands the batch to {@code write}. When the write fails the batch is kept and tried again a second later: the items
 * are often the only copy of what happened (a carrier's answer, a receiver's). {@link #close} records what is
 * queued, then stops.
 */
public final class BatchRecorder<T> implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BatchRecorder.class);

    private final String name;
    private final int maxBatch;
    private final int gatherBelow;
    private final long gatherMillis;
    private final Consumer<List<T>> write;
    private final LinkedBlockingQueue<T> queue = new LinkedBlockingQueue<>();
    private volatile boolean running = true;
    private Thread thread;

    /** {@code write} stores a batch or throws; it runs on this recorder's thread only. */
    public BatchRecorder(String name, int maxBatch, int gatherBelow, long gatherMillis, Consumer<List<T>> write) {
        this.name = name;
        this.maxBatch = maxBatch;
        this.gatherBelow = gatherBelow;
        this.gatherMillis = gatherMillis;
        this.write = write;
    }

    public void start() { thread = Thread.ofPlatform().name(name).daemon().start(this::loop); }

    public void add(T item) { queue.add(item); }

    private void loop() {
        List<T> batch = new ArrayList<>();
        int failuresWhileStopping = 0;
        while (running || !queue.isEmpty()) {
            try {
                T first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) continue;
                batch.add(first);
                queue.drainTo(batch, maxBatch - 1);
                if (batch.size() < gatherBelow && running) {
                    Thread.sleep(gatherMillis);
                    queue.drainTo(batch, maxBatch - batch.size());
                }
                write.accept(batch);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (!running && ++failuresWhileStopping > 3) {
                    log.error("{}: recording {} items failed while stopping, left to the next start: {}", name, batch.size(), e.getMessage());
                    return;
                }
                log.error("{}: recording {} items failed, retrying: {}", name, batch.size(), e.getMessage());
                queue.addAll(batch);
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException interrupted) {
                    return;
                }
            } finally {
                batch.clear();
            }
        }
    }

    /** Records what is queued (a few more tries after failures), then stops. */
    @Override
    public void close() {
        running = false;
        if (thread == null) return;
        try {
            thread.join(15_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
