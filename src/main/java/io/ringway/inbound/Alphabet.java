package io.ringway.inbound;

import io.ringway.message.GsmAlphabet;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * How the octets of an inbound SMS become text, chosen by its data_coding: SMPP 3.4's own values below 0x10, the
 * coding groups of 3GPP TS 23.038 above. Decoding never fails: an SMSC that hears an error resends the same PDU
 * forever, so odd input is read as well as it can be and kept.
 */
enum Alphabet {
    /** GSM 03.38 default alphabet, one unpacked septet per octet (the SMPP convention). */
    GSM,
    /** IA5 (ASCII). */
    ASCII,
    LATIN1,
    CYRILLIC,
    HEBREW,
    /** UCS-2, read as UTF-16BE (so a surrogate pair from a phone that sends UTF-16 survives too). */
    UCS2,
    /** 8-bit data, or an alphabet not decoded here: kept as hex. */
    BINARY;

    private static final Charset ISO_8859_5 = Charset.forName("ISO-8859-5");
    private static final Charset ISO_8859_8 = Charset.forName("ISO-8859-8");

    static Alphabet of(int dataCoding) {
        int dcs = dataCoding & 0xFF;
        if (dcs < 0x10) {
            return switch (dcs) {
                case 0x00 -> GSM; // "SMSC default alphabet": GSM 03.38 for every SMSC that delivers to an ESME in practice
                case 0x01 -> ASCII;
                case 0x03 -> LATIN1;
                case 0x06 -> CYRILLIC;
                case 0x07 -> HEBREW;
                case 0x08 -> UCS2;
                // 0x02 and 0x04 are octets; JIS, pictograms, ISO-2022-JP, Kanji and KS C 5601 are not decoded.
                default -> BINARY;
            };
        }
        return switch (dcs >> 4) {
            // General data coding (0x10-0x1F: with a message class) and "marked for automatic deletion" (0x40-0x5F),
            // uncompressed: bits 3..2 name the alphabet.
            case 0x1, 0x4, 0x5 -> switch ((dcs >> 2) & 0x3) {
                case 1 -> BINARY;
                case 2 -> UCS2;
                default -> GSM; // 0, and 3 (reserved, which 23.038 says to read as the default alphabet)
            };
            case 0x2, 0x3, 0x6, 0x7 -> BINARY; // compressed: not decompressed here, kept as received
            case 0xC, 0xD -> GSM; // message waiting indication, discard or store
            case 0xE -> UCS2; // message waiting indication, store, UCS-2
            case 0xF -> (dcs & 0x04) != 0 ? BINARY : GSM; // data coding / message class: bit 2 is 8-bit data
            default -> GSM; // 0x80-0xBF are reserved; 23.038 says to read them as the default alphabet
        };
    }

    boolean binary() { return this == BINARY; }

    String decode(byte[] octets) {
        return switch (this) {
            case GSM -> gsm(octets);
            case ASCII, LATIN1 -> new String(octets, StandardCharsets.ISO_8859_1); // IA5 octets above 0x7F: as Latin-1, not lost
            case CYRILLIC -> new String(octets, ISO_8859_5);
            case HEBREW -> new String(octets, ISO_8859_8);
            case UCS2 -> new String(octets, StandardCharsets.UTF_16BE);
            case BINARY -> HexFormat.of().formatHex(octets);
        };
    }

    /**
     * An octet above 0x7F cannot be an unpacked septet. SMSCs whose "default alphabet" is Latin-1 send exactly that, so
     * such a text is read as Latin-1 rather than refused (which would make the SMSC resend it forever).
     */
    private static String gsm(byte[] octets) {
        for (byte b : octets) if (b < 0) return new String(octets, StandardCharsets.ISO_8859_1);
        return GsmAlphabet.decodeUnpacked(octets);
    }
}
