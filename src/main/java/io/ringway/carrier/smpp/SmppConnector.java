package io.ringway.carrier.smpp;

import io.ringway.carrier.ReceiptSink;
import io.ringway.carrier.SmsConnector;
import io.ringway.carrier.SubmitResult;
import io.ringway.message.Message;
import io.ringway.message.MessageStatus;
import io.ringway.store.Store;
import org.jsmpp.InvalidResponseException;
import org.jsmpp.PDUException;
import org.jsmpp.bean.BindType;
import org.jsmpp.bean.DataCodings;
import org.jsmpp.bean.DeliverSm;
import org.jsmpp.bean.ESMClass;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.RegisteredDelivery;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.extra.NegativeResponseException;
import org.jsmpp.extra.ProcessRequestException;
import org.jsmpp.extra.ResponseTimeoutException;
import org.jsmpp.session.SMPPSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An SMSC reached over SMPP 3.4 (jSMPP). Each message is submitted on a virtual thread, its parts one after the other,
 * with at most {@code window} submits awaiting their response and at most {@code throughput} per second. Receipts are
 * matched to parts by the SMSC's message id: from memory for this run's submits, from {@code smpp_parts} for older
 * ones; a receipt is acknowledged to the SMSC only once it is recorded.
 */
final class SmppConnector implements SmsConnector {
    private static final Logger log = LoggerFactory.getLogger(SmppConnector.class);
    private static final int THROTTLED = 0x58, QUEUE_FULL = 0x14;
    private static final int TEMPORARY_APP_ERROR = 0x64;
    /** Throttling answers tolerated for one part before the message goes back to the queue. */
    private static final int THROTTLE_RETRIES = 5;

    private final SmppSettings s;
    private final Store store;
    private final Clock clock;
    private final Semaphore window;
    private final Pacer pacer;
    private final AtomicInteger references = new AtomicInteger(ThreadLocalRandom.current().nextInt(65536));
    /** This run's submitted parts awaiting a final receipt, by normalized SMSC id. */
    private final Map<String, SubmittedParts.PartRef> awaiting = new ConcurrentHashMap<>();
    private final AtomicInteger submitting = new AtomicInteger();
    private final AtomicLong pausedUntil = new AtomicLong();
    private final List<Binding> bindings = new ArrayList<>();
    private Binding transmitter;
    private volatile ReceiptSink receipts;

    SmppConnector(SmppSettings settings, Store store, Clock clock) {
        this.s = settings;
        this.store = store;
        this.clock = clock;
        this.window = new Semaphore(settings.window());
        this.pacer = settings.throughput() > 0 ? new Pacer(settings.throughput()) : null;
    }

    @Override
    public String name() { return s.name(); }

    @Override
    public void start(ReceiptSink sink) {
        this.receipts = sink;
        DeliverListener listener = new DeliverListener(this::onDeliver);
        if (s.bind() == SmppSettings.Bind.TRX) {
            transmitter = new Binding(s, BindType.BIND_TRX, listener, s.name());
            bindings.add(transmitter);
        } else {
            transmitter = new Binding(s, BindType.BIND_TX, null, s.name() + "-tx");
            bindings.add(transmitter);
            bindings.add(new Binding(s, BindType.BIND_RX, listener, s.name() + "-rx"));
        }
        for (Binding b : bindings) b.start();
    }

    @Override
    public CompletionStage<SubmitResult> submit(Message m) {
        CompletableFuture<SubmitResult> done = new CompletableFuture<>();
        submitting.incrementAndGet();
        Thread.ofVirtual().name("smpp-submit-", m.id()).start(() -> {
            List<String> ids = new ArrayList<>();
            SubmitResult result;
            try {
                result = send(m, ids);
            } catch (RuntimeException e) {
                result = new SubmitResult.TemporaryFailure("smpp " + s.name() + ": " + e.getMessage());
            }
            try {
                done.complete(result);
            } finally {
                // Only now may receipts find these parts: the dispatcher queued the TRANSMITTED record (with the
                // smpp_parts rows) while completing, so a receipt is always recorded after it.
                for (int i = 0; i < ids.size(); i++) awaiting.put(ids.get(i), new SubmittedParts.PartRef(m.id(), i + 1, ids.size()));
                submitting.decrementAndGet();
            }
        });
        return done;
    }

    private SubmitResult send(Message m, List<String> ids) {
        List<SubmitParts.Part> parts;
        try {
            parts = SubmitParts.of(m, s, references.incrementAndGet());
        } catch (RuntimeException e) {
            return new SubmitResult.PermanentFailure("cannot encode for SMPP: " + e.getMessage());
        }
        Addresses.Address source = Addresses.source(m.sender(), s);
        String validity = SubmitParts.validity(m.ttlMinutes());
        for (int i = 0; i < parts.size(); i++) {
            SubmitParts.Part p = parts.get(i);
            String where = parts.size() > 1 ? "part " + (i + 1) + "/" + parts.size() + ": " : "";
            int throttled = 0;
            while (true) {
                try {
                    ids.add(Receipts.normalize(submitPart(m, p, source, validity), s.respIdFormat()));
                    break;
                } catch (NegativeResponseException e) {
                    int status = e.getCommandStatus();
                    if ((status == THROTTLED || status == QUEUE_FULL) && ++throttled <= THROTTLE_RETRIES) {
                        pausedUntil.accumulateAndGet(System.nanoTime() + s.throttleBackoffMillis() * 1_000_000, Math::max);
                        continue;
                    }
                    String error = where + SmppStatus.describe(status);
                    return SmppStatus.isTemporary(status) ? new SubmitResult.TemporaryFailure(error) : permanent(error, ids);
                } catch (ResponseTimeoutException e) {
                    return new SubmitResult.TemporaryFailure(where + "no submit_sm_resp within " + s.responseTimeoutMillis() + " ms");
                } catch (Unbound e) {
                    return new SubmitResult.TemporaryFailure("smpp " + s.name() + " is not bound");
                } catch (PDUException e) {
                    return permanent(where + "invalid submit_sm: " + e.getMessage(), ids);
                } catch (IOException | InvalidResponseException e) {
                    return new SubmitResult.TemporaryFailure(where + "connection: " + e.getMessage());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return new SubmitResult.TemporaryFailure("interrupted");
                }
            }
        }
        long at = clock.millis();
        return new SubmitResult.Accepted(List.copyOf(ids), SubmittedParts.journal(s.name(), m.id(), List.copyOf(ids), at));
    }

