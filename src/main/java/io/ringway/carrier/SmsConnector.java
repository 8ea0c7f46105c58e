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

    /** The names messages it took are stored under (several for a connector that routes to others). */
    default List<String> names() { return List.of(name()); }

    /** Whether it can take a submit now (an SMPP connector without a bound link cannot); routing prefers those that can. */
    default boolean available() { return true; }

    /** What an operator sees of it (name, state, counters), as JSON-ready values; several for a routing connector. */
    default List<java.util.Map<String, Object>> status() { return List.of(java.util.Map.of("name", name(), "state", "ready")); }

    /** After a restart: messages this connector took earlier and has not reported on yet. */
    default void resume(List<Message> inFlight) {}

    @Override
    void close();
}
