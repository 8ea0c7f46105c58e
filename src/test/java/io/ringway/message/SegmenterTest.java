package io.ringway.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.junit.jupiter.api.Test;

class SegmenterTest {

    private static final String EMOJI = "\uD83D\uDE00"; // one code point, two UTF-16 units

    // --- GSM boundaries

    @Test
    void gsm160IsOnePart161IsTwo() {
        assertThat(partSizes(Segmenter.encode("a".repeat(160), false))).containsExactly(160);
        SmsBody body = Segmenter.encode("a".repeat(161), false);
        assertThat(body.encoding()).isEqualTo(Encoding.GSM);
        assertThat(body.length()).isEqualTo(161);
        assertThat(partSizes(body)).containsExactly(153, 8);
    }

    @Test
    void gsm306IsTwoParts307IsThree() {
        assertThat(partSizes(Segmenter.encode("a".repeat(306), false))).containsExactly(153, 153);
        assertThat(partSizes(Segmenter.encode("a".repeat(307), false))).containsExactly(153, 153, 1);
    }

    @Test
    void extensionCharacterCountsTwice() {
        SmsBody fits = Segmenter.encode("a".repeat(158) + "€", false);
        assertThat(fits.length()).isEqualTo(160);
        assertThat(fits.partCount()).isEqualTo(1);

        SmsBody over = Segmenter.encode("a".repeat(159) + "€", false);
        assertThat(over.length()).isEqualTo(161);
        assertThat(over.partCount()).isEqualTo(2);
    }

    @Test
    void escapePairIsNeverSplitAcrossParts() {
        // '€' starts at septet 153 (1-based): its escape would be the last septet of part one.
        SmsBody body = Segmenter.encode("a".repeat(152) + "€" + "b".repeat(20), false);
        assertThat(body.length()).isEqualTo(174);
        assertThat(partSizes(body)).containsExactly(152, 22);
        assertThat(body.parts().get(1)).startsWith(0x1B, 0x65);
    }

    @Test
    void escapePairEndingExactlyAtTheBoundaryStaysInPartOne() {
        SmsBody body = Segmenter.encode("a".repeat(151) + "€" + "b".repeat(20), false);
        assertThat(partSizes(body)).containsExactly(153, 20);
        assertThat(body.parts().get(0)).endsWith(0x1B, 0x65);
    }

    @Test
    void maximumLengthGsmText() {
        assertThat(partSizes(Segmenter.encode("a".repeat(1520), false)))
                .hasSize(10).startsWith(153).endsWith(1520 - 9 * 153);
        // All escape pairs: a part holds 76 of them (152 septets), never 153.
        SmsBody euros = Segmenter.encode("€".repeat(1520), false);
        assertThat(euros.length()).isEqualTo(3040);
        assertThat(partSizes(euros)).hasSize(20).containsOnly(152);
    }

    // --- UCS-2 boundaries

    @Test
    void ucs2With70UnitsIsOnePart71IsTwo() {
        SmsBody one = Segmenter.encode("ó".repeat(70), false);
        assertThat(one.encoding()).isEqualTo(Encoding.UCS2);
        assertThat(one.length()).isEqualTo(70);
        assertThat(unitSizes(one)).containsExactly(70);
        assertThat(unitSizes(Segmenter.encode("ó".repeat(71), false))).containsExactly(67, 4);
    }

    @Test
    void ucs2With134UnitsIsTwoParts135IsThree() {
        assertThat(unitSizes(Segmenter.encode("ó".repeat(134), false))).containsExactly(67, 67);
        assertThat(unitSizes(Segmenter.encode("ó".repeat(135), false))).containsExactly(67, 67, 1);
    }

    @Test
    void surrogatePairIsNeverSplitAcrossParts() {
        // The emoji occupies units 67 and 68 (1-based), straddling the 67-unit boundary.
        SmsBody body = Segmenter.encode("a".repeat(66) + EMOJI + "b".repeat(10), false);
        assertThat(body.length()).isEqualTo(78);
        assertThat(unitSizes(body)).containsExactly(66, 12);
        assertThat(new String(body.parts().get(1), StandardCharsets.UTF_16BE))
                .startsWith(EMOJI);
    }

    @Test
    void surrogatePairEndingExactlyAtTheBoundaryStaysInPartOne() {
        SmsBody body = Segmenter.encode("a".repeat(65) + EMOJI + "b".repeat(10), false);
        assertThat(unitSizes(body)).containsExactly(67, 10);
    }

    @Test
    void maximumLengthUcs2Text() {
        SmsBody body = Segmenter.encode("ó".repeat(1520), false);
        assertThat(unitSizes(body)).hasSize(23).startsWith(67).endsWith(1520 - 22 * 67);
    }

    @Test
    void ucs2IsUtf16BigEndian() {
        SmsBody body = Segmenter.encode("ó€" + EMOJI, false);
        assertThat(body.parts().get(0))
                .containsExactly(0x00, 0xF3, 0x20, 0xAC, 0xD8, 0x3D, 0xDE, 0x00);
    }

