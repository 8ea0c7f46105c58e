package io.ringway.carrier.smpp;

import io.ringway.carrier.ReceiptSink;
import io.ringway.carrier.SmsConnector;
import io.ringway.carrier.SubmitResult;
import io.ringway.message.Message;
import io.ringway.message.MessageStatus;
import io.ringway.store.Store;
import io.ringway.inbound.InboundSms;
import org.jsmpp.bean.DeliverSm;
import org.jsmpp.bean.OptionalParameter;
import org.jsmpp.extra.ProcessRequestException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * An SMSC reached over SMPP 3.4 through {@link SmppLink}s. A message's parts go out one after the other, with at most
 * {@code window} submits awaiting their response and at most {@code throughput} per second (see {@link #submit} for
 * which messages need a virtual thread of their own). Receipts are
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
    private final Function<InboundSms, CompletableFuture<Void>> inbound;
    private final Clock clock;
    private final Pacer pacer;
    private final AtomicInteger references = new AtomicInteger(ThreadLocalRandom.current().nextInt(65536));
    /** This run's submitted parts awaiting a final receipt, by normalized SMSC id. */
    private final Map<String, SubmittedParts.PartRef> awaiting = new ConcurrentHashMap<>();
    private final AtomicInteger submitting = new AtomicInteger();
    private final AtomicLong pausedUntil = new AtomicLong(System.nanoTime());
    private final List<Binding> bindings = new ArrayList<>();
    private final AtomicLong submitted = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong receiptsRecorded = new AtomicLong();
    private volatile String lastError;
    private volatile long lastErrorAt;
    /** The submit count and time of the previous status call, for the rate. */
    private long[] lastSample = {0, System.nanoTime()};
    private Binding transmitter;
    private volatile ReceiptSink receipts;

    SmppConnector(SmppSettings settings, Store store, Clock clock, Function<InboundSms, CompletableFuture<Void>> inbound) {
        this.s = settings;
        this.inbound = inbound;
        this.store = store;
        this.clock = clock;
        this.pacer = settings.throughput() > 0 ? new Pacer(settings.throughput()) : null;
    }

    @Override
    public String name() { return s.name(); }

    @Override
    public void start(ReceiptSink sink) {
        this.receipts = sink;
        if (s.bind() == SmppSettings.Bind.TRX) {
            transmitter = new Binding(s, SmppLink.Mode.TRX, this::onDeliver, s.name());
            bindings.add(transmitter);
        } else {
            transmitter = new Binding(s, SmppLink.Mode.TX, this::onDeliver, s.name() + "-tx");
            bindings.add(transmitter);
            bindings.add(new Binding(s, SmppLink.Mode.RX, this::onDeliver, s.name() + "-rx"));
        }
        for (Binding b : bindings) b.start();
    }

    /**
     * A one-part message on a bound link with a free window slot goes out at once, its answer handled on the link's
     * reader thread; everything else (long messages, a full window, pacing, throttling, no link) takes a virtual
     * thread that waits where it must.
     */
    @Override
    public CompletionStage<SubmitResult> submit(Message m) {
        CompletableFuture<SubmitResult> done = new CompletableFuture<>();
        List<SubmitParts.Part> parts;
        try {
            parts = SubmitParts.of(m, s, references.incrementAndGet());
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(new SubmitResult.PermanentFailure("cannot encode for SMPP: " + e.getMessage()));
        }
        Addresses.Address source = Addresses.source(m.sender(), s);
        String validity = SubmitParts.validity(m.ttlMinutes());
        submitting.incrementAndGet();
        SmppLink link = transmitter.link();
        if (parts.size() == 1 && pacer == null && link != null && pausedUntil.get() - System.nanoTime() <= 0 && link.window().tryAcquire()) {
            link.submit((byte) source.ton(), (byte) source.npi(), source.address(), m.recipient(), parts.get(0), validity)
                    .whenComplete((answer, error) -> {
                        if (error == null && (answer.status() == THROTTLED || answer.status() == QUEUE_FULL)) {
                            pause();
                            Thread.ofVirtual().name("smpp-submit-", m.id()).start(() -> finish(m, done, () -> send(m, parts, source, validity)));
                            return;
                        }
                        finish(m, done, () -> error != null ? failure(unwrap(error), "", List.of())
                                : answer.status() != 0 ? refused(answer.status(), "", List.of())
                                : accepted(m, List.of(Receipts.normalize(answer.messageId(), s.respIdFormat()))));
                    });
            return done;
        }
        Thread.ofVirtual().name("smpp-submit-", m.id()).start(() -> finish(m, done, () -> send(m, parts, source, validity)));
        return done;
    }

    /**
     * Completes the dispatcher's future, then lets receipts find the parts: the dispatcher queues the TRANSMITTED
     * record (with the smpp_parts rows) while the future completes, so a receipt is recorded after it.
     */
    private void finish(Message m, CompletableFuture<SubmitResult> done, java.util.function.Supplier<SubmitResult> outcome) {
        SubmitResult result;
        try {
            result = outcome.get();
        } catch (RuntimeException e) {
            result = new SubmitResult.TemporaryFailure("smpp " + s.name() + ": " + e.getMessage());
        }
        switch (result) {
            case SubmitResult.Accepted a -> submitted.addAndGet(a.carrierIds().size());
            case SubmitResult.TemporaryFailure t -> error(t.error());
            case SubmitResult.PermanentFailure p -> error(p.error());
        }
        try {
            done.complete(result);
        } finally {
            if (result instanceof SubmitResult.Accepted a) {
                List<String> ids = a.carrierIds();
                for (int i = 0; i < ids.size(); i++) awaiting.put(ids.get(i), new SubmittedParts.PartRef(m.id(), i + 1, ids.size()));
            }
            submitting.decrementAndGet();
        }
    }

    /** The parts one after the other, each waiting for a link, a window slot, the pacer and its answer. */
    private SubmitResult send(Message m, List<SubmitParts.Part> parts, Addresses.Address source, String validity) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            String where = parts.size() > 1 ? "part " + (i + 1) + "/" + parts.size() + ": " : "";
            int throttled = 0;
            while (true) {
                SmppLink.Answer answer;
                try {
                    SmppLink link = transmitter.awaitLink(s.responseTimeoutMillis());
                    if (link == null) return new SubmitResult.TemporaryFailure("smpp " + s.name() + " is not bound");
                    long pause = pausedUntil.get() - System.nanoTime();
                    if (pause > 0) TimeUnit.NANOSECONDS.sleep(pause);
                    if (pacer != null) pacer.await();
                    if (!link.window().tryAcquire(s.responseTimeoutMillis(), TimeUnit.MILLISECONDS)) {
                        return new SubmitResult.TemporaryFailure(where + "window full for " + s.responseTimeoutMillis() + " ms");
                    }
                    answer = link.submit((byte) source.ton(), (byte) source.npi(), source.address(), m.recipient(), parts.get(i), validity).get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return new SubmitResult.TemporaryFailure("interrupted");
                } catch (ExecutionException e) {
                    return failure(e.getCause(), where, ids);
                }
                if (answer.status() == 0) {
                    ids.add(Receipts.normalize(answer.messageId(), s.respIdFormat()));
                    break;
                }
                if ((answer.status() == THROTTLED || answer.status() == QUEUE_FULL) && ++throttled <= THROTTLE_RETRIES) {
                    pause();
                    continue;
                }
                return refused(answer.status(), where, ids);
            }
        }
        return accepted(m, ids);
    }

    private void error(String error) {
        refused.incrementAndGet();
        lastError = error;
        lastErrorAt = clock.millis();
    }

    @Override
    public boolean available() { return transmitter != null && transmitter.link() != null; }

    /** State of each bind, window in use, submits and their rate since the last call, errors. */
    @Override
    public synchronized List<Map<String, Object>> status() {
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        out.put("name", s.name());
        out.put("url", s.display());
        out.put("bind", s.bind() == SmppSettings.Bind.TRX ? "trx" : "tx+rx");
        List<Map<String, Object>> binds = new ArrayList<>();
        for (Binding b : bindings) {
            Map<String, Object> bm = new java.util.LinkedHashMap<>();
            bm.put("bound", b.link() != null);
            bm.put("binds", b.binds());
            bm.put("last_error", b.lastError());
            binds.add(bm);
        }
        out.put("state", available() ? "bound" : "unbound");
        out.put("sessions", binds);
        SmppLink link = transmitter == null ? null : transmitter.link();
        out.put("window", s.window());
        out.put("window_in_use", link == null ? 0 : s.window() - Math.max(0, link.window().availablePermits()));
        long now = System.nanoTime(), total = submitted.get();
        double seconds = (now - lastSample[1]) / 1e9;
        out.put("submitted", total);
        out.put("submit_rate", seconds > 0 ? Math.round((total - lastSample[0]) / seconds * 10) / 10.0 : 0.0);
        lastSample = new long[] {total, now};
        out.put("receipts", receiptsRecorded.get());
        out.put("errors", refused.get());
        out.put("last_error", lastError);
        out.put("last_error_at", lastErrorAt == 0 ? null : lastErrorAt);
        return List.of(out);
    }

    private SubmitResult accepted(Message m, List<String> ids) {
        return new SubmitResult.Accepted(List.copyOf(ids), SubmittedParts.journal(s.name(), m.id(), List.copyOf(ids), clock.millis()));
    }

    private void pause() {
        pausedUntil.accumulateAndGet(System.nanoTime() + s.throttleBackoffMillis() * 1_000_000, (a, b) -> a - b > 0 ? a : b);
    }

    private SubmitResult refused(int status, String where, List<String> sentIds) {
        String error = where + SmppStatus.describe(status);
        return SmppStatus.isTemporary(status) ? new SubmitResult.TemporaryFailure(error) : permanent(error, sentIds);
    }

    private SubmitResult failure(Throwable error, String where, List<String> sentIds) {
        return switch (error) {
            case TimeoutException t -> new SubmitResult.TemporaryFailure(where + t.getMessage());
            case IllegalArgumentException e -> permanent(where + "invalid submit_sm: " + e.getMessage(), sentIds);
            default -> new SubmitResult.TemporaryFailure(where + "connection: " + error.getMessage());
        };
    }

    private static Throwable unwrap(Throwable t) {
        return t instanceof java.util.concurrent.CompletionException && t.getCause() != null ? t.getCause() : t;
    }

    /** A later part refused for good after earlier ones went out: the message fails; the parts sent are logged. */
    private SubmitResult permanent(String error, List<String> sentIds) {
        if (!sentIds.isEmpty()) log.warn("smpp {}: message failed after {} part(s) were submitted ({}): {}", s.name(), sentIds.size(), sentIds, error);
        return new SubmitResult.PermanentFailure(error);
    }

    /** Receipts and inbound SMS are both recorded before the SMSC hears deliver_sm_resp. */
    private void onDeliver(DeliverSm d) throws ProcessRequestException {
        if (!Receipts.isReceipt(d)) {
            received(d);
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
        receiptsRecorded.incrementAndGet();
        if (r.status() != null && r.status().isFinal()) awaiting.remove(r.smscId());
    }

    /** An inbound SMS (or a part of one), handed over with its octets and concatenation TLVs as they came. */
    private void received(DeliverSm d) throws ProcessRequestException {
        InboundSms sms = new InboundSms(s.name(), d.getSourceAddr(), d.getDestAddress(), d.getDataCoding() & 0xFF,
                d.getEsmClass() & 0xFF, d.getShortMessage() == null ? new byte[0] : d.getShortMessage(),
                tlvInt(d, OptionalParameter.Tag.SAR_MSG_REF_NUM), tlvInt(d, OptionalParameter.Tag.SAR_TOTAL_SEGMENTS),
                tlvInt(d, OptionalParameter.Tag.SAR_SEGMENT_SEQNUM),
                d.getOptionalParameter(OptionalParameter.Tag.MESSAGE_PAYLOAD) instanceof OptionalParameter.OctetString o ? o.getValue() : null,
                clock.millis());
        try {
            inbound.apply(sms).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            // Not acknowledged: the SMSC delivers it again later.
            throw new ProcessRequestException("inbound SMS not recorded: " + e.getMessage(), TEMPORARY_APP_ERROR);
        }
    }

    private static Integer tlvInt(DeliverSm d, OptionalParameter.Tag tag) {
        return switch (d.getOptionalParameter(tag)) {
            case OptionalParameter.Short v -> v.getValue() & 0xFFFF;
            case OptionalParameter.Byte v -> v.getValue() & 0xFF;
            case null, default -> null;
        };
    }

    /**
     * The part a receipt is about: this run's submits from memory, older ones (after a restart) from the store. A
     * receipt can also overtake the answer to its own submit (the reader completes the answer while the receipt is
     * handled on another thread), so while submits are under way a miss is looked for again for a moment. The store
     * is asked first, so receipts of earlier runs never wait.
     */
    private SubmittedParts.PartRef find(String smscId) {
        SubmittedParts.PartRef ref = awaiting.get(smscId);
        if (ref != null) return ref;
        ref = SubmittedParts.find(store, s.name(), smscId);
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
        return ref;
    }

    @Override
    public void close() {
        for (Binding b : bindings.reversed()) b.close();
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
