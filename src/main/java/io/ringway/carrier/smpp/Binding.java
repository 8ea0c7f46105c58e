package io.ringway.carrier.smpp;

import org.jsmpp.bean.BindType;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.extra.SessionState;
import org.jsmpp.session.BindParameter;
import org.jsmpp.session.MessageReceiverListener;
import org.jsmpp.session.SMPPSession;
import org.jsmpp.session.connection.ConnectionFactory;
import org.jsmpp.session.connection.socket.NoTrustSSLSocketConnectionFactory;
import org.jsmpp.session.connection.socket.SSLSocketConnectionFactory;
import org.jsmpp.session.connection.socket.SocketConnectionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One SMPP session kept bound: connects and binds, lets jSMPP keep it alive with enquire_link, and when the session
 * closes (the SMSC unbound, the connection broke, enquire_link went unanswered) binds again after a back-off that
 * doubles from {@code reconnect_ms} to {@code reconnect_max_ms}.
 */
final class Binding implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Binding.class);

    private final SmppSettings settings;
    private final BindType type;
    private final MessageReceiverListener listener;
    private final String label;
    private final Object boundSignal = new Object();
    private final AtomicLong binds = new AtomicLong();
    private volatile SMPPSession session;
    private volatile boolean running = true;
    private volatile String lastError;
    private Thread loop;

    /** {@code listener}: receives deliver_sm (receipts, inbound SMS); null for a transmitter. */
    Binding(SmppSettings settings, BindType type, MessageReceiverListener listener, String label) {
        this.settings = settings;
        this.type = type;
        this.listener = listener;
        this.label = label;
    }

    void start() { loop = Thread.ofPlatform().name("smpp-bind-" + label).daemon().start(this::keepBound); }

    /** The bound session, or null while there is none. */
    SMPPSession session() {
        SMPPSession s = session;
        return s != null && s.getSessionState().isBound() ? s : null;
    }

    /** The bound session, waiting up to {@code millis} for one; null if none came. */
    SMPPSession awaitSession(long millis) throws InterruptedException {
        SMPPSession bound = session();
        if (bound != null) return bound;
        long deadline = System.nanoTime() + millis * 1_000_000;
        synchronized (boundSignal) {
            SMPPSession s;
            while ((s = session()) == null && running) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) return null;
                boundSignal.wait(Math.min(left, 200));
            }
            return s;
        }
    }

    long binds() { return binds.get(); }

    String lastError() { return lastError; }

    private void keepBound() {
        long backoff = settings.reconnectMillis();
        while (running) {
            SMPPSession s = new SMPPSession(connections());
            CountDownLatch closed = new CountDownLatch(1);
            try {
                s.setEnquireLinkTimer(settings.enquireLinkSeconds() * 1000);
                s.setTransactionTimer(settings.responseTimeoutMillis());
                // Receipts are acknowledged only once recorded, which blocks a processing thread for a commit; with
                // a few more threads responses to submits do not queue behind them.
                s.setPduProcessorDegree(16);
                if (listener != null) s.setMessageReceiverListener(listener);
                s.addSessionStateListener((now, before, source) -> {
                    if (now == SessionState.CLOSED) closed.countDown();
                });
                s.connectAndBind(settings.host(), settings.port(), new BindParameter(type, settings.systemId(), settings.password(),
                        settings.systemType(), TypeOfNumber.UNKNOWN, NumberingPlanIndicator.UNKNOWN, null), settings.responseTimeoutMillis());
                session = s;
                binds.incrementAndGet();
                lastError = null;
                backoff = settings.reconnectMillis();
                log.info("SMPP {}: bound {} to {}", label, type, settings.display());
                synchronized (boundSignal) {
                    boundSignal.notifyAll();
                }
                while (running && !closed.await(500, TimeUnit.MILLISECONDS)) {
                    if (s.getSessionState() == SessionState.CLOSED) break;
                }
                if (running) log.warn("SMPP {}: session to {} closed; binding again", label, settings.display());
            } catch (IOException e) {
                lastError = e.getMessage();
                log.warn("SMPP {}: cannot bind to {}: {}; next try in {} ms", label, settings.display(), e.getMessage(), backoff);
                s.close();
                if (!sleep(backoff)) return;
                backoff = Math.min(backoff * 2, settings.reconnectMaxMillis());
                continue;
            } catch (InterruptedException e) {
                return;
            } finally {
                if (session == s && s.getSessionState() == SessionState.CLOSED) session = null;
            }
            session = null;
            if (!sleep(settings.reconnectMillis())) return;
        }
    }

    private ConnectionFactory connections() {
        if (!settings.tls()) return SocketConnectionFactory.getInstance();
        return settings.tlsTrustAll() ? new NoTrustSSLSocketConnectionFactory() : SSLSocketConnectionFactory.getInstance();
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
        SMPPSession s = session;
        if (s != null) s.unbindAndClose();
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
