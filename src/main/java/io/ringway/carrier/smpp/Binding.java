package io.ringway.carrier.smpp;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One SMPP link kept bound: binds, and when the link closes (the SMSC unbound, the connection broke, enquire_link
 * went unanswered) binds again after {@code reconnect_ms}, doubling up to {@code reconnect_max_ms} while binds fail.
 */
final class Binding implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Binding.class);

    private final SmppSettings settings;
    private final SmppLink.Mode mode;
    private final SmppLink.Handler handler;
    private final String label;
    private final Object signal = new Object();
    private final AtomicLong binds = new AtomicLong();
    private volatile SmppLink link;
    private volatile boolean running = true;
    private volatile String lastError;
    private Thread loop;

    Binding(SmppSettings settings, SmppLink.Mode mode, SmppLink.Handler handler, String label) {
        this.settings = settings;
        this.mode = mode;
        this.handler = handler;
        this.label = label;
    }

    void start() { loop = Thread.ofPlatform().name("smpp-bind-" + label).daemon().start(this::keepBound); }

    /** The bound link, or null while there is none. */
    SmppLink link() {
        SmppLink l = link;
        return l != null && l.isOpen() ? l : null;
    }

    /** The bound link, waiting up to {@code millis} for one; null if none came. */
    SmppLink awaitLink(long millis) throws InterruptedException {
        SmppLink bound = link();
        if (bound != null) return bound;
        long deadline = System.nanoTime() + millis * 1_000_000;
        synchronized (signal) {
            while ((bound = link()) == null && running) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) return null;
                signal.wait(Math.min(left, 200));
            }
            return bound;
        }
    }

    long binds() { return binds.get(); }

    String lastError() { return lastError; }

    private void keepBound() {
        long backoff = settings.reconnectMillis();
        while (running) {
            try {
                SmppLink l = SmppLink.bind(settings, mode, label, handler, this::linkClosed);
                link = l;
                binds.incrementAndGet();
                lastError = null;
                backoff = settings.reconnectMillis();
                log.info("SMPP {}: bound {} to {}", label, mode, settings.display());
                synchronized (signal) {
                    signal.notifyAll();
                    while (running && l.isOpen()) signal.wait(1000);
                }
                if (!running) return;
                if (!sleep(settings.reconnectMillis())) return;
            } catch (IOException e) {
                lastError = e.getMessage();
                log.warn("SMPP {}: cannot bind to {}: {}; next try in {} ms", label, settings.display(), e.getMessage(), backoff);
                if (!sleep(backoff)) return;
                backoff = Math.min(backoff * 2, settings.reconnectMaxMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void linkClosed() {
        synchronized (signal) {
            signal.notifyAll();
        }
    }

    private boolean sleep(long millis) {
        try {
            Thread.sleep(millis);
            return running;
        } catch (InterruptedException e) {
            return false;
        }
    }

    /** Unbinds (the SMSC hears unbind, not a dropped connection) and stops binding again. */
    @Override
    public void close() {
        running = false;
        SmppLink l = link;
        if (l != null) l.close();
        if (loop != null) {
            loop.interrupt();
            try {
                loop.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
