package io.ringway.carrier.sandbox;

import io.ringway.carrier.ReceiptSink;
import io.ringway.carrier.SmsConnector;
import io.ringway.carrier.SubmitResult;
import io.ringway.message.Message;
import io.ringway.message.MessageStatus;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A simulated SMSC. Its "received" log is the {@code sandbox_submits} table, written in the same transaction that
 * marks a message TRANSMITTED, so the log shows exactly the submits Ringway recorded: a message submitted twice (a
 * dispatcher bug) shows up as two rows.
 */
final class SandboxSmsc implements SmsConnector {
    private final long receiptDelayMillis;
    private final Clock clock;
    /**
     * Receipts waiting for their time. Every receipt waits the same delay after its submit, so they fall due in the
     * order they were queued: a FIFO and one thread sleeping until the head is due, instead of a timer heap.
     */
    private final LinkedBlockingQueue<Due> due = new LinkedBlockingQueue<>();
    private final Thread reporter;
    private volatile ReceiptSink receipts;

    /** Only what the receipt needs: holding whole messages for the receipt delay made every young GC copy them. */
    private record Due(long at, long messageId, String recipient) {}

    SandboxSmsc(long receiptDelayMillis, Clock clock) {
        this.receiptDelayMillis = receiptDelayMillis;
        this.clock = clock;
        this.reporter = Thread.ofPlatform().name("sandbox-receipts").daemon(true).unstarted(this::reportWhenDue);
    }

    @Override
    public String name() { return Sandbox.NAME; }

    @Override
    public void start(ReceiptSink sink) {
        this.receipts = sink;
        reporter.start();
    }

    @Override
    public CompletionStage<SubmitResult> submit(Message m) {
        if (m.recipient().endsWith("9004")) {
            return CompletableFuture.completedFuture(new SubmitResult.PermanentFailure("sandbox: recipient ...9004 refuses every submit"));
        }
        long at = clock.millis();
        scheduleReceipt(m, receiptDelayMillis);
        return CompletableFuture.completedFuture(new SubmitResult.Accepted(List.of("sandbox-" + m.id()), sql -> {
            sql.insertLater("sandbox_submits", "message_id, recipient, parts, submitted_at", m.id(), m.recipient(), m.parts(), at);
            return null;
        }));
    }

    /** Receipts that were due while Ringway was down are reported now; the rest when their delay is over. */
    @Override
    public void resume(List<Message> inFlight) {
        long now = clock.millis();
        for (Message m : inFlight) scheduleReceipt(m, Math.max(0, m.statusAt() + receiptDelayMillis - now));
    }

    private void scheduleReceipt(Message m, long delay) {
        due.add(new Due(clock.millis() + delay, m.id(), m.recipient()));
    }

    private void reportWhenDue() {
        try {
            while (true) {
                Due next = due.take();
                long wait = next.at() - clock.millis();
                if (wait > 0) Thread.sleep(wait);
                receipts.report(next.messageId(), outcome(next.recipient()), null);
            }
        } catch (InterruptedException e) {
            // closed
        }
    }

    static MessageStatus outcome(String recipient) {
        if (recipient.endsWith("9001")) return MessageStatus.NOTDELIVERED;
        if (recipient.endsWith("9002")) return MessageStatus.EXPIRED;
        if (recipient.endsWith("9003")) return MessageStatus.REJECTED;
        return MessageStatus.DELIVERED;
    }

    @Override
    public void close() { reporter.interrupt(); }
}
