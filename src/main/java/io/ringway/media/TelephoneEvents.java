package io.ringway.media;

import java.nio.ByteBuffer;
import java.util.function.Consumer;

/**
 * Key presses out of RFC 4733 telephone-event packets. A sender reports one key press as a run of packets that all
 * carry the RTP timestamp of the key's start (the duration grows from packet to packet) and ends it with three copies
 * of an end packet; packets may also be sent again as redundancy. So the timestamp names the press: the first packet
 * with a timestamp not seen before is reported at once, every later one with that timestamp is the same press. The
 * same key pressed again starts at a new timestamp and is a new press.
 *
 * <p>Only events 0–15 (0–9, *, #, A–D) are keys; the others (flash, tones of RFC 4734) are ignored. A key held longer
 * than the 16-bit duration field covers (8.19 s at 8 kHz) goes on in a new segment with a new timestamp
 * (RFC 4733 §2.5.1.3); a segment that starts where the unfinished previous one of the same key ran out is no new press.
 *
 * <p>Not thread-safe: one session's receiving thread feeds it.
 */
final class TelephoneEvents {
    static final String KEYS = "0123456789*#ABCD";
    private static final int PAYLOAD_BYTES = 4;
    private static final long SEGMENT = 0xFFFF;
    private static final long SEGMENT_SLACK = AudioClip.RATE; // a second of lost packets around the segment boundary
    /** Earlier presses remembered, so that a late copy of one (reordering, redundancy) is not a new press. */
    private static final int REMEMBERED = 16;

    private final Consumer<Character> keys;
    private final long[] seen = new long[REMEMBERED];
    private int seenCount, seenNext;
    private long current = -1;
    private int currentEvent;
    private boolean currentEnded;

    TelephoneEvents(Consumer<Character> keys) { this.keys = keys; }

    /** A packet of the negotiated telephone-event payload type: its RTP timestamp, and its payload from position to limit. */
    void receive(long timestamp, ByteBuffer payload) {
        if (payload.remaining() < PAYLOAD_BYTES) return;
        int at = payload.position();
        int event = payload.get(at) & 0xFF;
        boolean end = (payload.get(at + 1) & 0x80) != 0;
        if (event >= KEYS.length()) return;
        if (timestamp == current) {
            currentEnded |= end;
            return;
        }
        if (seenBefore(timestamp)) return;
        boolean continuation = current >= 0 && !currentEnded && event == currentEvent
                && Math.abs(((timestamp - current) & 0xFFFF_FFFFL) - SEGMENT) <= SEGMENT_SLACK;
        remember(timestamp);
        current = timestamp;
        currentEvent = event;
        currentEnded = end;
        if (!continuation) keys.accept(KEYS.charAt(event));
    }

    private boolean seenBefore(long timestamp) {
        for (int i = 0; i < seenCount; i++) if (seen[i] == timestamp) return true;
        return false;
    }

    private void remember(long timestamp) {
        seen[seenNext] = timestamp;
        seenNext = (seenNext + 1) % REMEMBERED;
        seenCount = Math.min(seenCount + 1, REMEMBERED);
    }
}