    @Test
    void loneSurrogateIsCarriedAsIs() {
        SmsBody body = Segmenter.encode("a\uD800", false);
        assertThat(body.parts().get(0)).containsExactly(0x00, 0x61, 0xD8, 0x00);
    }

    // --- choice of encoding

    @Test
    void forceUnicodeSendsGsmTextAsUcs2() {
        SmsBody body = Segmenter.encode("Hi", true);
        assertThat(body.encoding()).isEqualTo(Encoding.UCS2);
        assertThat(body.length()).isEqualTo(2);
        assertThat(body.parts().get(0)).containsExactly(0x00, 0x48, 0x00, 0x69);
        assertThat(Segmenter.encode("a".repeat(71), true).partCount()).isEqualTo(2);
    }

    @Test
    void oneNonGsmCharacterMakesTheWholeTextUcs2() {
        assertThat(Segmenter.encode("a".repeat(100) + "’", false).encoding()).isEqualTo(Encoding.UCS2);
        assertThat(Segmenter.encode("Grüße 5€", false).encoding()).isEqualTo(Encoding.GSM);
        assertThat(Segmenter.isGsm("Grüße 5€")).isTrue();
        assertThat(Segmenter.isGsm("señora `ó`")).isFalse();
    }

    @Test
    void emptyTextIsOneEmptyGsmPart() {
        SmsBody body = Segmenter.encode("", false);
        assertThat(body.encoding()).isEqualTo(Encoding.GSM);
        assertThat(body.partCount()).isEqualTo(1);
        assertThat(body.parts().get(0)).isEmpty();
        assertThat(body.length()).isZero();
    }

    @Test
    void apiNames() {
        assertThat(Encoding.GSM.apiName()).isEqualTo("gsm");
        assertThat(Encoding.UCS2.apiName()).isEqualTo("ucs2");
        assertThat(Encoding.BINARY.apiName()).isEqualTo("binary");
    }

    @Test
    void bodyIsImmutableAndComparesByContent() {
        SmsBody body = Segmenter.encode("abc", false);
        body.parts().get(0)[0] = 0x7F;
        assertThat(body.parts().get(0)).containsExactly(0x61, 0x62, 0x63);
        assertThat(body).isEqualTo(Segmenter.encode("abc", false))
                .hasSameHashCodeAs(Segmenter.encode("abc", false))
                .isNotEqualTo(Segmenter.encode("abd", false));
    }

    // --- binary

    @Test
    void binaryUpTo140BytesIsOnePart() {
        byte[] udh = {0x05, 0x00, 0x03, 0x2A, 0x02, 0x01};
        byte[] data = new byte[134];
        data[0] = (byte) 0xFF;
        SmsBody body = Segmenter.binary(udh, data);
        assertThat(body.encoding()).isEqualTo(Encoding.BINARY);
        assertThat(body.partCount()).isEqualTo(1);
        assertThat(body.length()).isEqualTo(134);
        assertThat(body.parts().get(0)).isEqualTo(data);
    }

