package io.ringway.api.sms77;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ringway.testing.TestGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** /api/sms, /api/balance, /api/status and /api/pricing over plain HTTP, in the sms77 wire formats. */
class SmsApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestGateway gw;

    @BeforeAll
    static void start() { gw = TestGateway.start(Map.of("RINGWAY_SANDBOX_RECEIPT_DELAY_MS", "50")); }

    @AfterAll
    static void stop() { gw.close(); }

    private static String enc(String s) { return URLEncoder.encode(s, StandardCharsets.UTF_8); }

    private static String unique() { return "msg " + System.nanoTime(); }

    @Test
    void plainReplyIsTheBareCode() {
        TestGateway.Key k = gw.newAccount("10");
        var r = gw.get("/api/sms?p=" + k.key() + "&to=4915112345678&text=" + enc(unique()));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("100");
        assertThat(r.header("Content-Type")).startsWith("text/plain");
    }

    @Test
    void returnMsgIdPutsOneIdPerRecipientOnItsOwnLine() {
        TestGateway.Key k = gw.newAccount("10");
        var r = gw.get("/api/sms?p=" + k.key() + "&to=4915112345678,+4915112345679&text=" + enc(unique()) + "&return_msg_id=1");
        String[] lines = r.body().split("\n");
        assertThat(lines).hasSize(3);
        assertThat(lines[0]).isEqualTo("100");
        assertThat(lines[1]).matches("\\d+");
        assertThat(Long.parseLong(lines[2])).isGreaterThan(Long.parseLong(lines[1]));
    }

    @Test
    void detailsShowTheBookingInTheSeedLayout() {
        TestGateway.Key k = gw.newAccount("10");
        String text = unique();
        var r = gw.get("/api/sms?p=" + k.key() + "&to=4915112345678&text=" + enc(text) + "&details=1&from=Shop");
        assertThat(r.body()).isEqualTo("100\nbooked: 1\nprice: 0.075\ncredit: 9.925\ntext: " + text
                + "\nSMS type: direct\nFlash SMS: off\nEncoding: ASCII\nGSM0338: true\nDebug: false");
    }

    @Test
    void debugPricesButChargesNothing() {
        TestGateway.Key k = gw.newAccount("10");
        String text = "x".repeat(200); // two GSM parts
        var r = gw.get("/api/sms?p=" + k.key() + "&to=4915112345678&text=" + text + "&debug=1&details=1");
        assertThat(r.body()).startsWith("100\nbooked: 0\nprice: 0.15\ncredit: 10.00\n").endsWith("Debug: true");
        assertThat(gw.get("/api/balance?p=" + k.key()).body()).isEqualTo("10.00");
    }

    @Test
    void jsonReplyHasTheDocumentedShape() throws Exception {
        TestGateway.Key k = gw.newAccount("10");
        String text = "Grüße " + unique();
        var r = gw.postForm("/api/sms", "to=4915112345678,Group1&json=1&label=Promo_1&text=" + enc(text), "X-Api-Key", k.key());
        assertThat(r.header("Content-Type")).startsWith("application/json");
        JsonNode j = JSON.readTree(r.body());
        assertThat(j.get("success").asText()).isEqualTo("101");
        assertThat(j.get("success").isTextual()).isTrue();
        assertThat(j.get("debug").asText()).isEqualTo("false");
        assertThat(j.get("sms_type").asText()).isEqualTo("direct");
        assertThat(j.get("total_price").decimalValue()).isEqualByComparingTo("0.075");
        assertThat(j.get("balance").decimalValue()).isEqualByComparingTo("9.925");
        JsonNode ok = j.get("messages").get(0);
        assertThat(ok.get("id").isTextual()).isTrue();
        assertThat(ok.get("recipient").asText()).isEqualTo("4915112345678");
        assertThat(ok.get("text").asText()).isEqualTo(text);
        assertThat(ok.get("encoding").asText()).isEqualTo("gsm");
        assertThat(ok.get("label").asText()).isEqualTo("Promo_1");
        assertThat(ok.get("parts").asInt()).isEqualTo(1);
        assertThat(ok.get("success").asBoolean()).isTrue();
        assertThat(ok.get("error").isNull()).isTrue();
        JsonNode bad = j.get("messages").get(1);
        assertThat(bad.get("id").isNull()).isTrue();
        assertThat(bad.get("success").asBoolean()).isFalse();
        assertThat(bad.get("error").asText()).isEqualTo("202");
        assertThat(bad.get("error_text").asText()).isNotBlank();
    }

    @Test
    void acceptHeaderAloneSelectsJson() throws Exception {
        TestGateway.Key k = gw.newAccount("10");
        var r = gw.get("/api/sms?to=4915112345678&text=" + enc(unique()), "X-Api-Key", k.key(), "Accept", "application/json");
        assertThat(JSON.readTree(r.body()).get("success").asText()).isEqualTo("100");
    }

    @Test
    void unicodeTextIsUcs2AndSplitAt67() throws Exception {
        TestGateway.Key k = gw.newAccount("10");
        String text = "Привет ".repeat(11); // 77 UCS-2 characters: 2 parts
        var r = gw.postJson("/api/sms", "{\"to\":\"4915112345678\",\"json\":1,\"text\":\"" + text + "\"}", "X-Api-Key", k.key());
        JsonNode m = JSON.readTree(r.body()).get("messages").get(0);
        assertThat(m.get("encoding").asText()).isEqualTo("ucs2");
        assertThat(m.get("parts").asInt()).isEqualTo(2);
        assertThat(m.get("messages")).hasSize(2);
        assertThat(m.get("messages").get(0).asText() + m.get("messages").get(1).asText()).isEqualTo(text);
        assertThat(m.get("price").decimalValue()).isEqualByComparingTo("0.15");
    }

    @Test
    void unicodeFlagForcesUcs2ForGsmText() throws Exception {
        TestGateway.Key k = gw.newAccount("10");
        var r = gw.get("/api/sms?p=" + k.key() + "&json=1&unicode=1&to=4915112345678&text=" + enc(unique()));
        assertThat(JSON.readTree(r.body()).get("messages").get(0).get("encoding").asText()).isEqualTo("ucs2");
    }

    @Test
    void legacyLatin1QueryIsDecodedAndUtf8FlagForcesUtf8() throws Exception {
        TestGateway.Key k = gw.newAccount("10");
        String latin1 = URLEncoder.encode("Grüße " + System.nanoTime(), Charset.forName("ISO-8859-1"));
        var r = gw.get("/api/sms?p=" + k.key() + "&json=1&to=4915112345678&text=" + latin1);
        assertThat(JSON.readTree(r.body()).get("messages").get(0).get("text").asText()).startsWith("Grüße ");
        var forced = gw.get("/api/sms?p=" + k.key() + "&json=1&utf8=1&to=4915112345678&text=" + latin1);
        assertThat(JSON.readTree(forced.body()).get("messages").get(0).get("text").asText()).startsWith("Gr\uFFFD\uFFFDe ");
    }

    @Test
    void parametersMayComeFromQueryFormAndJsonAtOnce() {
        TestGateway.Key k = gw.newAccount("10");
        var r = gw.send("POST", "/api/sms?p=" + k.key() + "&return_msg_id=1", "application/x-www-form-urlencoded",
                ("to=4915112345678&to=4915112345679&text=" + enc(unique())).getBytes(StandardCharsets.UTF_8));
        assertThat(r.body().split("\n")).hasSize(3).startsWith("100");
    }

    @Test
    void errorCodesAreBareBodies() {
        TestGateway.Key k = gw.newAccount("10");
        String p = "/api/sms?p=" + k.key();
        assertThat(gw.get(p + "&text=x").body()).isEqualTo("301");
        assertThat(gw.get(p + "&to=4915112345678").body()).isEqualTo("305");
        assertThat(gw.get(p + "&to=4915112345678&text=" + "a".repeat(1521)).body()).isEqualTo("401");
        assertThat(gw.get(p + "&to=Group1&text=x").body()).isEqualTo("202");
        assertThat(gw.get(p + "&to=4915112345678&text=x&from=TwelveChars1").body()).isEqualTo("201");
        assertThat(gw.get(p + "&to=4915112345678&text=x&from=12345678901234567").body()).isEqualTo("201");
        assertThat(gw.get(p + "&to=4915112349004&text=" + enc(unique())).body()).isEqualTo("600");
        assertThat(gw.get("/api/sms?p=wrong&to=4915112345678&text=x").body()).isEqualTo("900");
        assertThat(gw.get("/api/sms?to=4915112345678&text=x").body()).isEqualTo("900");
        TestGateway.Key poor = gw.newAccount("0.01");
        assertThat(gw.get("/api/sms?p=" + poor.key() + "&to=4915112345678&text=x").body()).isEqualTo("500");
        assertThat(gw.get("/api/balance?p=" + poor.key()).body()).isEqualTo("0.01");
    }

    @Test
    void carrierFailureIsRefundedAndReportedPerRecipient() throws Exception {
        TestGateway.Key k = gw.newAccount("10");
        var r = gw.get("/api/sms?p=" + k.key() + "&json=1&to=4915112345678,4915112349004&text=" + enc(unique()));
        JsonNode j = JSON.readTree(r.body());
        assertThat(j.get("success").asText()).isEqualTo("101");
        assertThat(j.get("messages").get(1).get("error").asText()).isEqualTo("600");
        assertThat(j.get("balance").decimalValue()).isEqualByComparingTo("9.925");
        assertThat(gw.get("/api/balance?p=" + k.key()).body()).isEqualTo("9.925");
        String failedId = j.get("messages").get(1).get("id").asText();
        assertThat(gw.get("/api/status?p=" + k.key() + "&msg_id=" + failedId).body()).startsWith("FAILED\n");
    }

    @Test
    void reloadLockRefusesTheSameSmsWithin180Seconds() {
        TestGateway.Key k = gw.newAccount("10");
        String q = "/api/sms?p=" + k.key() + "&to=4915112345678&text=" + enc(unique());
        assertThat(gw.get(q).body()).isEqualTo("100");
        assertThat(gw.get(q).body()).isEqualTo("402");
        assertThat(gw.get(q + "&no_reload=1").body()).isEqualTo("100");
    }

    @Test
    void invalidOptionalParametersAre400WithAReason() {
        TestGateway.Key k = gw.newAccount("10");
        String p = "/api/sms?p=" + k.key() + "&to=4915112345678&text=x";
        for (String bad : new String[]{"&label=no%20spaces", "&foreign_id=" + "f".repeat(65), "&ttl=0", "&ttl=abc",
                "&delay=tomorrow", "&udh=zz", "&files%5B0%5D%5Bname%5D=a.pdf&files%5B0%5D%5Bcontents%5D=%21%21"}) {
            var r = gw.get(p + bad);
            assertThat(r.status()).as(bad).isEqualTo(400);
            assertThat(r.body()).as(bad).startsWith("400\n").hasSizeGreaterThan(10);
        }
    }

    @Test
    void filesAreValidatedInBothForms() {
        TestGateway.Key k = gw.newAccount("10");
        String ok = "{\"to\":\"4915112345678\",\"text\":\"see [[a.pdf]] " + System.nanoTime() + "\",\"files\":[{\"name\":\"a.pdf\",\"contents\":\"aGk=\",\"validity\":3}]}";
        assertThat(gw.postJson("/api/sms", ok, "X-Api-Key", k.key()).body()).isEqualTo("100");
        String none = "{\"to\":\"4915112345678\",\"text\":\"no files " + System.nanoTime() + "\",\"files\":[]}";
        assertThat(gw.postJson("/api/sms", none, "X-Api-Key", k.key()).body()).isEqualTo("100");
        String scalar = "{\"to\":\"4915112345678\",\"text\":\"x\",\"files\":[1]}";
        assertThat(gw.postJson("/api/sms", scalar, "X-Api-Key", k.key()).status()).isEqualTo(400);
        String noPlaceholder = "{\"to\":\"4915112345678\",\"text\":\"x\",\"files\":[{\"name\":\"a.pdf\",\"contents\":\"aGk=\"}]}";
        assertThat(gw.postJson("/api/sms", noPlaceholder, "X-Api-Key", k.key()).body()).startsWith("400\n").contains("[[a.pdf]]");
        var form = gw.postForm("/api/sms", "to=4915112345678&text=form+%5B%5Bb.txt%5D%5D+" + System.nanoTime()
                + "&files%5B0%5D%5Bname%5D=b.txt&files%5B0%5D%5Bcontents%5D=aGk%3D", "X-Api-Key", k.key());
        assertThat(form.body()).isEqualTo("100");
    }

    @Test
    void flashBinaryAndTtlAreStored() throws Exception {
        TestGateway.Key k = gw.newAccount("10");
        var flash = gw.get("/api/sms?p=" + k.key() + "&to=4915112345678&flash=1&ttl=60&details=1&text=" + enc(unique()));
        assertThat(flash.body()).contains("Flash SMS: on");
        var bin = JSON.readTree(gw.get("/api/sms?p=" + k.key() + "&json=1&to=4915112345678&udh=050003CC0201&text=48656C6C6F"
                + Long.toHexString(System.nanoTime()).replaceAll("^(.(..)*)$", "0$1")).body());
        JsonNode m = bin.get("messages").get(0);
        assertThat(m.get("is_binary").asBoolean()).isTrue();
        assertThat(m.get("udh").asText()).isEqualTo("050003CC0201");
    }

    @Test
    void statusFollowsTheSandboxToDelivered() throws Exception {
        TestGateway.Key k = gw.newAccount("10");
        String id = gw.get("/api/sms?p=" + k.key() + "&return_msg_id=1&to=4915112345678&text=" + enc(unique())).body().split("\n")[1];
        await().atMost(Duration.ofSeconds(5)).until(() -> gw.get("/api/status?p=" + k.key() + "&msg_id=" + id).body().startsWith("DELIVERED\n"));
        String[] plain = gw.get("/api/status?p=" + k.key() + "&msg_id=" + id).body().split("\n");
        assertThat(plain[1]).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3}");
        JsonNode j = JSON.readTree(gw.get("/api/status?p=" + k.key() + "&msg_id=" + id, "Accept", "application/json").body());
        assertThat(j.isArray()).isTrue();
        assertThat(j.get(0).get("id").asText()).isEqualTo(id);
        assertThat(j.get(0).get("status").asText()).isEqualTo("DELIVERED");
        assertThat(j.get(0).get("status_time").asText()).isEqualTo(plain[1]);
    }

    @Test
    void sandboxMagicNumbersEndInTheirStatuses() {
        TestGateway.Key k = gw.newAccount("10");
        Map<String, String> expected = Map.of("4915112349001", "NOTDELIVERED", "4915112349002", "EXPIRED", "4915112349003", "REJECTED");
        for (var e : expected.entrySet()) {
            String id = gw.get("/api/sms?p=" + k.key() + "&return_msg_id=1&to=" + e.getKey() + "&text=" + enc(unique())).body().split("\n")[1];
            await().atMost(Duration.ofSeconds(5)).until(() -> gw.get("/api/status?p=" + k.key() + "&msg_id=" + id).body().startsWith(e.getValue() + "\n"));
        }
    }

    @Test
    void otherAccountsMessagesAreUnknown() {
        TestGateway.Key a = gw.newAccount("10");
        TestGateway.Key b = gw.newAccount("10");
        String id = gw.get("/api/sms?p=" + a.key() + "&return_msg_id=1&to=4915112345678&text=" + enc(unique())).body().split("\n")[1];
        assertThat(gw.get("/api/status?p=" + b.key() + "&msg_id=" + id).body()).isEqualTo("UNKNOWN");
        assertThat(gw.get("/api/status?p=" + b.key() + "&msg_id=abc").body()).isEqualTo("901");
        var del = gw.send("DELETE", "/api/sms", "application/json", ("{\"ids\":[\"" + id + "\"]}").getBytes(), "X-Api-Key", b.key());
        assertThat(del.body()).isEqualTo("{\"success\":false,\"deleted\":[]}");
    }

    @Test
    void scheduledMessagesCanBeDeletedAndAreRefunded() throws Exception {
        TestGateway.Key k = gw.newAccount("10");
        long in1h = Instant.now().plusSeconds(3600).toEpochMilli();
        var r = gw.postJson("/api/sms", "{\"to\":\"4915112345678\",\"text\":\"later\",\"delay\":" + in1h + ",\"json\":true}", "X-Api-Key", k.key());
        String id = JSON.readTree(r.body()).get("messages").get(0).get("id").asText();
        assertThat(gw.get("/api/balance?p=" + k.key()).body()).isEqualTo("9.925");
        assertThat(gw.get("/api/status?p=" + k.key() + "&msg_id=" + id).body()).startsWith("ACCEPTED\n");
        var del = gw.send("DELETE", "/api/sms", "application/json", ("{\"ids\":\"" + id + ",123456789\"}").getBytes(), "X-Api-Key", k.key());
        assertThat(del.body()).isEqualTo("{\"success\":true,\"deleted\":[\"" + id + "\"]}");
        assertThat(gw.get("/api/balance?p=" + k.key()).body()).isEqualTo("10.00");
    }

    @Test
    void balanceInPlainAndJson() throws Exception {
        TestGateway.Key k = gw.newAccount("12.3");
        assertThat(gw.get("/api/balance?p=" + k.key()).body()).isEqualTo("12.30");
        JsonNode j = JSON.readTree(gw.get("/api/balance", "X-Api-Key", k.key(), "Accept", "application/json").body());
        assertThat(j.get("amount").decimalValue()).isEqualByComparingTo("12.3");
        assertThat(j.get("currency").asText()).isEqualTo("EUR");
    }

    @Test
    void pricingAsJsonAndCsv() throws Exception {
        TestGateway.Key k = gw.newAccount("1");
        JsonNode j = JSON.readTree(gw.get("/api/pricing?p=" + k.key() + "&country=de").body());
        assertThat(j.get("countCountries").asInt()).isEqualTo(1);
        JsonNode de = j.get("countries").get(0);
        assertThat(de.get("countryCode").asText()).isEqualTo("DE");
        assertThat(de.get("countryName").asText()).isEqualTo("Germany");
        assertThat(de.get("countryPrefix").asText()).isEqualTo("49");
        assertThat(de.get("networks").get(0).get("price").decimalValue()).isEqualByComparingTo("0.075");
        assertThat(de.get("networks").get(0).get("mcc").asText()).isEqualTo("262");
        assertThat(JSON.readTree(gw.get("/api/pricing?p=" + k.key()).body()).get("countCountries").asInt()).isGreaterThan(10);
        var csv = gw.get("/api/pricing?p=" + k.key() + "&country=DE&format=csv");
        assertThat(csv.header("Content-Type")).startsWith("text/csv");
        assertThat(csv.body().split("\n")).containsExactly(
                "countryCode,countryName,countryPrefix,mcc,mncs,networkName,price,features,comment",
                "\"DE\";\"Germany\";\"49\";\"262\";\"\";\"All networks\";\"0.075\";\"\";\"\"");
    }
}
