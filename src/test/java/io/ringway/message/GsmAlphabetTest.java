package io.ringway.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GsmAlphabetTest {

    private static final int NO_CHAR = -1;

    /**
     * 3GPP TS 23.038 section 6.2.1, written out independently of the production table (code points, not string
     * literals, so a lookalike glyph such as Latin 'A' for Greek 'Α' cannot slip in).
     */
    private static final int[] BASIC = {
        /* 0x00 */ 0x0040, 0x00A3, 0x0024, 0x00A5, 0x00E8, 0x00E9, 0x00F9, 0x00EC,
        /* 0x08 */ 0x00F2, 0x00C7, 0x000A, 0x00D8, 0x00F8, 0x000D, 0x00C5, 0x00E5,
        /* 0x10 */ 0x0394, 0x005F, 0x03A6, 0x0393, 0x039B, 0x03A9, 0x03A0, 0x03A8,
        /* 0x18 */ 0x03A3, 0x0398, 0x039E, NO_CHAR, 0x00C6, 0x00E6, 0x00DF, 0x00C9,
        /* 0x20 */ 0x0020, 0x0021, 0x0022, 0x0023, 0x00A4, 0x0025, 0x0026, 0x0027,
        /* 0x28 */ 0x0028, 0x0029, 0x002A, 0x002B, 0x002C, 0x002D, 0x002E, 0x002F,
        /* 0x30 */ 0x0030, 0x0031, 0x0032, 0x0033, 0x0034, 0x0035, 0x0036, 0x0037,
        /* 0x38 */ 0x0038, 0x0039, 0x003A, 0x003B, 0x003C, 0x003D, 0x003E, 0x003F,
        /* 0x40 */ 0x00A1, 0x0041, 0x0042, 0x0043, 0x0044, 0x0045, 0x0046, 0x0047,
        /* 0x48 */ 0x0048, 0x0049, 0x004A, 0x004B, 0x004C, 0x004D, 0x004E, 0x004F,
        /* 0x50 */ 0x0050, 0x0051, 0x0052, 0x0053, 0x0054, 0x0055, 0x0056, 0x0057,
        /* 0x58 */ 0x0058, 0x0059, 0x005A, 0x00C4, 0x00D6, 0x00D1, 0x00DC, 0x00A7,
        /* 0x60 */ 0x00BF, 0x0061, 0x0062, 0x0063, 0x0064, 0x0065, 0x0066, 0x0067,
        /* 0x68 */ 0x0068, 0x0069, 0x006A, 0x006B, 0x006C, 0x006D, 0x006E, 0x006F,
        /* 0x70 */ 0x0070, 0x0071, 0x0072, 0x0073, 0x0074, 0x0075, 0x0076, 0x0077,
        /* 0x78 */ 0x0078, 0x0079, 0x007A, 0x00E4, 0x00F6, 0x00F1, 0x00FC, 0x00E0,
    };

    /** 3GPP TS 23.038 section 6.2.1.1: {septet after the escape, code point}. */
    private static final int[][] EXTENSION = {
        {0x0A, 0x000C}, {0x14, 0x005E}, {0x28, 0x007B}, {0x29, 0x007D}, {0x2F, 0x005C},
        {0x3C, 0x005B}, {0x3D, 0x007E}, {0x3E, 0x005D}, {0x40, 0x007C}, {0x65, 0x20AC},
    };

    @Test
    void everyBasicPositionEncodesAndDecodesAsTheStandardSays() {
        assertThat(BASIC).hasSize(128);
        for (int septet = 0; septet < 128; septet++) {
            if (BASIC[septet] == NO_CHAR) {
                continue;
            }
            String ch = Character.toString(BASIC[septet]);
            String at = String.format("septet 0x%02X", septet);
            assertThat(GsmAlphabet.septets(ch)).as(at).isEqualTo(1);
            assertThat(GsmAlphabet.encodeUnpacked(ch)).as(at).containsExactly(septet);
            assertThat(GsmAlphabet.decodeUnpacked(new byte[] {(byte) septet})).as(at).isEqualTo(ch);
        }
    }

    @Test
    void everyExtensionCharacterIsAnEscapePair() {
        assertThat(EXTENSION.length).isEqualTo(10);
        for (int[] entry : EXTENSION) {
            String ch = Character.toString(entry[1]);
            String at = String.format("extension 0x%02X", entry[0]);
            assertThat(GsmAlphabet.septets(ch)).as(at).isEqualTo(2);
            assertThat(GsmAlphabet.encodeUnpacked(ch)).as(at).containsExactly(0x1B, entry[0]);
            assertThat(GsmAlphabet.decodeUnpacked(new byte[] {0x1B, (byte) entry[0]})).as(at).isEqualTo(ch);
        }
    }

    /** Exhaustive over the BMP: nothing outside the two tables is accepted, so there is no hidden transliteration. */
    @Test
    void exactlyTheTabledCharactersAreRepresentable() {
        Map<Integer, Integer> expectedSeptets = new HashMap<>();
        for (int cp : BASIC) {
            if (cp != NO_CHAR) {
                expectedSeptets.put(cp, 1);
            }
        }
        for (int[] entry : EXTENSION) {
            expectedSeptets.put(entry[1], 2);
        }
        for (int c = 0; c <= 0xFFFF; c++) {
            int expected = expectedSeptets.getOrDefault(c, -1);
            assertThat(GsmAlphabet.septets(String.valueOf((char) c))).as("U+%04X", c).isEqualTo(expected);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ó", "`", "“", "”", "‘", "’", "ç", "\t", "\u001B", "\u00A0", "–", "…",
        "\u2126" /* ohm sign */, "\u0391" /* Greek capital alpha */, "😀"})
    void lookalikesAndOtherCharactersAreRejected(String ch) {
        String text = "ok " + ch;
        assertThat(GsmAlphabet.septets(text)).isEqualTo(-1);
        assertThatThrownBy(() -> GsmAlphabet.encodeUnpacked(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(String.format("U+%04X", (int) ch.charAt(0)))
                .hasMessageContaining("index 3");
    }

    @Test
    void mixedTextRoundTrips() {
        String text = "Grüße aus Köln: 5€ {fee} [x] ~y~ a|b \\ ^ ΔΩ @£$¥\r\n\f¿¡§ñ";
        byte[] septets = GsmAlphabet.encodeUnpacked(text);
        assertThat(septets).hasSize(GsmAlphabet.septets(text));
        assertThat(GsmAlphabet.decodeUnpacked(septets)).isEqualTo(text);
    }

    @Test
    void emptyTextIsZeroSeptets() {
        assertThat(GsmAlphabet.septets("")).isZero();
        assertThat(GsmAlphabet.encodeUnpacked("")).isEmpty();
        assertThat(GsmAlphabet.decodeUnpacked(new byte[0])).isEmpty();
    }

    @Test
    void unknownEscapeShowsTheDefaultAlphabetCharacter() {
        assertThat(GsmAlphabet.decodeUnpacked(new byte[] {0x1B, 0x41})).isEqualTo("A");
        assertThat(GsmAlphabet.decodeUnpacked(new byte[] {0x61, 0x1B, 0x00, 0x62})).isEqualTo("a@b");
    }

    @Test
    void uninterpretableEscapesShowAsSpace() {
        assertThat(GsmAlphabet.decodeUnpacked(new byte[] {0x61, 0x1B})).isEqualTo("a ");
        assertThat(GsmAlphabet.decodeUnpacked(new byte[] {0x1B, 0x1B, 0x61})).isEqualTo(" a");
    }

    @Test
    void bytesAbove127AreNotSeptets() {
        assertThatThrownBy(() -> GsmAlphabet.decodeUnpacked(new byte[] {0x61, (byte) 0x80}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0x80")
                .hasMessageContaining("index 1");
        assertThatThrownBy(() -> GsmAlphabet.decodeUnpacked(new byte[] {0x1B, (byte) 0xE5}))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