    @Test
    void binaryOver140BytesIsRejected() {
        byte[] udh = {0x05, 0x00, 0x03, 0x2A, 0x02, 0x01};
        assertThatThrownBy(() -> Segmenter.binary(udh, new byte[135]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("140");
    }

    @Test
    void binaryAcceptsAnEmptyHeaderOfJustItsLengthOctet() {
        assertThat(Segmenter.binary(new byte[] {0x00}, new byte[139]).length()).isEqualTo(139);
    }

    @Test
    void malformedUdhIsRejected() {
        assertThatThrownBy(() -> Segmenter.binary(new byte[0], new byte[1]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty");
        assertThatThrownBy(() -> Segmenter.binary(new byte[] {0x06, 0x00, 0x03, 0x2A, 0x02, 0x01}, new byte[1]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("says 6 but 5");
        // UDHL is consistent but the element claims 4 bytes where only 3 follow.
        assertThatThrownBy(() -> Segmenter.binary(new byte[] {0x05, 0x00, 0x04, 0x2A, 0x02, 0x01}, new byte[1]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("overruns");
        assertThatThrownBy(() -> Segmenter.binary(new byte[] {0x01, 0x00}, new byte[1]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no length octet");
    }

    // --- hex

    @Test
    void parseHexIgnoresWhitespaceAndCase() {
        assertThat(Segmenter.parseHex("06 05 04\n0B84 23f0\t"))
                .containsExactly(0x06, 0x05, 0x04, 0x0B, 0x84, 0x23, 0xF0);
        assertThat(Segmenter.parseHex("")).isEmpty();
        assertThat(Segmenter.parseHex("aBcDeF")).containsExactly(0xAB, 0xCD, 0xEF);
    }

    @Test
    void parseHexIsStrict() {
        assertThatThrownBy(() -> Segmenter.parseHex("0A B"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("odd number of digits (3)");
        // found by HttpRobustnessTest: a single digit overflowed the output buffer
        assertThatThrownBy(() -> Segmenter.parseHex("0"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("odd number of digits (1)");
        assertThatThrownBy(() -> Segmenter.parseHex("ABC"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("odd number of digits (3)");
        assertThatThrownBy(() -> Segmenter.parseHex("0x1F"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'x'").hasMessageContaining("index 1");
        // Character.digit would accept these non-ASCII digits; an API client sending them made a mistake.
        assertThatThrownBy(() -> Segmenter.parseHex("\u0661\u0662"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("index 0");
        assertThatThrownBy(() -> Segmenter.parseHex("ＡＢ")).isInstanceOf(IllegalArgumentException.class);
    }

    // --- properties

    @Property
    void gsmPartsConcatenateToTheEncodedText(@ForAll("gsmTexts") String text) {
        SmsBody body = Segmenter.encode(text, false);
        assertThat(body.encoding()).isEqualTo(Encoding.GSM);
        byte[] expected = GsmAlphabet.encodeUnpacked(text);
        assertThat(concat(body.parts())).isEqualTo(expected);
        assertThat(body.length()).isEqualTo(expected.length);
        int limit = body.partCount() == 1 ? Segmenter.GSM_SINGLE : Segmenter.GSM_CONCATENATED;
        StringBuilder decodedPartByPart = new StringBuilder();
        for (byte[] part : body.parts()) {
            assertThat(part.length).isLessThanOrEqualTo(limit);
            // Handsets decode each part alone: a split escape pair would show up here as a space plus a wrong char.
            decodedPartByPart.append(GsmAlphabet.decodeUnpacked(part));
        }
        assertThat(decodedPartByPart.toString()).isEqualTo(text);
    }

    @Property
    void ucs2PartsReassembleToTheOriginalText(@ForAll("unicodeTexts") String text) {
        SmsBody body = Segmenter.encode(text, true);
        assertThat(body.encoding()).isEqualTo(text.isEmpty() ? Encoding.GSM : Encoding.UCS2);
        if (text.isEmpty()) {
            return;
        }
        int limit = body.partCount() == 1 ? Segmenter.UCS2_SINGLE : Segmenter.UCS2_CONCATENATED;
        StringBuilder reassembled = new StringBuilder();
        for (byte[] part : body.parts()) {
            assertThat(part.length / 2).isLessThanOrEqualTo(limit);
            String piece = fromUtf16be(part);
            int next = reassembled.length() + piece.length();
            if (Character.isHighSurrogate(piece.charAt(piece.length() - 1)) && next < text.length()) {
                assertThat(Character.isLowSurrogate(text.charAt(next))).as("pair split at %d", next).isFalse();
            }
            reassembled.append(piece);
        }
        assertThat(reassembled.toString()).isEqualTo(text);
        assertThat(body.length()).isEqualTo(text.length());
    }

    @Provide
    Arbitrary<String> gsmTexts() {
        StringBuilder alphabet = new StringBuilder();
        for (char c = 0; c < 0x2100; c++) {
            if (Segmenter.isGsm(String.valueOf(c))) {
                alphabet.append(c);
            }
        }
        // Weight the extension characters up so escape pairs land on part boundaries often.
        Arbitrary<Character> any = Arbitraries.of(alphabet.toString().toCharArray());
        Arbitrary<Character> extension = Arbitraries.of('€', '{', '}', '[', ']', '~', '|', '^', '\\', '\f');
        return Arbitraries.frequencyOf(
                        Tuple.of(3, any), Tuple.of(1, extension))
                .list().ofMaxSize(1600)
                .map(SegmenterTest::join);
    }

    @Provide
    Arbitrary<String> unicodeTexts() {
        Arbitrary<String> anyChars = Arbitraries.strings().all().ofMaxLength(1600);
        Arbitrary<String> mostlyEmoji = Arbitraries.of("a", "ó", EMOJI, "\uD83C\uDDE9\uD83C\uDDEA", "\uD800", "\uDC00")
                .list().ofMaxSize(800).map(pieces -> String.join("", pieces));
        return Arbitraries.oneOf(anyChars, mostlyEmoji);
    }

    // --- helpers

    private static List<Integer> partSizes(SmsBody body) {
        return body.parts().stream().map(p -> p.length).toList();
    }

    private static List<Integer> unitSizes(SmsBody body) {
        assertThat(body.encoding()).isEqualTo(Encoding.UCS2);
        return body.parts().stream().map(p -> p.length / 2).toList();
    }

    private static byte[] concat(List<byte[]> parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        parts.forEach(out::writeBytes);
        return out.toByteArray();
    }

    /** Decoded by hand, because a charset decoder would turn a lone surrogate into U+FFFD. */
    private static String fromUtf16be(byte[] bytes) {
        StringBuilder sb = new StringBuilder(bytes.length / 2);
        for (int i = 0; i < bytes.length; i += 2) {
            sb.append((char) (((bytes[i] & 0xFF) << 8) | (bytes[i + 1] & 0xFF)));
        }
        return sb.toString();
    }

    private static String join(List<Character> chars) {
        StringBuilder sb = new StringBuilder(chars.size());
        chars.forEach(sb::append);
        return sb.toString();
    }
}
