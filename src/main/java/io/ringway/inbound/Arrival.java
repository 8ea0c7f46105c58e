package io.ringway.inbound;

/**
 * An inbound SMS ready to be stored: one deliver_sm's text, or the parts of a concatenated SMS joined in sequence
 * order. {@code missingParts} lists the sequence numbers that never came ("2,3"), null when nothing is missing;
 * {@code concatRef}, {@code concatTotal} and {@code partDigests} are set for concatenated SMS only.
 */
record Arrival(String connector, String sender, String recipient, String text, boolean binary, int dataCoding, int parts,
               String missingParts, Integer concatRef, Integer concatTotal, String partDigests, long receivedAt) {

    static Arrival single(String connector, String sender, String recipient, UserData data, long receivedAt) {
        return new Arrival(connector, sender, recipient, data.alphabet().decode(data.octets()), data.alphabet().binary(),
                data.dataCoding(), 1, null, null, null, null, receivedAt);
    }
}
