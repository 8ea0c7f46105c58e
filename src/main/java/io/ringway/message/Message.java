package io.ringway.message;

/** One stored SMS to one recipient (all its parts), as the dispatcher and the status API see it. */
public record Message(
        long id,
        long accountId,
        String sender,
        String recipient,
        String text,
        Encoding encoding,
        int parts,
        long priceMicros,
        String udh,
        boolean flash,
        int ttlMinutes,
        String label,
        String foreignId,
        MessageStatus status,
        long statusAt,
        long dueAt,
        String connector,
        int attempts) {

    /** The parts as they go to a carrier; binary messages carry their payload hex-encoded in {@code text}. */
    public SmsBody body() {
        if (encoding == Encoding.BINARY) return Segmenter.binary(Segmenter.parseHex(udh), Segmenter.parseHex(text));
        return Segmenter.encode(text, encoding == Encoding.UCS2);
    }
}
