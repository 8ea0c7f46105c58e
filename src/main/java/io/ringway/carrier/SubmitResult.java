package io.ringway.carrier;

import io.ringway.store.Tx;

import java.util.List;

/** A carrier's answer to a submit. */
public sealed interface SubmitResult {
    /**
     * Taken. {@code journal} is the connector's own record of it (e.g. SMSC message ids for receipt matching); the
     * dispatcher writes it in the transaction that marks the message TRANSMITTED.
     */
    record Accepted(List<String> carrierIds, Tx<Void> journal, String connector) implements SubmitResult {
        public Accepted(List<String> carrierIds, Tx<Void> journal) { this(carrierIds, journal, null); }

        /** The same, naming the connector that took it (when the dispatcher's connector routes to several). */
        public Accepted by(String name) { return connector != null ? this : new Accepted(carrierIds, journal, name); }
    }

    /** Not now (throttled, queue full, connection lost): try again later. */
    record TemporaryFailure(String error) implements SubmitResult {}

    /** Never (invalid destination, refused content): the message fails. */
    record PermanentFailure(String error, String connector) implements SubmitResult {
        public PermanentFailure(String error) { this(error, null); }

        public PermanentFailure by(String name) { return connector != null ? this : new PermanentFailure(error, name); }
    }
}
