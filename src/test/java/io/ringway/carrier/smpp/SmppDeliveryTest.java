package io.ringway.carrier.smpp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ringway.testing.SmscSimulator;
import io.ringway.testing.Closer;
import io.ringway.testing.TestGateway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ringway sending through its SMPP connector to a third-party SMSC simulator (node-smpp, {@link SmscSimulator}):
 * what arrives at the SMSC octet for octet, receipts in both id spellings, inbound SMS, throttling, an SMSC killed
 * and restarted mid-stream, failover. Everything through the HTTP API, as a user sees it.
 */
class SmppDeliveryTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HexFormat HEX = HexFormat.of();
    private final Closer open = new Closer();

    @AfterEach
    void closeAll() throws Exception {
        open.close();
    }

    private <T extends AutoCloseable> T keep(T c) { return open.keep(c); }

    private SmscSimulator simulator(SmscSimulator.Options options) { return keep(SmscSimulator.start(options)); }

    private TestGateway gateway(String... urls) {
        return keep(TestGateway.start(Map.of("RINGWAY_SMPP_CONNECTORS", String.join(" ", urls), "RINGWAY_INBOUND_DEFAULT_ACCOUNT", "1",
                "RINGWAY_ACCOUNTS_DEFAULT_RELOAD_LOCK", "false")));
    }

    private static String key(TestGateway g) { return g.ringway().firstAccount().orElseThrow().apiKey(); }

    private static long send(TestGateway g, String key, String params) {
        TestGateway.Reply r = g.get("/api/sms?p=" + key + "&json=1&" + params);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode reply = read(r.body());
        assertThat(reply.path("success").asText()).as(r.body()).isEqualTo("100");
        return reply.path("messages").get(0).path("id").asLong();
    }

    private static String status(TestGateway g, String key, long id) {
        return g.get("/api/status?p=" + key + "&msg_id=" + id).body().lines().findFirst().orElse("");
    }

    private static void await(String what, Duration timeout, Supplier<Boolean> condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.get()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what);
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    private static void awaitStatus(TestGateway g, String key, long id, String expected) {
        await("message " + id + " to be " + expected, Duration.ofSeconds(15), () -> status(g, key, id).equals(expected));
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new AssertionError(json, e);
        }
    }

    private static String enc(String s) { return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8); }

    @Test
    void longGsmUnicodeBinaryAndFlashArriveAsEncodedAndAreDeliveredWhenEveryPartIs() {
        SmscSimulator smsc = simulator(SmscSimulator.Options.defaults().autoReceipts(true));
        TestGateway g = gateway(smsc.smppUrl("window=10"));
        String key = key(g);

        String gsm = "Grüße [1] " + "a".repeat(190);        // 200 characters, 202 septets: two parts
        long gsmId = send(g, key, "to=4915112345678&from=Ringway&text=" + enc(gsm));
        String unicode = "Привет ☺ " + "ж".repeat(91);      // 100 UCS-2 code units: two parts of ≤ 67
        long ucsId = send(g, key, "to=4915112345679&from=%2B4915199999999&text=" + enc(unicode));
        long binId = send(g, key, "to=4915112345670&udh=060504158a0000&text=cafebabe");
        long flashId = send(g, key, "to=4915112345671&flash=1&text=flash");

        List<SmscSimulator.Submit> all = smsc.awaitSubmits(6, Duration.ofSeconds(10));
        List<SmscSimulator.Submit> gsmParts = all.stream().filter(s -> s.destinationAddr().equals("4915112345678")).toList();
        assertThat(gsmParts).hasSize(2);
        byte[] ref = null;
        StringBuilder septets = new StringBuilder();
        for (int i = 0; i < 2; i++) {
            SmscSimulator.Submit p = gsmParts.get(i);
            assertThat(p.dataCoding()).isZero();
            assertThat(p.esmClass() & 0x40).isEqualTo(0x40);
            assertThat(p.sourceAddrTon()).isEqualTo(5);
            assertThat(p.sourceAddr()).isEqualTo("Ringway");
            assertThat(p.destAddrTon()).isEqualTo(1);
            assertThat(p.registeredDelivery() & 1).isEqualTo(1);
            assertThat(p.validityPeriod()).isEqualTo("000002000000000R");
            byte[] udh = p.udh();
            assertThat(udh).hasSize(6);
            assertThat(HEX.formatHex(udh, 0, 3)).isEqualTo("050003");
            if (ref == null) ref = new byte[] {udh[3]};
            assertThat(udh[3]).isEqualTo(ref[0]);
            assertThat(udh[4]).isEqualTo((byte) 2);
            assertThat(udh[5]).isEqualTo((byte) (i + 1));
            septets.append(io.ringway.message.GsmAlphabet.decodeUnpacked(p.payload()));
        }
        assertThat(septets.toString()).isEqualTo(gsm);

        List<SmscSimulator.Submit> ucsParts = all.stream().filter(s -> s.destinationAddr().equals("4915112345679")).toList();
        assertThat(ucsParts).hasSize(2);
        assertThat(ucsParts.get(0).dataCoding()).isEqualTo(8);
        assertThat(ucsParts.get(0).sourceAddrTon()).isEqualTo(1);
        assertThat(ucsParts.get(0).sourceAddr()).isEqualTo("4915199999999");
        String text = new String(ucsParts.get(0).payload(), StandardCharsets.UTF_16BE) + new String(ucsParts.get(1).payload(), StandardCharsets.UTF_16BE);
        assertThat(text).isEqualTo(unicode);

        SmscSimulator.Submit bin = all.stream().filter(s -> s.destinationAddr().equals("4915112345670")).findFirst().orElseThrow();
        assertThat(bin.dataCoding()).isEqualTo(4);
        assertThat(bin.esmClass() & 0x40).isEqualTo(0x40);
        assertThat(HEX.formatHex(bin.shortMessage())).isEqualTo("060504158a0000cafebabe");

        SmscSimulator.Submit flash = all.stream().filter(s -> s.destinationAddr().equals("4915112345671")).findFirst().orElseThrow();
        assertThat(flash.dataCoding()).isEqualTo(0x10);
        assertThat(io.ringway.message.GsmAlphabet.decodeUnpacked(flash.shortMessage())).isEqualTo("flash");

        for (long id : new long[] {gsmId, ucsId, binId, flashId}) awaitStatus(g, key, id, "DELIVERED");
    }

    @Test
    void receiptsFindTheirMessageWhetherTheSmscWritesIdsInHexOrDecimal() {
        SmscSimulator smsc = simulator(SmscSimulator.Options.defaults().idFormat(SmscSimulator.IdFormat.HEX));
        // The SMSC answers submits in hex; its receipts (sent by hand below) write the same id in decimal.
        TestGateway g = gateway(smsc.smppUrl("resp_id=hex&dlr_id=dec"));
        String key = key(g);
        long first = send(g, key, "to=4915112345678&text=one");
        long second = send(g, key, "to=4915112345679&text=two");
        List<SmscSimulator.Submit> submits = smsc.awaitSubmits(2, Duration.ofSeconds(10));
        awaitStatus(g, key, first, "TRANSMITTED");
        awaitStatus(g, key, second, "TRANSMITTED");

        String firstDecimal = new java.math.BigInteger(submits.get(0).messageId(), 16).toString();
        String secondDecimal = new java.math.BigInteger(submits.get(1).messageId(), 16).toString();
        smsc.receipt(firstDecimal, "DELIVRD", "000", false);
        smsc.receipt(secondDecimal, "UNDELIV", "034", true);
        awaitStatus(g, key, first, "DELIVERED");
        awaitStatus(g, key, second, "NOTDELIVERED");
    }

    @Test
    void aLongMessageIsDeliveredOnlyWhenEveryPartIsAndFailsWithItsFirstFailedPart() {
        SmscSimulator smsc = simulator(SmscSimulator.Options.defaults());
        TestGateway g = gateway(smsc.smppUrl("long=sar"));
        String key = key(g);
        long delivered = send(g, key, "to=4915112345678&text=" + "x".repeat(400));
        long failed = send(g, key, "to=4915112345679&text=" + "y".repeat(200));
        List<SmscSimulator.Submit> submits = smsc.awaitSubmits(3 + 2, Duration.ofSeconds(10));
        List<SmscSimulator.Submit> three = submits.stream().filter(x -> x.destinationAddr().equals("4915112345678")).toList();
        List<SmscSimulator.Submit> two = submits.stream().filter(x -> x.destinationAddr().equals("4915112345679")).toList();
        assertThat(three).extracting(SmscSimulator.Submit::sarSegmentSeqnum).containsExactly(1, 2, 3);
        assertThat(three).extracting(SmscSimulator.Submit::sarTotalSegments).containsOnly(3);
        assertThat(three.get(0).esmClass() & 0x40).isZero();
        awaitStatus(g, key, delivered, "TRANSMITTED");

        smsc.receipt(three.get(2).messageId(), "DELIVRD", "000", false);
        smsc.receipt(three.get(0).messageId(), "DELIVRD", "000", true);
        smsc.receipt(two.get(1).messageId(), "UNDELIV", "011", false);
        awaitStatus(g, key, failed, "NOTDELIVERED");
        assertThat(status(g, key, delivered)).isEqualTo("TRANSMITTED"); // two of three parts delivered: not yet
        smsc.receipt(three.get(1).messageId(), "DELIVRD", "000", false);
        awaitStatus(g, key, delivered, "DELIVERED");
    }

    @Test
    void aReceiptBecomesADlrWebhookAndPacingSpacesTheSubmits() throws Exception {
        SmscSimulator smsc = simulator(SmscSimulator.Options.defaults().autoReceipts(true));
        io.ringway.testing.WebhookReceiver receiver = keep(io.ringway.testing.WebhookReceiver.start());
        TestGateway g = keep(TestGateway.start(Map.of("RINGWAY_SMPP_CONNECTORS", smsc.smppUrl("throughput=10"),
                "RINGWAY_WEBHOOKS_ALLOW_PRIVATE_TARGETS", "true", "RINGWAY_ACCOUNTS_DEFAULT_RELOAD_LOCK", "false")));
        String key = key(g);
        TestGateway.Reply sub = g.postForm("/api/hooks", "action=subscribe&event_type=dlr&request_method=JSON&target_url="
                + enc(receiver.url("/dlr")), "X-Api-Key", key);
        assertThat(sub.body()).contains("\"success\":true");
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) ids.add(send(g, key, "to=491511234567" + i + "&text=paced+" + i));
        List<SmscSimulator.Submit> submits = smsc.awaitSubmits(5, Duration.ofSeconds(10));
        // throughput=10: one submit every 100 ms at most.
        for (int i = 1; i < 5; i++) assertThat(submits.get(i).at() - submits.get(i - 1).at()).isGreaterThanOrEqualTo(85);
        for (long id : ids) awaitStatus(g, key, id, "DELIVERED");
        await("TRANSMITTED and DELIVERED of each message at the receiver", Duration.ofSeconds(10), () -> receiver.received().size() >= 10);
        List<String> events = new ArrayList<>();
        for (var r : receiver.received()) {
            JsonNode data = read(r.bodyText()).path("data");
            events.add(data.path("msg_id").asText() + " " + data.path("status").asText());
        }
        for (long id : ids) assertThat(events).contains(id + " TRANSMITTED", id + " DELIVERED");
    }

    @Test
    void overTlsTheConnectorBindsWhenItTrustsTheSmscsCertificateAndNotOtherwise() {
        SmscSimulator smsc = simulator(SmscSimulator.Options.defaults().tls(true).autoReceipts(true));
        // The simulator's certificate is self-signed: the default trust store refuses it.
        TestGateway strict = gateway(smsc.smppUrl("name=strict&reconnect_ms=100"));
        await("a refused TLS bind", Duration.ofSeconds(10),
                () -> !read(strict.get("/admin/connectors").body()).path("connectors").get(0).path("sessions").get(0).path("last_error").isNull());
        assertThat(smsc.stats().binds()).isZero();
        strict.close();

        TestGateway g = gateway(smsc.smppUrl("tls_trust_all=true"));
        long id = send(g, key(g), "to=4915112345678&text=over+tls");
        awaitStatus(g, key(g), id, "DELIVERED");
        assertThat(smsc.submits()).hasSize(1);
        assertThat(smsc.stats().binds()).isEqualTo(1);
    }

    @Test
    void aReceiptAfterARestartIsMatchedThroughTheStore() throws Exception {
        SmscSimulator smsc = simulator(SmscSimulator.Options.defaults());
        java.nio.file.Path data = java.nio.file.Files.createTempDirectory("ringway-smpp-restart");
        Map<String, String> env = Map.of("RINGWAY_SMPP_CONNECTORS", smsc.smppUrl(""), "RINGWAY_ACCOUNTS_DEFAULT_RELOAD_LOCK", "false");
        String key;
        long id;
        try (TestGateway first = TestGateway.startOn(data, env)) {
            key = key(first);
            id = send(first, key, "to=4915112345678&text=before+restart");
            awaitStatus(first, key, id, "TRANSMITTED");
        }
        String smscId = smsc.submits().get(0).messageId();
        TestGateway second = keep(TestGateway.startOn(data, env));
        await("the new process to bind", Duration.ofSeconds(10), () -> smsc.stats().sessions() > 0);
        smsc.receipt(smscId, "DELIVRD", "000", false);
        awaitStatus(second, key, id, "DELIVERED");
    }

    @Test
    void throttlingSlowsTheConnectorDownAndThePartsStillGoOut() {
        SmscSimulator smsc = simulator(SmscSimulator.Options.defaults().autoReceipts(true));
        TestGateway g = gateway(smsc.smppUrl("throttle_backoff_ms=200"));
        String key = key(g);
        smsc.throttle(3, 0x58);
        long id = send(g, key, "to=4915112345678&text=" + enc("throttled"));
        awaitStatus(g, key, id, "DELIVERED");
        List<SmscSimulator.Submit> submits = smsc.submits();
        assertThat(submits).hasSize(4);
        assertThat(submits.subList(0, 3)).allSatisfy(s -> assertThat(s.commandStatus()).isEqualTo(0x58));
        // Three pauses of 200 ms between the four tries.
        assertThat(submits.get(3).at() - submits.get(0).at()).isGreaterThanOrEqualTo(550);
    }

    @Test
    void anSmscThatDoesNotAnswerDelaysTheReplyOnlyByTheConfiguredWaitAndTheMessageGoesOutLater() {
        SmscSimulator smsc = simulator(SmscSimulator.Options.defaults());
        TestGateway g = keep(TestGateway.start(Map.of("RINGWAY_SMPP_CONNECTORS", smsc.smppUrl("timeout_ms=3000"),
                "RINGWAY_SMS_AWAIT_SUBMIT_MS", "300")));
        String key = key(g);
        smsc.hold(true);
        long start = System.nanoTime();
        long id = send(g, key, "to=4915112345678&text=" + enc("held by the SMSC"));
        long millis = (System.nanoTime() - start) / 1_000_000;
        // The reply came when the gateway's wait ended, not when the SMSC's answer timed out (3 s).
        assertThat(millis).isBetween(250L, 2_000L);
        assertThat(smsc.awaitSubmits(1, Duration.ofSeconds(5)).get(0).answered()).isFalse();
        assertThat(status(g, key, id)).isNotEqualTo("TRANSMITTED");
        smsc.hold(false);
        // The unanswered submit times out and the message is tried again (5 s later) with the SMSC answering.
        await("message " + id + " to be TRANSMITTED", Duration.ofSeconds(25), () -> status(g, key, id).equals("TRANSMITTED"));
        assertThat(smsc.submits()).hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    void aPermanentRefusalFailsTheMessageWithTheSmppStatusKept() {
        SmscSimulator smsc = simulator(SmscSimulator.Options.defaults());
        TestGateway g = gateway(smsc.smppUrl(""));
        String key = key(g);
        smsc.throttle(1, 0x0B);
        TestGateway.Reply r = g.get("/api/sms?p=" + key + "&to=4915112345678&text=refused");
        assertThat(r.body().strip()).isEqualTo("600"); // sms77: a request whose every message failed is answered with the bare code
        assertThat(smsc.awaitSubmits(1, Duration.ofSeconds(5)).get(0).commandStatus()).isEqualTo(0x0B);
        assertThat(status(g, key, 1)).isEqualTo("FAILED"); // the first message of a fresh store
        assertThat(read(g.get("/api/balance?p=" + key + "&json=1").body()).path("amount").decimalValue())
                .isEqualByComparingTo("10.00"); // refunded
    }

    @Test
    void inboundSmsIncludingAConcatenatedOneReachTheJournal() {
        SmscSimulator smsc = simulator(SmscSimulator.Options.defaults());
        TestGateway g = gateway(smsc.smppUrl(""));
        String key = key(g);
        await("the connector to bind", Duration.ofSeconds(10), () -> smsc.stats().sessions() > 0);

        smsc.mo("4917012345678", "4915100000001", 0, 0, io.ringway.message.Segmenter.encode("Hello [you]", false).parts().get(0));
        byte[] part1 = concat(HEX.parseHex("0500037f0201"), "Grüße ".getBytes(StandardCharsets.UTF_16BE));
        byte[] part2 = concat(HEX.parseHex("0500037f0202"), "aus Köln".getBytes(StandardCharsets.UTF_16BE));
        smsc.mo("4917012345679", "4915100000001", 8, 0x40, part2);
        smsc.mo("4917012345679", "4915100000001", 8, 0x40, part1);

        await("two inbound SMS in the journal", Duration.ofSeconds(10),
                () -> read(g.get("/api/journal/inbound?p=" + key).body()).size() == 2);
        JsonNode journal = read(g.get("/api/journal/inbound?p=" + key).body());
        List<String> texts = new ArrayList<>();
        for (JsonNode m : journal) texts.add(m.path("from").asText() + ": " + m.path("text").asText());
        assertThat(texts).containsExactlyInAnyOrder("4917012345678: Hello [you]", "4917012345679: Grüße aus Köln");
        assertThat(smsc.stats().deliverSmResp()).isEqualTo(3);
    }

    @Test
    void theSmscKilledMidStreamAndRestartedLosesNothing() throws Exception {
        SmscSimulator smsc = simulator(SmscSimulator.Options.defaults());
        TestGateway g = gateway(smsc.smppUrl("window=20&reconnect_ms=100&reconnect_max_ms=400&timeout_ms=1500"));
        String key = g.newAccount("1000").key();
        List<Long> ids = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        Thread load = Thread.ofVirtual().start(() -> {
            try {
                for (int i = 0; i < 300; i++) ids.add(send(g, key, "to=49151" + String.format("%08d", i) + "&text=m" + i));
            } catch (Throwable t) {
                failures.add(t);
            }
        });
        await("a first hundred submits", Duration.ofSeconds(20), () -> smsc.submits().size() >= 100);
        smsc.kill();
        Thread.sleep(500);
        smsc.restart();
        load.join(Duration.ofSeconds(60));
        assertThat(failures).isEmpty();
        assertThat(ids).hasSize(300);
        await("every message transmitted", Duration.ofSeconds(60),
                () -> ids.stream().allMatch(id -> status(g, key, id).equals("TRANSMITTED")));
        // Every message reached the SMSC at least once; those whose answer died with the SMSC may have gone twice.
        java.util.Set<String> texts = new java.util.HashSet<>();
        for (SmscSimulator.Submit s : smsc.submits()) {
            if (s.commandStatus() == 0 && s.messageId() != null) texts.add(new String(s.shortMessage(), StandardCharsets.ISO_8859_1));
        }
        for (int i = 0; i < 300; i++) assertThat(texts).contains("m" + i);
        assertThat(smsc.submits().size() - 300).isBetween(0, 20);
    }

    @Test
    void failoverToTheNextSmscWhenOneIsDownOrRefusesForNow() {
        SmscSimulator primary = simulator(SmscSimulator.Options.defaults());
        SmscSimulator backup = simulator(SmscSimulator.Options.defaults());
        TestGateway g = gateway(primary.smppUrl("name=primary&priority=2&reconnect_ms=100&timeout_ms=1000"),
                backup.smppUrl("name=backup&priority=1"));
        String key = key(g);
        await("both to bind", Duration.ofSeconds(10), () -> primary.stats().sessions() > 0 && backup.stats().sessions() > 0);

        send(g, key, "to=4915112345678&text=first");
        primary.awaitSubmits(1, Duration.ofSeconds(5));
        primary.throttle(1, 0x08); // ESME_RSYSERR: temporary, so the backup gets it
        send(g, key, "to=4915112345678&text=second");
        backup.awaitSubmits(1, Duration.ofSeconds(5));
        primary.kill();
        send(g, key, "to=4915112345678&text=third");
        List<SmscSimulator.Submit> atBackup = backup.awaitSubmits(2, Duration.ofSeconds(10));
        assertThat(atBackup).extracting(s -> new String(s.shortMessage(), StandardCharsets.ISO_8859_1)).containsExactly("second", "third");

        JsonNode connectors = read(g.get("/admin/connectors").body()).path("connectors");
        assertThat(connectors.get(0).path("name").asText()).isEqualTo("primary");
        assertThat(connectors.get(0).path("state").asText()).isEqualTo("unbound");
        assertThat(connectors.get(0).path("submitted").asLong()).isEqualTo(1);
        assertThat(connectors.get(0).path("errors").asLong()).isEqualTo(1);
        assertThat(connectors.get(0).path("last_error").asText()).contains("ESME_RSYSERR");
        assertThat(connectors.get(1).path("name").asText()).isEqualTo("backup");
        assertThat(connectors.get(1).path("state").asText()).isEqualTo("bound");
        assertThat(connectors.get(1).path("submitted").asLong()).isEqualTo(2);
        assertThat(connectors.get(2).path("name").asText()).isEqualTo("sandbox");
    }

    @Test
    void anUnbindFromTheSmscIsFollowedByANewBind() {
        SmscSimulator smsc = simulator(SmscSimulator.Options.defaults());
        TestGateway g = gateway(smsc.smppUrl("reconnect_ms=100&bind=tx%2Brx"));
        String key = key(g);
        await("transmitter and receiver to bind", Duration.ofSeconds(10), () -> smsc.stats().sessions() == 2);
        smsc.unbindAll();
        await("both to bind again", Duration.ofSeconds(10), () -> smsc.stats().binds() == 4 && smsc.stats().sessions() == 2);
        long id = send(g, key, "to=4915112345678&text=after+unbind");
        String smscId = smsc.awaitSubmits(1, Duration.ofSeconds(5)).get(0).messageId();
        smsc.receipt(smscId, "DELIVRD", "000", true); // arrives on the receiver session
        awaitStatus(g, key, id, "DELIVERED");
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
