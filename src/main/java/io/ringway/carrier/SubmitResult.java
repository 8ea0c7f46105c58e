package io.ringway.carrier;

import io.ringway.store.Tx;

import java.util.List;

/** A carrier's answer to a submit. */
public sealed interface SubmitResult {
    /**
     * Taken. {@code journal} is the connector's own record of it (e.g. SMSC message ids for receipt matching); the
     * dispatcher writes it in the transaction that marks the message TRANSMITTED.
     */
    record Accepted(List<String> carrierIds, Tx<Void> journal) implements SubmitResult {}

    /** Not now (throttled, queue full, connection lost): try again later. */
    record TemporaryFailure(String error) implements SubmitResult {}

    /** Never (invalid destination, refused content): the message fails. */
    record PermanentFailure(String error) implements SubmitResult {}
}
