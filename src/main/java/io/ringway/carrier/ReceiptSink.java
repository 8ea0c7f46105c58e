package io.ringway.carrier;

import io.ringway.message.MessageStatus;

/** Where connectors report what a carrier said about a message after taking it. */
@FunctionalInterface
public interface ReceiptSink {
    void report(long messageId, MessageStatus status, String error);
}
