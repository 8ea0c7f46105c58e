package io.ringway.media;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * One RTP packet (RFC 3550 §5.1) as Ringway sends and reads it: the fixed 12-byte header and the payload. Ringway
 * writes no CSRCs, header extension or padding, but reads packets that have them, because other endpoints (mixers,
 * SBCs, WebRTC gateways) do send them.
 *
 * <p>Payload types 64–95 are neither written nor read: with the marker set their second byte is 192–223, RTCP's packet
 * types (RFC 5761 §4 says not to use them), so an RTCP packet arriving on the RTP port (rtcp-mux, or a confused peer)
 * is not taken for audio.
 *
 * @param sequence 16-bit sequence number, 0–65535
 * @param timestamp 32-bit RTP timestamp, 0–2³²−1
 * @param ssrc synchronization source, any 32-bit value
 */
public record RtpPacket(boolean marker, int payloadType, int sequence, long timestamp, int ssrc, byte[] payload) {
    public static final int HEADER_BYTES = 12;
    private static final int VERSION = 2;

    public RtpPacket {
        checkHeader(payloadType, sequence, timestamp);
        payload = payload.clone();
    }

    @Override
    public byte[] payload() { return payload.clone(); }

    public int payloadLength() { return payload.length; }

    /** Writes header and payload at {@code into}'s position, which moves past them. */
    public void write(ByteBuffer into) {
        writeHeader(into, marker, payloadType, sequence, timestamp, ssrc);
        into.put(payload);
    }

    /** The 12-byte fixed header alone, at {@code into}'s position: for senders that put the payload in place themselves. */
    static void writeHeader(ByteBuffer into, boolean marker, int payloadType, int sequence, long timestamp, int ssrc) {
        checkHeader(payloadType, sequence, timestamp);
        into.put((byte) (VERSION << 6));
        into.put((byte) ((marker ? 0x80 : 0) | payloadType));
        into.putShort((short) sequence);
        into.putInt((int) timestamp);
        into.putInt(ssrc);
    }

    private static void checkHeader(int payloadType, int sequence, long timestamp) {
        if (payloadType < 0 || payloadType > 127) throw new IllegalArgumentException("payload type out of range: " + payloadType);
        if (payloadType >= 64 && payloadType <= 95) {
            throw new IllegalArgumentException("payload type " + payloadType + " collides with RTCP (RFC 5761 §4)");
        }
        if (sequence < 0 || sequence > 0xFFFF) throw new IllegalArgumentException("sequence out of range: " + sequence);
        if (timestamp < 0 || timestamp > 0xFFFF_FFFFL) throw new IllegalArgumentException("timestamp out of range: " + timestamp);
    }

    /** The datagram from {@code from}'s position to its limit; the buffer is not moved. {@code null} when not RTP. */
    public static RtpPacket parse(ByteBuffer from) {
        Header h = Header.read(from);
        if (h == null) return null;
        byte[] payload = new byte[h.payloadLength()];
        from.get(from.position() + h.payloadOffset(), payload);
        return new RtpPacket(h.marker(), h.payloadType(), h.sequence(), h.timestamp(), h.ssrc(), payload);
    }

    /**
     * The header of a received datagram, and where in it the payload lies ({@code payloadOffset} from the datagram's
     * start), without copying the payload: the receive path reads audio straight from the buffer.
     */
    record Header(boolean marker, int payloadType, int sequence, long timestamp, int ssrc, int payloadOffset, int payloadLength) {

        /**
         * Reads the datagram between {@code from}'s position and limit, leaving the buffer as it was. Refused
         * ({@code null}): shorter than 12 bytes, a version other than 2, a payload type of 64–95 (RTCP), CSRCs or a header
         * extension running past the end, a padding count of 0 or larger than what follows the header.
         */
        static Header read(ByteBuffer from) {
            int start = from.position(), length = from.remaining();
            if (length < HEADER_BYTES) return null;
            int first = from.get(start) & 0xFF, second = from.get(start + 1) & 0xFF;
            if (first >>> 6 != VERSION) return null;
            int payloadType = second & 0x7F;
            if (payloadType >= 64 && payloadType <= 95) return null;
            int offset = HEADER_BYTES + 4 * (first & 0x0F);
            if (offset > length) return null;
            if ((first & 0x10) != 0) {
                if (offset + 4 > length) return null;
                offset += 4 + 4 * (from.getShort(start + offset + 2) & 0xFFFF);
                if (offset > length) return null;
            }
            int end = length;
            if ((first & 0x20) != 0) {
                int padding = from.get(start + length - 1) & 0xFF; // counts itself, so at least 1
                if (padding == 0 || padding > length - offset) return null;
                end -= padding;
            }
            return new Header((second & 0x80) != 0, payloadType, from.getShort(start + 2) & 0xFFFF,
                    from.getInt(start + 4) & 0xFFFF_FFFFL, from.getInt(start + 8), offset, end - offset);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RtpPacket p && marker == p.marker && payloadType == p.payloadType && sequence == p.sequence
                && timestamp == p.timestamp && ssrc == p.ssrc && Arrays.equals(payload, p.payload);
    }

    @Override
    public int hashCode() { return ((((Boolean.hashCode(marker) * 31 + payloadType) * 31 + sequence) * 31 + Long.hashCode(timestamp)) * 31 + ssrc) * 31 + Arrays.hashCode(payload); }

    @Override
    public String toString() {
        String head = HexFormat.of().formatHex(payload, 0, Math.min(8, payload.length));
        return "RtpPacket[pt=" + payloadType + (marker ? " M" : "") + " seq=" + sequence + " ts=" + timestamp
                + " ssrc=" + Integer.toUnsignedString(ssrc, 16) + " " + payload.length + " bytes " + head + (payload.length > 8 ? "…]" : "]");
    }
}
