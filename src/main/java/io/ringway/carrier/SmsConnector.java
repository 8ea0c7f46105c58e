package io.ringway.carrier;

import io.ringway.message.Message;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * A way to hand SMS to a carrier: the sandbox, an SMPP bind, ... The dispatcher calls {@link #submit} from its
 * threads; implementations answer asynchronously (an SMSC answers submits out of order within a window) and report
 * delivery receipts to the sink given at {@link #start}.
 */
public interface SmsConnector extends AutoCloseable {
    /** Stable name, stored with each message the connector took. */
    String name();

    void start(ReceiptSink receipts);

    CompletionStage<SubmitResult> submit(Message message);

    /** After a restart: messages this connector took earlier and has not reported on yet. */
    default void resume(List<Message> inFlight) {}

    @Override
    void close();
}
