package io.ringway.dispatch;

import io.ringway.carrier.ReceiptSink;
import io.ringway.carrier.SmsConnector;
import io.ringway.carrier.SubmitResult;
import io.ringway.message.Message;
import io.ringway.message.MessageQueue;
import io.ringway.message.MessageStatus;
import io.ringway.store.BatchRecorder;
import io.ringway.store.Tx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Moves accepted messages to carriers. Messages reach it two ways: handed over right after they were accepted
 * (already leased to this node, so nothing else sends them), and claimed from the store by a poller (scheduled
 * messages, retries, and anything left over by a crash). Carrier answers and receipts are recorded by one recorder
 * thread, many per store write.
 */
public final class Dispatcher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

    /** What became of a handed-over message by the time its submit was answered. */
    public enum Handoff { SUBMITTED, FAILED, QUEUED }

    public record Options(long pollMillis, int claimBatch, int capacity, boolean releaseAllLeasesOnStart) {}

    private record Job(Message message, CompletableFuture<Handoff> waiter) {}

    private record Pending(MessageQueue.Outcome outcome, Runnable afterCommit) {}

    private final MessageQueue queue;
    private final SmsConnector connector;
    private final Clock clock;
    private final Options options;
    private final LinkedBlockingQueue<Job> jobs = new LinkedBlockingQueue<>();
    // The store refusing keeps the outcomes for another try: they are the only copy of what carriers said. A few are
    // gathered for 2 ms: an SMSC answers submits one by one, and recording each trickle was a commit (an fsync) of
    // its own, doubling the store's CPU per message; API replies do not wait for this record.
    private final BatchRecorder<Pending> outcomes = new BatchRecorder<>("dispatch-recorder", 4096, 64, 2, this::recordBatch);
    private final List<Thread> threads = new ArrayList<>();
    private final HandoffDeadlines deadlines = new HandoffDeadlines();
    private volatile boolean running;

    public Dispatcher(MessageQueue queue, SmsConnector connector, Clock clock, Options options) {
        this.queue = queue;
        this.connector = connector;
        this.clock = clock;
        this.options = options;
    }

    public void start() {
        int released = queue.releaseLeases(options.releaseAllLeasesOnStart());
        if (released > 0) log.info("{} messages left over from the last run are queued again", released);
        running = true;
        connector.start(new ReceiptSink() {
            @Override
            public void report(long messageId, MessageStatus status, String error) {
                record(new MessageQueue.Reported(messageId, status, clock.millis(), error), null);
            }

            @Override
            public CompletionStage<Void> report(long messageId, Tx<MessageStatus> decide, String error) {
                CompletableFuture<Void> recorded = new CompletableFuture<>();
                record(new MessageQueue.Decided(messageId, decide, clock.millis(), error), () -> recorded.complete(null));
                return recorded;
            }
        });
        List<Message> inFlight = new ArrayList<>();
        for (String name : connector.names()) inFlight.addAll(queue.inFlight(name));
        if (!inFlight.isEmpty()) log.info("{} messages await receipts from {}", inFlight.size(), connector.names());
        connector.resume(inFlight);
        threads.add(Thread.ofPlatform().name("dispatch-sender").start(this::sendLoop));
        outcomes.start();
        deadlines.start();
        threads.add(Thread.ofPlatform().name("dispatch-poller").start(this::pollLoop));
    }

    /**
     * Takes messages just accepted (and leased to this node). The futures complete when the carrier answered:
     * SUBMITTED, FAILED (recorded and refunded by then) or QUEUED (will be retried later), or with QUEUED once
     * {@code awaitMillis} passed without an answer (the message goes on without a waiter).
     */
    public List<CompletableFuture<Handoff>> handOff(List<Message> messages, long awaitMillis) {
        List<CompletableFuture<Handoff>> waiters = new ArrayList<>(messages.size());
        if (!running) {
            // Shutting down: give the leases back so the next start (or another node) sends them.
            queue.release(messages.stream().map(Message::id).toList());
            for (int i = 0; i < messages.size(); i++) waiters.add(CompletableFuture.completedFuture(Handoff.QUEUED));
            return waiters;
        }
        // Submitted on the caller's thread: connectors answer asynchronously anyway, and skipping the hop to the
        // sender thread takes a context switch off every API request.
        for (Message m : messages) {
            Job job = new Job(m, new CompletableFuture<>());
            waiters.add(job.waiter());
            submit(job);
            deadlines.add(awaitMillis, job.waiter());
        }
        return waiters;
    }

    private void sendLoop() {
        while (running) {
            Job job;
            try {
                job = jobs.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (job != null) submit(job);
        }
    }

    private void submit(Job job) {
        try {
            connector.submit(job.message()).whenComplete((result, error) -> onAnswer(job, result, error));
        } catch (RuntimeException e) {
            onAnswer(job, null, e);
        }
    }

    private void onAnswer(Job job, SubmitResult result, Throwable error) {
        Message m = job.message();
        if (error != null) result = new SubmitResult.TemporaryFailure(String.valueOf(error.getMessage()));
        switch (result) {
            case SubmitResult.Accepted a -> {
                record(new MessageQueue.Submitted(m.id(), a.connector() != null ? a.connector() : connector.name(), a.journal()), null);
                complete(job, Handoff.SUBMITTED);
            }
            case SubmitResult.TemporaryFailure t -> {
                record(new MessageQueue.Retry(m.id(), clock.millis() + RetrySchedule.delayMillis(m.attempts() + 1), t.error()), null);
                complete(job, Handoff.QUEUED);
            }
            case SubmitResult.PermanentFailure p -> record(new MessageQueue.Failed(m.id(), p.connector() != null ? p.connector() : connector.name(), p.error()),
                    () -> complete(job, Handoff.FAILED));
        }
    }

    private static void complete(Job job, Handoff handoff) {
        if (job.waiter() != null) job.waiter().complete(handoff);
    }

    private void record(MessageQueue.Outcome outcome, Runnable afterCommit) {
        outcomes.add(new Pending(outcome, afterCommit));
    }

    private void recordBatch(List<Pending> batch) {
        queue.record(batch.stream().map(Pending::outcome).toList()).join();
        for (Pending p : batch) if (p.afterCommit() != null) p.afterCommit().run();
    }

    private void pollLoop() {
        long nextHousekeeping = 0;
        while (running) {
            try {
                if (jobs.size() < options.capacity() / 2) {
                    List<Message> due = queue.claimDue(options.claimBatch());
                    for (Message m : due) jobs.add(new Job(m, null));
                    if (due.size() == options.claimBatch()) continue;
                }
                if (clock.millis() >= nextHousekeeping) {
                    queue.housekeeping();
                    nextHousekeeping = clock.millis() + 60_000;
                }
                Thread.sleep(options.pollMillis());
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.error("claiming due messages failed: {}", e.getMessage());
                LockSupport.parkNanos(1_000_000_000L); // back off a second; the loop ends by itself once running is false
            }
        }
    }

    /** Stops taking work, lets the recorder write what carriers already answered, then closes the connector. */
    @Override
    public void close() {
        running = false;
        for (Thread t : threads) {
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        outcomes.close();
        deadlines.close();
        connector.close();
        // Messages still in memory keep their lease; the next start releases it (SQLite) or it expires (PostgreSQL).
    }
}
