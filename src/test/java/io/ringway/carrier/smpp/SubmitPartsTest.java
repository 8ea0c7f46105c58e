package io.ringway.carrier.smpp;

import io.ringway.message.Encoding;
import io.ringway.message.Message;
import io.ringway.message.MessageStatus;
import org.jsmpp.bean.OptionalParameter;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SubmitPartsTest {
    private static final HexFormat HEX = HexFormat.of();

    private static Message message(String text, Encoding e, boolean flash, String udh) {
        return new Message(1, 1, "Ringway", "4915112345678", text, e, 1, 0, udh, flash, 2880, null, null,
                MessageStatus.ACCEPTED, 0, 0, null, 0);
    }

    private static SmppSettings settings(String query) {
        return SmppSettings.parse("smpp://a:b@127.0.0.1:2775" + query, "t");
    }

    @Test
    void shortGsmTextIsUnpackedSeptetsWithoutHeader() {
        List<SubmitParts.Part> parts = SubmitParts.of(message("Hi [1]", Encoding.GSM, false, null), settings(""), 7);
        assertThat(parts).hasSize(1);
        SubmitParts.Part p = parts.get(0);
        assertThat(p.esmClass()).isZero();
        assertThat(p.dataCoding()).isZero();
        // '[' and ']' are extension characters: escape 0x1B then 0x3C / 0x3E.
        assertThat(HEX.formatHex(p.shortMessage())).isEqualTo("4869201b3c311b3e");
    }

    @Test
    void longGsmTextGetsAnEightBitConcatenationHeaderPerPart() {
        String text = "a".repeat(200);
        List<SubmitParts.Part> parts = SubmitParts.of(message(text, Encoding.GSM, false, null), settings(""), 0x1A2);
        assertThat(parts).hasSize(2);
        for (int i = 0; i < 2; i++) {
            byte[] sm = parts.get(i).shortMessage();
            assertThat(parts.get(i).esmClass()).isEqualTo(0x40);
            assertThat(HEX.formatHex(Arrays.copyOf(sm, 6))).isEqualTo("050003a202" + "0" + (i + 1));
        }
        assertThat(parts.get(0).shortMessage()).hasSize(6 + 153);
        assertThat(parts.get(1).shortMessage()).hasSize(6 + 47);
    }

    @Test
    void sixteenBitReferencesSplitTheTextAgainShorter() {
        String text = "b".repeat(305); // 2 parts of 153 for udh8, 3 of at most 152 for udh16
        List<SubmitParts.Part> parts = SubmitParts.of(message(text, Encoding.GSM, false, null), settings("?long=udh16"), 0x1234);
        assertThat(parts).hasSize(3);
        assertThat(HEX.formatHex(Arrays.copyOf(parts.get(0).shortMessage(), 7))).isEqualTo("06080412340301");
        assertThat(parts.get(0).shortMessage()).hasSize(7 + 152);
        int total = parts.stream().mapToInt(p -> p.shortMessage().length - 7).sum();
        assertThat(total).isEqualTo(305);
    }

    @Test
    void sarTlvsInsteadOfAHeader() {
        String text = "c".repeat(200);
        List<SubmitParts.Part> parts = SubmitParts.of(message(text, Encoding.GSM, false, null), settings("?long=sar"), 77);
        assertThat(parts).hasSize(2);
        SubmitParts.Part second = parts.get(1);
        assertThat(second.esmClass()).isZero();
        assertThat(second.shortMessage()).hasSize(47);
        assertThat(second.tlvs()).extracting(t -> t.tag).containsExactly(
                OptionalParameter.Tag.SAR_MSG_REF_NUM.code(), OptionalParameter.Tag.SAR_TOTAL_SEGMENTS.code(),
                OptionalParameter.Tag.SAR_SEGMENT_SEQNUM.code());
        assertThat(((OptionalParameter.Short) second.tlvs()[0]).getValue()).isEqualTo((short) 77);
        assertThat(((OptionalParameter.Byte) second.tlvs()[2]).getValue()).isEqualTo((byte) 2);
    }

    @Test
    void messagePayloadCarriesTheWholeTextInOneSubmit() {
        String text = "d".repeat(200);
        List<SubmitParts.Part> parts = SubmitParts.of(message(text, Encoding.GSM, false, null), settings("?long=payload"), 1);
        assertThat(parts).hasSize(1);
        assertThat(parts.get(0).shortMessage()).isEmpty();
        assertThat(((OptionalParameter.OctetString) parts.get(0).tlvs()[0]).getValue()).hasSize(200);
    }

    @Test
    void unicodeFlashAndBinary() {
        SubmitParts.Part ucs2 = SubmitParts.of(message("Grüße ☺", Encoding.UCS2, false, null), settings(""), 1).get(0);
        assertThat(ucs2.dataCoding()).isEqualTo(8);
        assertThat(ucs2.shortMessage()).isEqualTo("Grüße ☺".getBytes(StandardCharsets.UTF_16BE));
        assertThat(SubmitParts.of(message("flash", Encoding.GSM, true, null), settings(""), 1).get(0).dataCoding()).isEqualTo(0x10);
        assertThat(SubmitParts.of(message("flash ☺", Encoding.UCS2, true, null), settings(""), 1).get(0).dataCoding()).isEqualTo(0x18);
        SubmitParts.Part bin = SubmitParts.of(message("cafe", Encoding.BINARY, false, "060504158a0000"), settings(""), 1).get(0);
        assertThat(bin.dataCoding()).isEqualTo(4);
        assertThat(bin.esmClass()).isEqualTo(0x40);
        assertThat(HEX.formatHex(bin.shortMessage())).isEqualTo("060504158a0000cafe");
        assertThat(SubmitParts.of(message("gsm", Encoding.GSM, false, null), settings("?gsm_coding=1"), 1).get(0).dataCoding()).isEqualTo(1);
    }

    @Test
    void validityIsTheTimeToLiveAsARelativePeriod() {
        assertThat(SubmitParts.validity(2880)).isEqualTo("000002000000000R");
        assertThat(SubmitParts.validity(90)).isEqualTo("000000013000000R");
        assertThat(SubmitParts.validity(0)).isNull();
    }
}
