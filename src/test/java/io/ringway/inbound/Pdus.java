package io.ringway.inbound;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * deliver_sm contents as SMSCs send them, written out octet by octet here (not with Ringway's encoders), so the tests
 * check decoding against the specifications rather than against our own encoding.
 */
final class Pdus {
    static final String CONNECTOR = "smsc1";
    static final int UDHI = 0x40;

    private Pdus() {}

    static InboundSms sms(String from, String to, int dataCoding, byte[] shortMessage, long at) {
        return new InboundSms(CONNECTOR, from, to, dataCoding, 0, shortMessage, null, null, null, null, at);
    }

    /** A part with a concatenation UDH, 8-bit reference: {@code 05 00 03 ref total seq}. */
    static InboundSms udh8(String from, String to, int dataCoding, int ref, int total, int seq, byte[] data, long at) {
        byte[] udh = {0x05, 0x00, 0x03, (byte) ref, (byte) total, (byte) seq};
        return new InboundSms(CONNECTOR, from, to, dataCoding, UDHI, concat(udh, data), null, null, null, null, at);
    }

    /** A part with a concatenation UDH, 16-bit reference, after another element (port addressing) that must be skipped. */
    static InboundSms udh16(String from, String to, int dataCoding, int ref, int total, int seq, byte[] data, long at) {
        byte[] udh = {0x0C, 0x05, 0x04, 0x0B, (byte) 0x84, 0x23, (byte) 0xF0, 0x08, 0x04, (byte) (ref >> 8), (byte) ref, (byte) total, (byte) seq};
        return new InboundSms(CONNECTOR, from, to, dataCoding, UDHI, concat(udh, data), null, null, null, null, at);
    }

    /** A part carried with the SAR TLVs, no UDH. */
    static InboundSms sar(String from, String to, int dataCoding, int ref, int total, int seq, byte[] data, long at) {
        return new InboundSms(CONNECTOR, from, to, dataCoding, 0, data, ref, total, seq, null, at);
    }

    /**
     * GSM 03.38 septets of text made only of characters whose septet equals their ASCII code (letters, digits, space
     * and {@code !"#%&'()*+,-./:;<=>?}), one per octet.
     */
    static byte[] gsm(String text) {
        for (char c : text.toCharArray()) {
            if (!(Character.isLetterOrDigit(c) && c < 128 || " !\"#%&'()*+,-./:;<=>?".indexOf(c) >= 0)) {
                throw new IllegalArgumentException("not the same in GSM 03.38 and ASCII: " + c);
            }
        }
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] ucs2(String text) { return text.getBytes(StandardCharsets.UTF_16BE); }

    static byte[] octets(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) out[i] = (byte) values[i];
        return out;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }
}
