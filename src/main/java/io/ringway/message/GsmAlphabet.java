package io.ringway.message;

import java.util.Arrays;

/**
 * The GSM 03.38 (3GPP TS 23.038) default alphabet and its extension table, without national language shift tables:
 * handsets and SMSCs universally understand these two, the shift tables far less reliably.
 *
 * <p>Characters outside the table are never transliterated (e.g. 'ó' to 'o'): silently changing what the customer
 * wrote is worse than the extra cost of UCS-2.
 *
 * <p>Public for its decoder only: inbound SMS (package {@code inbound}) arrive as unpacked septets too.
 */
public final class GsmAlphabet {

    /** Septet that announces an extension-table character; not itself a text character. */
    static final byte ESCAPE = 0x1B;

    /** The default alphabet in septet order; position 0x1B (ESCAPE) is a placeholder that is never matched. */
    private static final String BASIC =
            "@£$¥èéùìòÇ\nØø\rÅå"
            + "\u0394_\u03A6\u0393\u039B\u03A9\u03A0\u03A8\u03A3\u0398\u039E\u001BÆæßÉ"
            + " !\"#¤%&'()*+,-./"
            + "0123456789:;<=>?"
            + "¡ABCDEFGHIJKLMNO"
            + "PQRSTUVWXYZÄÖÑÜ§"
            + "¿abcdefghijklmno"
            + "pqrstuvwxyzäöñüà";

    /** Extension-table characters, each reached as ESCAPE followed by the septet at the same index. */
    private static final String EXTENSION_CHARS = "\f^{}\\[~]|€";
    private static final byte[] EXTENSION_SEPTETS = {0x0A, 0x14, 0x28, 0x29, 0x2F, 0x3C, 0x3D, 0x3E, 0x40, 0x65};

    private static final int NONE = -1;
    private static final int EXTENDED = 0x100;

    /**
     * Indexed by char: NONE, a basic septet, or EXTENDED | extension septet. An array rather than a map because this
     * runs for every character of every message; the highest char needed is '€' (U+20AC), so it stays small.
     */
    private static final short[] CODE;

    /** Indexed by extension septet: the character, or 0 where the extension table has no character. */
    private static final char[] EXTENSION_BY_SEPTET = new char[128];

    static {
        if (BASIC.length() != 128 || EXTENSION_CHARS.length() != EXTENSION_SEPTETS.length) {
            throw new ExceptionInInitializerError("GSM alphabet table is corrupt");
        }
        int max = 0;
        for (char c : (BASIC + EXTENSION_CHARS).toCharArray()) {
            max = Math.max(max, c);
        }
        CODE = new short[max + 1];
        Arrays.fill(CODE, (short) NONE);
        for (int septet = 0; septet < 128; septet++) {
            if (septet != ESCAPE) {
                CODE[BASIC.charAt(septet)] = (short) septet;
            }
        }
        for (int i = 0; i < EXTENSION_SEPTETS.length; i++) {
            CODE[EXTENSION_CHARS.charAt(i)] = (short) (EXTENDED | EXTENSION_SEPTETS[i]);
            EXTENSION_BY_SEPTET[EXTENSION_SEPTETS[i]] = EXTENSION_CHARS.charAt(i);
        }
    }

    private GsmAlphabet() {
    }

    /** Septets needed for {@code text} (extension characters count two), or -1 if it is not representable. */
    static int septets(String text) {
        int count = 0;
        for (int i = 0; i < text.length(); i++) {
            int code = code(text.charAt(i));
            if (code == NONE) {
                return -1;
            }
            count += code >= EXTENDED ? 2 : 1;
        }
        return count;
    }

    /** One byte per septet, extension characters as {@code 0x1B, x}; throws if {@code text} is not representable. */
    static byte[] encodeUnpacked(String text) {
        byte[] septets = encodeOrNull(text);
        if (septets == null) {
            int i = 0;
            while (code(text.charAt(i)) != NONE) {
                i++;
            }
            throw new IllegalArgumentException(String.format(
                    "character U+%04X at index %d is not in the GSM 03.38 alphabet", (int) text.charAt(i), i));
        }
        return septets;
    }

    /** Like {@link #encodeUnpacked} but null when not representable, so callers can fall back without an exception. */
    static byte[] encodeOrNull(String text) {
        int count = septets(text);
        if (count < 0) {
            return null;
        }
        byte[] out = new byte[count];
        int pos = 0;
        for (int i = 0; i < text.length(); i++) {
            int code = code(text.charAt(i));
            if (code >= EXTENDED) {
                out[pos++] = ESCAPE;
            }
            out[pos++] = (byte) (code & 0x7F);
        }
        return out;
    }

    /**
     * Decodes unpacked septets as received. Per 23.038, an escape followed by a septet the extension table does not
     * define shows the default-alphabet character for that septet, and an escape that cannot be interpreted (a
     * trailing one, or the reserved escape-escape) shows as a space. Throws IllegalArgumentException for an octet
     * above 0x7F, which is not a septet.
     */
    public static String decodeUnpacked(byte[] septets) {
        StringBuilder sb = new StringBuilder(septets.length);
        for (int i = 0; i < septets.length; i++) {
            int septet = checked(septets, i);
            if (septet != ESCAPE) {
                sb.append(BASIC.charAt(septet));
            } else if (i + 1 == septets.length) {
                sb.append(' ');
            } else {
                int next = checked(septets, ++i);
                char ext = EXTENSION_BY_SEPTET[next];
                sb.append(next == ESCAPE ? ' ' : ext != 0 ? ext : BASIC.charAt(next));
            }
        }
        return sb.toString();
    }

    private static int code(char c) {
        return c < CODE.length ? CODE[c] : NONE;
    }

    private static int checked(byte[] septets, int i) {
        int septet = septets[i];
        if (septet < 0) {
            throw new IllegalArgumentException(
                    String.format("byte 0x%02X at index %d is not a septet", septet & 0xFF, i));
        }
        return septet;
    }
}
