package io.ringway.message;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Turns message text into the SMS parts it will be sent (and billed) as.
 *
 * <p>A single SMS carries 140 octets of user data: 160 GSM septets or 70 UCS-2 code units. A concatenated message
 * spends 6 octets of each part on the concatenation header, leaving 153 septets or 67 code units per part. Parts are
 * cut so that no character is split: an escape pair (GSM) or a surrogate pair (UCS-2) always stays in one part,
 * because handsets decode each part on its own and would otherwise show garbage at the seam.
 */
public final class Segmenter {

    /** Octets of user data in one SMS (TP-UD). */
    static final int MAX_USER_DATA_OCTETS = 140;
    static final int GSM_SINGLE = 160;
    static final int GSM_CONCATENATED = 153;
    static final int UCS2_SINGLE = 70;
    static final int UCS2_CONCATENATED = 67;

    private Segmenter() {
    }

    /**
     * Encodes {@code text} as GSM when every character is in the GSM 03.38 default alphabet or its extension table
     * and {@code forceUnicode} is false, otherwise as UCS-2. Empty text is one empty GSM part: it is still one SMS.
     */
    public static SmsBody encode(String text, boolean forceUnicode) {
        Objects.requireNonNull(text, "text");
        if (text.isEmpty()) {
            return new SmsBody(Encoding.GSM, List.of(new byte[0]), 0);
        }
        byte[] septets = forceUnicode ? null : GsmAlphabet.encodeOrNull(text);
        return septets != null ? gsm(septets) : ucs2(text);
    }

    /**
     * An 8-bit binary SMS with a caller-supplied user data header (e.g. for WAP push or port addressing).
     *
     * @throws IllegalArgumentException if UDH and data together exceed 140 octets, or the UDH is malformed: its first
     *     octet (UDHL) must equal {@code udh.length - 1} and its information elements must fill it exactly
     */
    public static SmsBody binary(byte[] udh, byte[] data) {
        Objects.requireNonNull(udh, "udh");
        Objects.requireNonNull(data, "data");
        checkUdh(udh);
        if (udh.length + data.length > MAX_USER_DATA_OCTETS) {
            throw new IllegalArgumentException(String.format(
                    "UDH (%d bytes) and data (%d bytes) exceed the %d bytes of one SMS",
                    udh.length, data.length, MAX_USER_DATA_OCTETS));
        }
        return new SmsBody(Encoding.BINARY, List.of(data), data.length);
    }

    /** Whether {@code text} can be sent in the GSM 03.38 alphabet (default or extension table). */
    public static boolean isGsm(String text) {
        return GsmAlphabet.septets(text) >= 0;
    }

    /**
     * Parses hexadecimal octets, e.g. a UDH given by an API client. Whitespace anywhere is ignored; anything else
     * must be an ASCII hex digit, and the digit count must be even.
     *
     * @throws IllegalArgumentException naming the offending character and its index, or the odd digit count
     */
    public static byte[] parseHex(String hex) {
        Objects.requireNonNull(hex, "hex");
        byte[] out = new byte[(hex.length() + 1) / 2];
        int digits = 0;
        for (int i = 0; i < hex.length(); i++) {
            char c = hex.charAt(i);
            if (Character.isWhitespace(c)) {
                continue;
            }
            int value = hexValue(c);
            if (value < 0) {
                throw new IllegalArgumentException(String.format(
                        "invalid hex digit '%s' (U+%04X) at index %d", printable(c), (int) c, i));
            }
            if (digits % 2 == 0) {
                out[digits / 2] = (byte) (value << 4);
            } else {
                out[digits / 2] |= (byte) value;
            }
            digits++;
        }
        if (digits % 2 != 0) {
            throw new IllegalArgumentException("hex has an odd number of digits (" + digits + ")");
        }
        return digits / 2 == out.length ? out : Arrays.copyOf(out, digits / 2);
    }

    private static SmsBody gsm(byte[] septets) {
        if (septets.length <= GSM_SINGLE) {
            return new SmsBody(Encoding.GSM, List.of(septets), septets.length);
        }
        List<byte[]> parts = new ArrayList<>();
        int start = 0;
        while (start < septets.length) {
            int end = Math.min(start + GSM_CONCATENATED, septets.length);
            // In our own output 0x1B only ever starts an escape pair, so 0x1B last means the pair would straddle.
            if (end < septets.length && septets[end - 1] == GsmAlphabet.ESCAPE) {
                end--;
            }
            parts.add(Arrays.copyOfRange(septets, start, end));
            start = end;
        }
        return new SmsBody(Encoding.GSM, parts, septets.length);
    }

    private static SmsBody ucs2(String text) {
        int units = text.length();
        if (units <= UCS2_SINGLE) {
            return new SmsBody(Encoding.UCS2, List.of(utf16be(text, 0, units)), units);
        }
        List<byte[]> parts = new ArrayList<>();
        int start = 0;
        while (start < units) {
            int end = Math.min(start + UCS2_CONCATENATED, units);
            if (end < units && Character.isHighSurrogate(text.charAt(end - 1))
                    && Character.isLowSurrogate(text.charAt(end))) {
                end--;
            }
            parts.add(utf16be(text, start, end));
            start = end;
        }
        return new SmsBody(Encoding.UCS2, parts, units);
    }

    /**
     * Code units written as-is rather than through a charset encoder, which would replace a lone surrogate with
     * U+FFFD; UCS-2 carries code units, so the text arrives exactly as given.
     */
    private static byte[] utf16be(String text, int start, int end) {
        byte[] out = new byte[(end - start) * 2];
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            out[(i - start) * 2] = (byte) (c >>> 8);
            out[(i - start) * 2 + 1] = (byte) c;
        }
        return out;
    }

    private static void checkUdh(byte[] udh) {
        if (udh.length == 0) {
            throw new IllegalArgumentException("UDH is empty; it must start with its length octet (UDHL)");
        }
        int udhl = udh[0] & 0xFF;
        if (udhl != udh.length - 1) {
            throw new IllegalArgumentException(String.format(
                    "UDH length octet says %d but %d bytes follow it", udhl, udh.length - 1));
        }
        // Walk the information elements: a header whose last element overruns it is truncated, and would make the
        // handset misread the start of the data as header.
        int pos = 1;
        while (pos < udh.length) {
            if (pos + 1 >= udh.length) {
                throw new IllegalArgumentException("UDH information element at offset " + pos + " has no length octet");
            }
            int next = pos + 2 + (udh[pos + 1] & 0xFF);
            if (next > udh.length) {
                throw new IllegalArgumentException(String.format(
                        "UDH information element 0x%02X at offset %d overruns the header", udh[pos] & 0xFF, pos));
            }
            pos = next;
        }
    }

    private static int hexValue(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    private static String printable(char c) {
        return Character.isISOControl(c) || Character.isSurrogate(c) ? "?" : String.valueOf(c);
    }
}
