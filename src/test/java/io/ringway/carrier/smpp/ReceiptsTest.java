package io.ringway.carrier.smpp;

import io.ringway.message.MessageStatus;
import org.jsmpp.bean.DeliverSm;
import org.jsmpp.bean.OptionalParameter;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class ReceiptsTest {
    private static DeliverSm receipt(String text, OptionalParameter... tlvs) {
        DeliverSm d = new DeliverSm();
        d.setEsmClass((byte) 0x04);
        d.setShortMessage(text.getBytes(StandardCharsets.ISO_8859_1));
        d.setOptionalParameters(tlvs);
        return d;
    }

    @Test
    void theTextFormOfAppendixB() {
        Receipts.Receipt r = Receipts.parse(receipt("id:0A1b sub:001 dlvrd:001 submit date:2611221000 done date:2611221001 stat:UNDELIV err:034 text:hello"),
                SmppSettings.IdFormat.STRING);
        assertThat(r.smscId()).isEqualTo("a1b");
        assertThat(r.status()).isEqualTo(MessageStatus.NOTDELIVERED);
        assertThat(r.stat()).isEqualTo("UNDELIV");
        assertThat(r.err()).isEqualTo("034");
    }

    @Test
    void tlvsWinOverTheText() {
        Receipts.Receipt r = Receipts.parse(receipt("id:999 stat:DELIVRD err:000",
                new OptionalParameter.Receipted_message_id("ff"), new OptionalParameter.Message_state((byte) 3)), SmppSettings.IdFormat.HEX);
        assertThat(r.smscId()).isEqualTo("255");
        assertThat(r.status()).isEqualTo(MessageStatus.EXPIRED);
    }

    @Test
    void hexAndDecimalIdsOfTheSamePartCompareEqual() {
        // Kannel's msg-id-type case: submit_sm_resp in hex, the receipt in decimal.
        assertThat(Receipts.normalize("1F4", SmppSettings.IdFormat.HEX)).isEqualTo(Receipts.normalize("500", SmppSettings.IdFormat.DEC));
        assertThat(Receipts.normalize("0001f4", SmppSettings.IdFormat.STRING)).isEqualTo("1f4");
        assertThat(Receipts.normalize("not-hex", SmppSettings.IdFormat.HEX)).isEqualTo("not-hex");
    }

    @Test
    void statusWords() {
        assertThat(Receipts.status("DELIVRD")).isEqualTo(MessageStatus.DELIVERED);
        assertThat(Receipts.status("EXPIRED")).isEqualTo(MessageStatus.EXPIRED);
        assertThat(Receipts.status("REJECTD")).isEqualTo(MessageStatus.REJECTED);
        assertThat(Receipts.status("DELETED")).isEqualTo(MessageStatus.REJECTED);
        assertThat(Receipts.status("ENROUTE")).isEqualTo(MessageStatus.BUFFERED);
        assertThat(Receipts.status("ACCEPTD")).isEqualTo(MessageStatus.BUFFERED);
        assertThat(Receipts.status("UNKNOWN")).isNull();
    }

    @Test
    void inboundSmsIsNotAReceipt() {
        DeliverSm mo = new DeliverSm();
        mo.setEsmClass((byte) 0x00);
        assertThat(Receipts.isReceipt(mo)).isFalse();
        mo.setEsmClass((byte) 0x40);
        assertThat(Receipts.isReceipt(mo)).isFalse();
        assertThat(Receipts.isReceipt(receipt("id:1 stat:DELIVRD"))).isTrue();
    }
}
