package io.ringway.inbound;

import java.util.Arrays;

/**
 * The user data of one deliver_sm: its octets without the user data header, their alphabet, and, for a part of a
 * concatenated SMS, where it belongs.
 */
record UserData(int dataCoding, Alphabet alphabet, byte[] octets, Concat concat) {
    private static final int UDHI = 0x40;
    private static final int IE_CONCAT_8 = 0x00;
    private static final int IE_CONCAT_16 = 0x08;

    /** Part {@code seq} of {@code total} of the concatenated SMS {@code reference}. */
    record Concat(int reference, int total, int seq) {
        /**
         * Null unless it describes a real part: a "1 of 1" or a sequence number outside the total is what a
         * broken sender writes for an SMS that is not concatenated, so it is kept as one SMS instead of waiting forever
         * for parts that cannot come.
         */
        static Concat ofValid(int reference, int total, int seq) {
            return total >= 2 && total <= 255 && seq >= 1 && seq <= total ? new Concat(reference, total, seq) : null;
        }
    }

    static UserData of(InboundSms sms) {
        byte[] data = sms.messagePayload() != null ? sms.messagePayload() : sms.shortMessage() != null ? sms.shortMessage() : new byte[0];
        Concat concat = null;
        byte[] octets = data;
        if ((sms.esmClass() & UDHI) != 0 && data.length > 0 && 1 + (data[0] & 0xFF) <= data.length) {
            int udhEnd = 1 + (data[0] & 0xFF);
            concat = concatFromUdh(data, udhEnd);
            octets = Arrays.copyOfRange(data, udhEnd, data.length);
        }
        // The SAR TLVs say it explicitly; a UDH concatenation element is used when they are absent.
        if (sms.sarRef() != null && sms.sarTotal() != null && sms.sarSeq() != null) {
            concat = Concat.ofValid(sms.sarRef() & 0xFFFF, sms.sarTotal(), sms.sarSeq());
        }
        return new UserData(sms.dataCoding(), Alphabet.of(sms.dataCoding()), octets, concat);
    }

    /** The concatenation element of the header in {@code data[1..end)}, 8-bit (IE 0x00) or 16-bit (IE 0x08) reference. */
    private static Concat concatFromUdh(byte[] data, int end) {
        int i = 1;
        while (i + 2 <= end) {
            int iei = data[i] & 0xFF;
            int len = data[i + 1] & 0xFF;
            int at = i + 2;
            if (at + len > end) return null;
            if (iei == IE_CONCAT_8 && len == 3) {
                return Concat.ofValid(data[at] & 0xFF, data[at + 1] & 0xFF, data[at + 2] & 0xFF);
            }
            if (iei == IE_CONCAT_16 && len == 4) {
                return Concat.ofValid(((data[at] & 0xFF) << 8) | (data[at + 1] & 0xFF), data[at + 2] & 0xFF, data[at + 3] & 0xFF);
            }
            i = at + len;
        }
        return null;
    }
}
