package io.ringway.carrier;

import io.ringway.message.MessageStatus;
import io.ringway.store.Tx;

import java.util.concurrent.CompletionStage;

/** Where connectors report what a carrier said about a message after taking it. */
public interface ReceiptSink {
    /** The carrier's word on a whole message (BUFFERED or a final status). */
    void report(long messageId, MessageStatus status, String error);

    /**
     * A receipt whose effect is decided in the recording transaction: {@code decide} stores what the connector keeps
     * (a part's receipt) and returns the message's new status, or null while the message's parts do not decide one
     * yet. Completes once recorded, so a connector can acknowledge the receipt to the carrier only then.
     */
    CompletionStage<Void> report(long messageId, Tx<MessageStatus> decide, String error);
}
