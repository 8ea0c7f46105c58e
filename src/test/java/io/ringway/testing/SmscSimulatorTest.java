package io.ringway.testing;

import io.ringway.testing.SmscSimulator.IdFormat;
import io.ringway.testing.SmscSimulator.Options;
import io.ringway.testing.SmscSimulator.Submit;
import org.jsmpp.bean.AlertNotification;
import org.jsmpp.bean.BindType;
import org.jsmpp.bean.DataSm;
import org.jsmpp.bean.DeliverSm;
import org.jsmpp.bean.ESMClass;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.OptionalParameter;
import org.jsmpp.bean.OptionalParameter.Tag;
import org.jsmpp.bean.RawDataCoding;
import org.jsmpp.bean.RegisteredDelivery;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.extra.NegativeResponseException;
import org.jsmpp.extra.ResponseTimeoutException;
import org.jsmpp.extra.SessionState;
import org.jsmpp.session.BindParameter;
import org.jsmpp.session.DataSmResult;
import org.jsmpp.session.MessageReceiverListener;
import org.jsmpp.session.SMPPSession;
import org.jsmpp.session.Session;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The SMSC simulator does what SMPP tests rely on, checked with jSMPP as the client (neither side is ours). */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class SmscSimulatorTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final String FROM = "4915100000001", TO = "4917000000002";

    private final List<AutoCloseable> open = new ArrayList<>();
    private final BlockingQueue<DeliverSm> delivered = new LinkedBlockingQueue<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : open.reversed()) c.close();
    }

    @Test
    void gsmOctetsAreRecordedExactlyAsSent() throws Exception {
        SmscSimulator sim = sim(Options.defaults());
        SMPPSession client = bind(sim);
        // "Hello [world]" in the GSM default alphabet, one septet per octet: [ and ] are ESC 0x3C and ESC 0x3E.
        // node-smpp's own decoding would have turned this into "Hello [world]" text and lost the escapes.
        byte[] unpacked = HEX.parseHex("48656c6c6f201b3c776f726c641b3e");
        // "hellohello" packed into septets: octets above 0x7F, which node-smpp's GSM table cannot map.
        byte[] packed = HEX.parseHex("e8329bfd4697d9ec37");
        String id1 = submit(client, 0, 0, unpacked);
        String id2 = submit(client, 0, 0, packed);

        List<Submit> submits = sim.awaitSubmits(2, Duration.ofSeconds(5));
        Submit s = submits.get(0);
        assertThat(s.shortMessage()).isEqualTo(unpacked);
        assertThat(s.payload()).isEqualTo(unpacked);
        assertThat(s.udh()).isNull();
        assertThat(s.messagePayload()).isNull();
        assertThat(s.sarMsgRefNum()).isNull();
        assertThat(s.dataCoding()).isZero();
        assertThat(s.messageId()).isEqualTo(id1);
        assertThat(s.commandStatus()).isZero();
        assertThat(s.systemId()).isEqualTo("ringway");
        assertThat(s.sourceAddr()).isEqualTo(FROM);
        assertThat(s.sourceAddrTon()).isEqualTo(1);
        assertThat(s.sourceAddrNpi()).isEqualTo(1);
        assertThat(s.destinationAddr()).isEqualTo(TO);
        assertThat(s.priorityFlag()).isEqualTo(1);
        assertThat(s.validityPeriod()).isEqualTo("000001000000000R");
        assertThat(s.registeredDelivery()).isEqualTo(1);
        assertThat(HEX.formatHex(s.pdu())).contains(HEX.formatHex(unpacked));
        assertThat(submits.get(1).shortMessage()).isEqualTo(packed);
        assertThat(submits.get(1).messageId()).isEqualTo(id2);
        assertThat(sim.stats().submits()).isEqualTo(2);
    }

    @Test
    void ucs2WithUdhSarTlvsAndMessagePayload() throws Exception {
        SmscSimulator sim = sim(Options.defaults());
        SMPPSession client = bind(sim);
        byte[] udh = HEX.parseHex("0500032a0201");
        byte[] ucs2 = "Grüße €😀".getBytes(StandardCharsets.UTF_16BE);
        submit(client, 0x40, 8, concat(udh, ucs2));
        submit(client, 0, 8, ucs2, new OptionalParameter.Sar_msg_ref_num((short) 0x1234),
                new OptionalParameter.Sar_total_segments((byte) 3), new OptionalParameter.Sar_segment_seqnum((byte) 2));
        byte[] longText = "x".repeat(300).getBytes(StandardCharsets.US_ASCII);
        submit(client, 0, 0, new byte[0], new OptionalParameter.Message_payload(longText));

        List<Submit> submits = sim.awaitSubmits(3, Duration.ofSeconds(5));
        Submit withUdh = submits.get(0);
        assertThat(withUdh.esmClass()).isEqualTo(0x40);
        assertThat(withUdh.dataCoding()).isEqualTo(8);
        assertThat(withUdh.shortMessage()).isEqualTo(concat(udh, ucs2));
        assertThat(withUdh.udh()).isEqualTo(udh);
        assertThat(withUdh.payload()).isEqualTo(ucs2);
        Submit sar = submits.get(1);
        assertThat(sar.udh()).isNull();
        assertThat(sar.payload()).isEqualTo(ucs2);
        assertThat(List.of(sar.sarMsgRefNum(), sar.sarTotalSegments(), sar.sarSegmentSeqnum())).containsExactly(0x1234, 3, 2);
        Submit payload = submits.get(2);
        assertThat(payload.shortMessage()).isEmpty();
        assertThat(payload.messagePayload()).isEqualTo(longText);
    }

    @Test
    void messageIdsInHexOrDecimal() throws Exception {
        SmscSimulator hex = sim(Options.defaults());
        SmscSimulator dec = sim(Options.defaults().idFormat(IdFormat.DECIMAL));
        String hexId = submit(bind(hex), 0, 0, bytes("a"));
        String decId = submit(bind(dec), 0, 0, bytes("b"));
        assertThat(hexId).matches("[a-f][0-9a-f]+");
        assertThat(decId).matches("[1-9][0-9]+");
        assertThat(hex.submits().getFirst().messageId()).isEqualTo(hexId);
        assertThat(dec.submits().getFirst().messageId()).isEqualTo(decId);
    }

    @Test
    void refusesOtherCredentials() throws Exception {
        SmscSimulator sim = sim(Options.defaults());
        SMPPSession client = new SMPPSession();
        open.add(client::close);
        assertThatThrownBy(() -> client.connectAndBind("127.0.0.1", sim.port(), bindParameter("ringway", "wrong"), 5000))
                .isInstanceOf(IOException.class);
        assertThat(sim.stats().binds()).isEqualTo(1);
        assertThat(sim.stats().sessions()).isZero();
        assertThat(sim.smppUrl("bind=trx")).isEqualTo("smpp://ringway:secret@127.0.0.1:" + sim.port() + "?bind=trx");
    }

    @Test
    void receiptsWithAndWithoutTlvs() throws Exception {
        SmscSimulator sim = sim(Options.defaults());
        SMPPSession client = bind(sim);
        String id = submit(client, 0, 0, bytes("hi"));

        sim.receipt(id, "DELIVRD", "000", false);
        DeliverSm plain = next();
        assertThat(plain.isSmscDeliveryReceipt()).isTrue();
        assertThat(plain.getEsmClass()).isEqualTo((byte) 0x04);
        assertThat(plain.getSourceAddr()).isEqualTo(TO);
        assertThat(plain.getDestAddress()).isEqualTo(FROM);
        assertThat(new String(plain.getShortMessage(), StandardCharsets.US_ASCII)).matches(
                "id:" + id + " sub:001 dlvrd:001 submit date:\\d{10} done date:\\d{10} stat:DELIVRD err:000 text:");
        assertThat(plain.getShortMessageAsDeliveryReceipt().getId()).isEqualTo(id);
        assertThat(plain.getOptionalParameter(Tag.RECEIPTED_MESSAGE_ID)).isNull();

        sim.receipt(id, "UNDELIV", "001", true);
        DeliverSm withTlvs = next();
        assertThat(new String(withTlvs.getShortMessage(), StandardCharsets.US_ASCII)).contains("stat:UNDELIV err:001");
        assertThat(((OptionalParameter.COctetString) withTlvs.getOptionalParameter(Tag.RECEIPTED_MESSAGE_ID)).getValueAsString()).isEqualTo(id);
        assertThat(((OptionalParameter.Byte) withTlvs.getOptionalParameter(Tag.MESSAGE_STATE)).getValue()).isEqualTo((byte) 5);
        await().atMost(Duration.ofSeconds(5)).until(() -> sim.stats().deliverSmResp() == 2);
        assertThat(sim.stats().deliverSmSent()).isEqualTo(2);
    }

    @Test
    void automaticReceiptsForSubmitsThatAskForThem() throws Exception {
        SmscSimulator sim = sim(Options.defaults().autoReceipts(true).receiptTlvs(true));
        SMPPSession client = bind(sim);
        String id = submit(client, 0, 0, bytes("hi"));
        DeliverSm receipt = next();
        assertThat(new String(receipt.getShortMessage(), StandardCharsets.US_ASCII)).startsWith("id:" + id + " ").contains("stat:DELIVRD");
        assertThat(((OptionalParameter.Byte) receipt.getOptionalParameter(Tag.MESSAGE_STATE)).getValue()).isEqualTo((byte) 2);
    }

    @Test
    void moArrivesWithItsExactOctets() throws Exception {
        SmscSimulator sim = sim(Options.defaults());
        bind(sim);
        byte[] gsm = HEX.parseHex("48656c6c6f201b3c776f726c641b3e00");
        sim.mo(FROM, TO, 0, 0, gsm);
        DeliverSm mo = next();
        assertThat(mo.getShortMessage()).isEqualTo(gsm);
        assertThat(mo.getDataCoding()).isZero();
        assertThat(mo.isSmscDeliveryReceipt()).isFalse();
        assertThat(mo.getSourceAddr()).isEqualTo(FROM);
        assertThat(mo.getDestAddress()).isEqualTo(TO);

        byte[] part = concat(HEX.parseHex("050003070201"), "Grüße".getBytes(StandardCharsets.UTF_16BE));
        sim.mo(FROM, TO, 8, 0x40, part, 7, 2, 1);
        DeliverSm segment = next();
        assertThat(segment.getShortMessage()).isEqualTo(part);
        assertThat(segment.getEsmClass()).isEqualTo((byte) 0x40);
        assertThat(segment.getDataCoding()).isEqualTo((byte) 8);
        assertThat(((OptionalParameter.Short) segment.getOptionalParameter(Tag.SAR_MSG_REF_NUM)).getValue()).isEqualTo((short) 7);
        assertThat(((OptionalParameter.Byte) segment.getOptionalParameter(Tag.SAR_TOTAL_SEGMENTS)).getValue()).isEqualTo((byte) 2);
        assertThat(((OptionalParameter.Byte) segment.getOptionalParameter(Tag.SAR_SEGMENT_SEQNUM)).getValue()).isEqualTo((byte) 1);

        byte[] longText = "y".repeat(200).getBytes(StandardCharsets.US_ASCII);
        sim.moPayload(FROM, TO, 0, 0, longText);
        DeliverSm payload = next();
        assertThat(payload.getShortMessage()).isEmpty();
        assertThat(((OptionalParameter.OctetString) payload.getOptionalParameter(Tag.MESSAGE_PAYLOAD)).getValue()).isEqualTo(longText);
    }

    @Test
    void deliveringWithoutAReceivingSessionIsAnError() {
        SmscSimulator sim = sim(Options.defaults());
        assertThatThrownBy(() -> sim.receipt("abc", "DELIVRD", "000", false)).hasMessageContaining("no transceiver or receiver");
    }

    @Test
    void throttleRefusesTheNextSubmits() throws Exception {
        SmscSimulator sim = sim(Options.defaults());
        SMPPSession client = bind(sim);
        sim.throttle(1, 0x58);
        assertThatThrownBy(() -> submit(client, 0, 0, bytes("one")))
                .isInstanceOfSatisfying(NegativeResponseException.class, e -> assertThat(e.getCommandStatus()).isEqualTo(0x58));
        String id = submit(client, 0, 0, bytes("two"));
        List<Submit> submits = sim.submits();
        assertThat(submits).extracting(Submit::messageId).containsExactly(null, id);
        assertThat(submits).extracting(Submit::commandStatus).containsExactly(0x58, 0);
    }

    @Test
    void holdLeavesSubmitsUnanswered() throws Exception {
        SmscSimulator sim = sim(Options.defaults());
        SMPPSession client = bind(sim);
        client.setTransactionTimer(500);
        sim.hold(true);
        assertThatThrownBy(() -> submit(client, 0, 0, bytes("lost"))).isInstanceOf(ResponseTimeoutException.class);
        sim.hold(false);
        String id = submit(client, 0, 0, bytes("answered"));
        assertThat(sim.submits()).extracting(Submit::answered).containsExactly(false, true);
        assertThat(sim.submits().get(1).messageId()).isEqualTo(id);
    }

    @Test
    void unbindAndDropCloseTheSession() throws Exception {
        SmscSimulator sim = sim(Options.defaults());
        SMPPSession first = bind(sim);
        sim.unbindAll();
        awaitClosed(first);
        assertThat(sim.stats().sessions()).isZero();

        SMPPSession second = bind(sim);
        assertThat(sim.stats().sessions()).isEqualTo(1);
        sim.dropConnections();
        awaitClosed(second);
        await().atMost(Duration.ofSeconds(5)).until(() -> sim.stats().sessions() == 0);
    }

    @Test
    void killAndRestartOnTheSamePortKeepTheSubmits() throws Exception {
        SmscSimulator sim = sim(Options.defaults());
        int port = sim.port();
        SMPPSession before = bind(sim);
        String id1 = submit(before, 0, 0, bytes("one"));
        String id2 = submit(before, 0, 0, bytes("two"));
        sim.kill();
        awaitClosed(before);
        assertThat(sim.submits()).extracting(Submit::messageId).containsExactly(id1, id2);

        sim.restart();
        assertThat(sim.port()).isEqualTo(port);
        String id3 = submit(bind(sim), 0, 0, bytes("three"));
        assertThat(sim.submits()).extracting(Submit::messageId).containsExactly(id1, id2, id3);
        assertThat(sim.submits()).extracting(Submit::run).containsExactly(0, 0, 1);
        assertThat(id3).isNotIn(id1, id2);
        assertThat(sim.log()).contains("submit_sm #1", "submit_sm #2");
    }

    private SmscSimulator sim(Options options) {
        SmscSimulator sim = SmscSimulator.start(options);
        open.add(sim);
        return sim;
    }

    private SMPPSession bind(SmscSimulator sim) throws IOException {
        SMPPSession session = new SMPPSession();
        session.setTransactionTimer(3000);
        session.setMessageReceiverListener(new MessageReceiverListener() {
            @Override
            public void onAcceptDeliverSm(DeliverSm deliverSm) { delivered.add(deliverSm); }

            @Override
            public void onAcceptAlertNotification(AlertNotification alertNotification) {}

            @Override
            public DataSmResult onAcceptDataSm(DataSm dataSm, Session source) { throw new UnsupportedOperationException(); }
        });
        session.connectAndBind("127.0.0.1", sim.port(), bindParameter("ringway", "secret"), 5000);
        open.add(session::close);
        return session;
    }

    private static BindParameter bindParameter(String user, String password) {
        return new BindParameter(BindType.BIND_TRX, user, password, "", TypeOfNumber.UNKNOWN, NumberingPlanIndicator.UNKNOWN, null);
    }

    private static String submit(SMPPSession client, int esmClass, int dataCoding, byte[] shortMessage, OptionalParameter... tlvs)
            throws Exception {
        return client.submitShortMessage("", TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN, FROM,
                TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN, TO, new ESMClass(esmClass), (byte) 0, (byte) 1,
                null, "000001000000000R", new RegisteredDelivery(1), (byte) 0, new RawDataCoding((byte) dataCoding), (byte) 0,
                shortMessage, tlvs).getMessageId();
    }

    private DeliverSm next() throws InterruptedException {
        DeliverSm d = delivered.poll(5, TimeUnit.SECONDS);
        if (d == null) throw new AssertionError("no deliver_sm within 5 s");
        return d;
    }

    private static void awaitClosed(SMPPSession session) {
        await().atMost(Duration.ofSeconds(5)).until(() -> session.getSessionState() == SessionState.CLOSED);
    }

    private static byte[] bytes(String ascii) { return ascii.getBytes(StandardCharsets.US_ASCII); }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = new byte[a.length + b.length];
        System.arraycopy(a, 0, r, 0, a.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