    /** A later part refused for good after earlier ones went out: the message fails; the parts sent are logged. */
    private SubmitResult permanent(String error, List<String> sentIds) {
        if (!sentIds.isEmpty()) log.warn("smpp {}: message failed after {} part(s) were submitted ({}): {}", s.name(), sentIds.size(), sentIds, error);
        return new SubmitResult.PermanentFailure(error);
    }

    private String submitPart(Message m, SubmitParts.Part p, Addresses.Address source, String validity)
            throws PDUException, ResponseTimeoutException, InvalidResponseException, NegativeResponseException, IOException,
            InterruptedException, Unbound {
        SMPPSession session = transmitter.awaitSession(s.responseTimeoutMillis());
        if (session == null) throw new Unbound();
        long pause = pausedUntil.get() - System.nanoTime();
        if (pause > 0) TimeUnit.NANOSECONDS.sleep(pause);
        if (pacer != null) pacer.await();
        if (!window.tryAcquire(s.responseTimeoutMillis(), TimeUnit.MILLISECONDS)) throw new ResponseTimeoutException("window full");
        try {
            return session.submitShortMessage(s.systemType(),
                    TypeOfNumber.valueOf((byte) source.ton()), NumberingPlanIndicator.valueOf((byte) source.npi()), source.address(),
                    TypeOfNumber.valueOf((byte) s.destTon()), NumberingPlanIndicator.valueOf((byte) s.destNpi()), m.recipient(),
                    new ESMClass(p.esmClass()), (byte) 0, (byte) 0, null, validity, new RegisteredDelivery(s.registeredDelivery()),
                    (byte) 0, DataCodings.newInstance((byte) p.dataCoding()), (byte) 0, p.shortMessage(), p.tlvs()).getMessageId();
        } finally {
            window.release();
        }
    }

    /** Receipts are recorded before the SMSC hears deliver_sm_resp; inbound SMS come with their own issue step. */
    private void onDeliver(DeliverSm d) throws ProcessRequestException {
        if (!Receipts.isReceipt(d)) {
            log.info("smpp {}: inbound SMS from {} not stored yet", s.name(), d.getSourceAddr());
            return;
        }
        Receipts.Receipt r = Receipts.parse(d, s.dlrIdFormat());
        if (r == null) {
            log.warn("smpp {}: receipt without a message id: {}", s.name(), d.getShortMessage() == null ? "" : new String(d.getShortMessage()));
            return;
        }
        SubmittedParts.PartRef ref = find(r.smscId());
        if (ref == null) {
            log.warn("smpp {}: receipt for unknown SMSC message id {} ({}), dropped", s.name(), r.smscId(), r.stat());
            return;
        }
        try {
            String error = r.status() == MessageStatus.DELIVERED || r.status() == MessageStatus.BUFFERED ? null
                    : "stat:" + r.stat() + " err:" + r.err();
            receipts.report(ref.messageId(), SubmittedParts.receipt(s.name(), ref, r, clock.millis()), error)
                    .toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            // Not acknowledged: the SMSC sends the receipt again later.
            throw new ProcessRequestException("receipt not recorded: " + e.getMessage(), TEMPORARY_APP_ERROR);
        }
        if (r.status() != null && r.status().isFinal()) awaiting.remove(r.smscId());
    }

    /**
     * The part a receipt is about. A receipt can overtake the answer to its own submit inside this process (jSMPP
     * hands both to different threads), so while submits are under way a miss is looked up again for a moment.
     */
    private SubmittedParts.PartRef find(String smscId) {
        SubmittedParts.PartRef ref = awaiting.get(smscId);
        long deadline = System.nanoTime() + 2_000_000_000L;
        while (ref == null && submitting.get() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            ref = awaiting.get(smscId);
        }
        return ref != null ? ref : SubmittedParts.find(store, s.name(), smscId);
    }

    @Override
    public void close() {
        for (Binding b : bindings.reversed()) b.close();
    }

    private static final class Unbound extends Exception {
        Unbound() { super(null, null, false, false); }
    }

    /** Spaces submits evenly at {@code throughput} per second (the SMSC's contract usually says so per second). */
    private static final class Pacer {
        private final long intervalNanos;
        private long next = System.nanoTime();

        Pacer(int perSecond) { this.intervalNanos = 1_000_000_000L / perSecond; }

        void await() throws InterruptedException {
            long slot;
            synchronized (this) {
                long now = System.nanoTime();
                slot = Math.max(next, now);
                next = slot + intervalNanos;
            }
            long wait = slot - System.nanoTime();
            if (wait > 0) TimeUnit.NANOSECONDS.sleep(wait);
        }
    }
}
