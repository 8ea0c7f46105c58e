package io.ringway.message;

/** The sms77 statuses of a message, as {@code /api/status} and DLR webhooks report them. */
public enum MessageStatus {
    /** Stored by Ringway and waiting for (or being handed to) a carrier. */
    ACCEPTED,
    /** The carrier holds it because the handset is unreachable for now. */
    BUFFERED,
    /** Handed to the carrier (SMSC took the submit). */
    TRANSMITTED,
    DELIVERED,
    NOTDELIVERED,
    EXPIRED,
    REJECTED,
    /** Ringway could not hand it to any carrier. */
    FAILED,
    UNKNOWN;

    public boolean isFinal() {
        return switch (this) {
            case DELIVERED, NOTDELIVERED, EXPIRED, REJECTED, FAILED -> true;
            default -> false;
        };
    }
}
