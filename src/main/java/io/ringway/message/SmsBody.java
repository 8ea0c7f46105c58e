package io.ringway.message;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * A message text as it will be carried over the air: its {@link Encoding} and the payload of each SMS part.
 *
 * <ul>
 *   <li>{@link Encoding#GSM}: each part is the <em>unpacked</em> septet sequence (one byte per septet, 0..127;
 *       extension-table characters as the pair {@code 0x1B, x}). Packing into octets is left to the transport,
 *       since SMPP and modems differ in whether they want it. {@code length} is the total number of septets.</li>
 *   <li>{@link Encoding#UCS2}: each part is UTF-16BE; {@code length} is the number of UTF-16 code units.</li>
 *   <li>{@link Encoding#BINARY}: one part with the raw user data (without the UDH); {@code length} is its byte
 *       count.</li>
 * </ul>
 *
 * <p>The part arrays are copied on construction and on access, so an instance is immutable; {@code equals} and
 * {@code hashCode} compare the part contents rather than array identity.
 */
public record SmsBody(Encoding encoding, List<byte[]> parts, int length) {

    public SmsBody {
        Objects.requireNonNull(encoding, "encoding");
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("an SMS body has at least one part");
        }
        if (length < 0) {
            throw new IllegalArgumentException("negative length: " + length);
        }
        parts = copyOf(parts);
    }

    /** A copy of each part's payload. */
    @Override
    public List<byte[]> parts() {
        return copyOf(parts);
    }

    /** How many SMS this body is sent as (and billed for). */
    public int partCount() {
        return parts.size();
    }

    /** Each part as text, the way the recipient's phone shows it (binary parts as hex). */
    public List<String> partTexts() {
        List<String> out = new ArrayList<>(parts.size());
        for (byte[] part : parts) {
            out.add(switch (encoding) {
                case GSM -> GsmAlphabet.decodeUnpacked(part);
                case UCS2 -> new String(part, java.nio.charset.StandardCharsets.UTF_16BE);
                case BINARY -> HexFormat.of().formatHex(part);
            });
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof SmsBody other) || encoding != other.encoding || length != other.length
                || parts.size() != other.parts.size()) {
            return false;
        }
        for (int i = 0; i < parts.size(); i++) {
            if (!Arrays.equals(parts.get(i), other.parts.get(i))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = Objects.hash(encoding, length);
        for (byte[] part : parts) {
            h = 31 * h + Arrays.hashCode(part);
        }
        return h;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("SmsBody[encoding=").append(encoding)
                .append(", length=").append(length).append(", parts=[");
        HexFormat hex = HexFormat.of();
        for (int i = 0; i < parts.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(hex.formatHex(parts.get(i)));
        }
        return sb.append("]]").toString();
    }

    private static List<byte[]> copyOf(List<byte[]> parts) {
        List<byte[]> copy = new ArrayList<>(parts.size());
        for (byte[] part : parts) {
            copy.add(part.clone());
        }
        return List.copyOf(copy);
    }
}
