package io.ringway.media;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Receives the RTP of every session on one platform thread and one selector. A thread blocked per session would wake
 * 50 times a second per call (25,000 times for 500 calls) and compete with the pacer for the cores; the selector
 * wakes once for the many packets that arrive together (the echo of a slot's frames, say) and reads them all.
 */
final class RtpReceiver implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RtpReceiver.class);

    /** What a session does when its port has datagrams: read them all, without blocking. */
    interface Readable {
        void readable();
    }

    private final Selector selector;
    private final Thread thread;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private volatile boolean running = true;

    RtpReceiver() {
        try {
            selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("no selector for RTP", e);
        }
        thread = Thread.ofPlatform().name("rtp-receive").daemon().start(this::run);
    }

    /** From now on {@code readable} runs on the receiving thread whenever {@code channel} has datagrams. */
    void register(DatagramChannel channel, Readable readable) throws IOException {
        channel.configureBlocking(false);
        if (Thread.currentThread() == thread) {
            channel.register(selector, SelectionKey.OP_READ, readable);
            return;
        }
        CountDownLatch done = new CountDownLatch(1);
        IOException[] failed = new IOException[1];
        run(() -> {
            try {
                channel.register(selector, SelectionKey.OP_READ, readable);
            } catch (ClosedChannelException e) {
                failed[0] = e;
            }
            done.countDown();
        });
        await(done);
        if (failed[0] != null) throw failed[0];
    }

    /**
     * Waits until the selector has let go of a channel closed before the call, so that its port is free on return
     * (a channel registered with a selector is only really closed once the selector deregisters it).
     */
    void released() {
        if (Thread.currentThread() == thread || !running) return; // the loop deregisters it at its next select
        CountDownLatch done = new CountDownLatch(1);
        run(() -> {
            try {
                selector.selectNow();
            } catch (IOException e) {
                log.debug("RTP selector: {}", e.toString());
            }
            done.countDown();
        });
        await(done);
    }

    private void run(Runnable task) {
        tasks.add(task);
        selector.wakeup();
    }

    private static void await(CountDownLatch done) {
        try {
            if (!done.await(5, TimeUnit.SECONDS)) log.warn("RTP receiver did not answer within 5 s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void loop() throws IOException {
        while (running) {
            selector.select();
            for (Runnable task; (task = tasks.poll()) != null; ) task.run();
            var selected = selector.selectedKeys();
            for (SelectionKey key : selected) {
                if (!key.isValid()) continue;
                try {
                    ((Readable) key.attachment()).readable();
                } catch (RuntimeException e) {
                    log.warn("RTP receive failed", e);
                }
            }
            selected.clear();
        }
    }

    private void run() {
        try {
            loop();
        } catch (IOException | RuntimeException e) {
            if (running) log.error("RTP receiving stopped", e);
        } finally {
            for (Runnable task; (task = tasks.poll()) != null; ) task.run();
        }
    }

    @Override
    public void close() {
        running = false;
        selector.wakeup();
        try {
            thread.join(1000);
            selector.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            log.debug("closing the RTP selector: {}", e.toString());
        }
    }
}
