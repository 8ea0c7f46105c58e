package io.ringway.inbound;

/**
 * A stored inbound SMS as the journal shows it. {@code sender} and {@code recipient} are normalized
 * ({@link InboundNumbers#normalize}); {@code text} is hex when {@code binary}; {@code missingParts} lists the parts of
 * a concatenated SMS that never came ("2,3"), each marked in the text, and is null when it is complete.
 */
public record InboundMessage(long id, String sender, String recipient, String text, boolean binary, int parts,
                             String missingParts, long receivedAt) {}
