package io.ringway.carrier.smpp;

import io.ringway.message.Encoding;
import io.ringway.message.Message;
import io.ringway.message.Segmenter;
import io.ringway.message.SmsBody;
import org.jsmpp.bean.OptionalParameter;
import org.jsmpp.bean.OptionalParameters;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The submit_sm PDUs of one message, as the connector's settings want them: GSM text as unpacked septets (one per
 * octet, the SMPP convention) with data_coding 0 or 1, UCS-2 with 8, binary with 4; flash as message class 0;
 * concatenation by 8- or 16-bit UDH reference, SAR TLVs, or the whole text in one message_payload.
 */
final class SubmitParts {
    /** One submit_sm's content. */
    record Part(int esmClass, int dataCoding, byte[] shortMessage, OptionalParameter[] tlvs) {}

    private static final int UDH_INDICATOR = 0x40;

    private SubmitParts() {}

    /** {@code reference}: the concatenation reference for this message (used only when it has several parts). */
    static List<Part> of(Message m, SmppSettings s, int reference) {
        SmsBody body = m.body();
        int coding = dataCoding(m.encoding(), m.flash(), s.gsmDataCoding());
        if (m.encoding() == Encoding.BINARY) {
            byte[] udh = m.udh() == null || m.udh().isBlank() ? new byte[0] : Segmenter.parseHex(m.udh());
            byte[] data = body.parts().get(0);
            return List.of(new Part(udh.length > 0 ? UDH_INDICATOR : 0, coding, concat(udh, data), OptionalParameters.EMPTY_OPTIONAL_PARAMETERS));
        }
        List<byte[]> parts = body.parts();
        if (parts.size() == 1) return List.of(new Part(0, coding, parts.get(0), OptionalParameters.EMPTY_OPTIONAL_PARAMETERS));
        List<Part> out = new ArrayList<>(parts.size());
        switch (s.longMessages()) {
            case PAYLOAD -> out.add(new Part(0, coding, new byte[0],
                    new OptionalParameter[] {new OptionalParameter.Message_payload(joined(parts))}));
            case SAR -> {
                for (int i = 0; i < parts.size(); i++) {
                    out.add(new Part(0, coding, parts.get(i), new OptionalParameter[] {
                            OptionalParameters.newSarMsgRefNum((short) (reference & 0xFFFF)),
                            OptionalParameters.newSarTotalSegments(parts.size()),
                            OptionalParameters.newSarSegmentSeqnum(i + 1)}));
                }
            }
            case UDH8 -> {
                for (int i = 0; i < parts.size(); i++) {
                    byte[] udh = {5, 0, 3, (byte) reference, (byte) parts.size(), (byte) (i + 1)};
                    out.add(new Part(UDH_INDICATOR, coding, concat(udh, parts.get(i)), OptionalParameters.EMPTY_OPTIONAL_PARAMETERS));
                }
            }
            case UDH16 -> {
                // The 16-bit reference makes the header one octet longer, so the text is split again, a little shorter.
                List<byte[]> chunks = m.encoding() == Encoding.UCS2 ? splitUcs2(joined(parts), 66) : splitGsm(joined(parts), 152);
                for (int i = 0; i < chunks.size(); i++) {
                    byte[] udh = {6, 8, 4, (byte) (reference >> 8), (byte) reference, (byte) chunks.size(), (byte) (i + 1)};
                    out.add(new Part(UDH_INDICATOR, coding, concat(udh, chunks.get(i)), OptionalParameters.EMPTY_OPTIONAL_PARAMETERS));
                }
            }
        }
        return out;
    }

    /** SMPP data_coding: GSM as configured (0 or 1), UCS-2 8, binary 4; flash sets message class 0 (0x10, 0x18, 0x14). */
    static int dataCoding(Encoding e, boolean flash, int gsmCoding) {
        return switch (e) {
            case GSM -> flash ? 0x10 : gsmCoding;
            case UCS2 -> flash ? 0x18 : 0x08;
            case BINARY -> flash ? 0x14 : 0x04;
        };
    }

    /** SMPP relative validity ("YYMMDDhhmmss000R") for a time to live in minutes; empty for none. */
    static String validity(int ttlMinutes) {
        if (ttlMinutes <= 0) return null;
        int days = Math.min(ttlMinutes / 1440, 99 * 30), hours = ttlMinutes % 1440 / 60, minutes = ttlMinutes % 60;
        int months = days / 30;
        days %= 30;
        return String.format("00%02d%02d%02d%02d00000R", months, days, hours, minutes);
    }

    private static byte[] joined(List<byte[]> parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** Unpacked septets in chunks of at most {@code max}, never splitting an escape (0x1B) from the character after it. */
    private static List<byte[]> splitGsm(byte[] septets, int max) {
        List<byte[]> out = new ArrayList<>();
        int start = 0;
        while (start < septets.length) {
            int end = Math.min(start + max, septets.length);
            if (end < septets.length && septets[end - 1] == 0x1B) end--;
            out.add(java.util.Arrays.copyOfRange(septets, start, end));
            start = end;
        }
        return out;
    }

    /** UTF-16BE in chunks of at most {@code max} code units, never splitting a surrogate pair. */
    private static List<byte[]> splitUcs2(byte[] utf16, int max) {
        List<byte[]> out = new ArrayList<>();
        int units = utf16.length / 2, start = 0;
        while (start < units) {
            int end = Math.min(start + max, units);
            if (end < units && Character.isHighSurrogate((char) (((utf16[2 * end - 2] & 0xFF) << 8) | (utf16[2 * end - 1] & 0xFF)))) end--;
            out.add(java.util.Arrays.copyOfRange(utf16, 2 * start, 2 * end));
            start = end;
        }
        return out;
    }
}
