package io.ringway.api.sms77;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ringway.testing.NodePackage;
import io.ringway.testing.TestGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Drives a real Ringway with the official npm clients, {@code @seven.io/client} 5.x (JSON bodies, {@code Accept:
 * application/json}, request signing) and {@code sms77-client} 2.x (form bodies, plain-text replies), installed
 * from npm with {@code npm ci} into {@code target/node-clients}. Each call runs one scenario script of
 * {@code src/test/node} in its own node process and asserts on the single JSON line it prints: what the client
 * returned, or the message of what it threw (the clients turn a bare API code such as {@code 900} into
 * {@code Error("900: InvalidApiKey")}).
 */
class OfficialClientsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path NODE_SOURCES = Paths.get("src", "test", "node");
    private static final Path NODE_DIR = Paths.get("target", "node-clients");
    private static final BigDecimal DE_PRICE = new BigDecimal("0.075");
    private static final AtomicInteger UNIQUE = new AtomicInteger();

    private static TestGateway gw;

    @BeforeAll
    static void installClientsAndStartRingway() throws Exception {
        installClients();
        gw = TestGateway.start(Map.of("RINGWAY_SANDBOX_VOICE_SPEED", "20"));
    }

    @AfterAll
    static void stop() {
        if (gw != null) gw.close();
    }

    /** What one scenario printed: the client's return value (and its JS type), or the message it threw. */
    record Outcome(boolean ok, String type, JsonNode value, String error, String stderr) {
        JsonNode v(String path) { return value.at(path); }

        @Override
        public String toString() {
            return ok ? "returned " + type + " " + value : "threw '" + error + "'" + (stderr.isBlank() ? "" : "; stderr: " + stderr.strip());
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // sms77-client 2.x: form bodies, no Accept header (plain replies unless json=1)
    // ---------------------------------------------------------------------------------------------------------

    @Nested
    class Sms77Client {
        @Test
        void sendsPlainReturningTheIdAndTheBareCode() {
            TestGateway.Key k = gw.newAccount("10");
            Outcome withId = sms77(k, "sms", Map.of("to", "4915112345678", "text", text("plain"), "from", "Ringway", "return_msg_id", true));
            assertThat(withId.ok()).as("%s", withId).isTrue();
            assertThat(withId.type()).isEqualTo("string");
            assertThat(withId.value().asText()).matches("100\\n\\d+");

            Outcome bare = sms77(k, "sms", Map.of("to", "4915112345678", "text", text("bare")));
            assertThat(bare.ok()).as("%s", bare).isTrue();
            assertThat(bare.type()).as("%s", bare).isEqualTo("number");
            assertThat(bare.value().asInt()).isEqualTo(100);

            assertThat(balanceOf(k)).isEqualByComparingTo("9.85");
            String id = withId.value().asText().split("\n")[1];
            assertThat(gw.get("/api/status?p=" + k.key() + "&msg_id=" + id).body()).doesNotStartWith("UNKNOWN");
        }

        @Test
        void sendsJson() {
            TestGateway.Key k = gw.newAccount("10");
            Outcome o = sms77(k, "sms", Map.of("to", "+4915112345678", "text", text("json"), "json", true));
            assertThat(o.ok()).as("%s", o).isTrue();
            assertThat(o.type()).isEqualTo("object");
            assertThat(o.v("/success").asText()).isEqualTo("100");
            assertThat(o.v("/success").isTextual()).isTrue();
            assertThat(o.v("/debug").asText()).isEqualTo("false");
            assertThat(o.v("/total_price").decimalValue()).isEqualByComparingTo(DE_PRICE);
            assertThat(o.v("/balance").decimalValue()).isEqualByComparingTo("9.925");
            assertThat(o.v("/messages")).hasSize(1);
            assertThat(o.v("/messages/0/id").isTextual()).as("%s", o).isTrue();
            assertThat(o.v("/messages/0/id").asText()).matches("\\d+");
            assertThat(o.v("/messages/0/recipient").asText()).isEqualTo("4915112345678");
            assertThat(o.v("/messages/0/price").decimalValue()).isEqualByComparingTo(DE_PRICE);
            assertThat(o.v("/messages/0/success").asBoolean()).isTrue();
            assertThat(balanceOf(k)).isEqualByComparingTo("9.925");
        }

        @Test
        void sendsToManyRecipientsAsACommaListOrRepeatedKeys() {
            TestGateway.Key k = gw.newAccount("10");
            Outcome comma = sms77(k, "sms", Map.of("to", "4915112345671,4915112345672", "text", text("comma"), "json", true));
            assertThat(comma.ok()).as("%s", comma).isTrue();
            assertThat(comma.v("/success").asText()).isEqualTo("100");
            assertThat(comma.v("/messages")).hasSize(2);
            assertThat(comma.v("/total_price").decimalValue()).isEqualByComparingTo("0.15");

            // An array is sent as repeated keys: to=a&to=b.
            Outcome repeated = sms77(k, "sms", Map.of("to", List.of("4915112345673", "4915112345674", "4915112345675"),
                    "text", text("repeated"), "return_msg_id", true));
            assertThat(repeated.ok()).as("%s", repeated).isTrue();
            assertThat(repeated.value().asText()).matches("100(\\n\\d+){3}");
            assertThat(balanceOf(k)).isEqualByComparingTo("9.625");
        }

        @Test
        void debugChargesNothing() {
            TestGateway.Key k = gw.newAccount("10");
            Outcome o = sms77(k, "sms", Map.of("to", "4915112345678", "text", text("debug"), "debug", true, "json", true));
            assertThat(o.ok()).as("%s", o).isTrue();
            assertThat(o.v("/success").asText()).isEqualTo("100");
            assertThat(o.v("/debug").asText()).isEqualTo("true");
            assertThat(o.v("/total_price").decimalValue()).isEqualByComparingTo("0");
            assertThat(o.v("/messages/0/id").isNull()).as("%s", o).isTrue();
            Outcome plain = sms77(k, "sms", Map.of("to", "4915112345678", "text", text("debug plain"), "debug", true));
            assertThat(plain.ok()).as("%s", plain).isTrue();
            assertThat(plain.value().asText()).isEqualTo("100");
            assertThat(balanceOf(k)).isEqualByComparingTo("10");
        }

        @Test
        void schedulesWithADateStringAndDeletesItForARefund() {
            TestGateway.Key k = gw.newAccount("10");
            String delay = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC).format(Instant.now().plus(Duration.ofHours(2)));
            Outcome sent = sms77(k, "sms", Map.of("to", "4915112345678", "text", text("later"), "delay", delay, "return_msg_id", true));
            assertThat(sent.ok()).as("%s", sent).isTrue();
            assertThat(sent.value().asText()).matches("100\\n\\d+");
            String id = sent.value().asText().split("\n")[1];
            assertThat(balanceOf(k)).isEqualByComparingTo("9.925");

            Outcome deleted = sms77(k, "delete", Map.of("ids", List.of(id)));
            assertThat(deleted.ok()).as("%s", deleted).isTrue();
            assertThat(deleted.v("/success").asBoolean()).as("%s", deleted).isTrue();
            assertThat(deleted.v("/deleted")).extracting(JsonNode::asText).containsExactly(id);
            assertThat(balanceOf(k)).isEqualByComparingTo("10");

            Outcome again = sms77(k, "delete", Map.of("ids", List.of(id)));
            assertThat(again.v("/success").asBoolean()).as("%s", again).isFalse();
            assertThat(again.v("/deleted")).isEmpty();
        }

        @Test
        void balanceIsANumber() {
            TestGateway.Key k = gw.newAccount("12.34");
            Outcome o = sms77(k, "balance", Map.of());
            assertThat(o.ok()).as("%s", o).isTrue();
            assertThat(o.type()).isEqualTo("number");
            assertThat(o.value().decimalValue()).isEqualByComparingTo("12.34");
        }

        @Test
        void statusOfADeliveredMessagePlainAndSplitByTheClient() {
            TestGateway.Key k = gw.newAccount("10");
            Outcome sent = sms77(k, "sms", Map.of("to", "4915112345678", "text", text("status"), "return_msg_id", true));
            assertThat(sent.ok()).as("%s", sent).isTrue();
            String id = sent.value().asText().split("\n")[1];
            awaitDelivered(k, id);

            Outcome plain = sms77(k, "status", Map.of("msg_id", id));
            assertThat(plain.ok()).as("%s", plain).isTrue();
            assertThat(plain.value().asText()).matches("DELIVERED\\n\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}\\.\\d{3}");

            Outcome split = sms77(k, "status", Map.of("msg_id", id, "_json", true));
            assertThat(split.ok()).as("%s", split).isTrue();
            assertThat(split.v("/report").asText()).isEqualTo("DELIVERED");
            assertThat(split.v("/timestamp").asText()).matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}\\.\\d{3}");
        }

        @Test
        void pricingAsJsonAndCsv() {
            TestGateway.Key k = gw.newAccount("10");
            Outcome json = sms77(k, "pricing", Map.of("country", "de"));
            assertPricingJson(json);

            Outcome csv = sms77(k, "pricing", Map.of("country", "de", "format", "csv"));
            assertPricingCsv(csv);
        }

        @Test
        void partialFailureIs101InJson() {
            TestGateway.Key k = gw.newAccount("10");
            Outcome o = sms77(k, "sms", Map.of("to", "4915112345678,4915112349004", "text", text("partial"), "json", true));
            assertPartialFailure(o, k);
        }

        @Test
        void errorCodesAreThrown() {
            TestGateway.Key k = gw.newAccount("10");
            assertThrows("900", sms77(new TestGateway.Key("wrong-key", null, 0), "sms", Map.of("to", "4915112345678", "text", text("x"))));
            assertThrows("900", sms77(new TestGateway.Key("wrong-key", null, 0), "balance", Map.of()));
            assertThrows("202", sms77(k, "sms", Map.of("to", "Group1", "text", text("group"))));
            assertThrows("301", sms77(k, "sms", Map.of("text", text("no to"))));
            assertThrows("305", sms77(k, "sms", Map.of("to", "4915112345678")));
            assertThrows("201", sms77(k, "sms", Map.of("to", "4915112345678", "text", text("sender"), "from", "ThisIsTooLongSender")));
            assertThrows("401", sms77(k, "sms", Map.of("to", "4915112345678", "text", "x".repeat(1521))));
            String twice = text("twice");
            Outcome first = sms77(k, "sms", Map.of("to", "4915112345678", "text", twice));
            assertThat(first.ok()).as("%s", first).isTrue();
            assertThrows("402", sms77(k, "sms", Map.of("to", "4915112345678", "text", twice)));
            assertThrows("600", sms77(k, "sms", Map.of("to", "4915112349004", "text", text("carrier"))));
            assertThat(balanceOf(k)).as("only the first message is charged").isEqualByComparingTo("9.925");
            TestGateway.Key broke = gw.newAccount("0");
            assertThrows("500", sms77(broke, "sms", Map.of("to", "4915112345678", "text", text("broke"))));
            assertThat(balanceOf(broke)).isEqualByComparingTo("0");
        }

        @Test
        void subscribesListsAndUnsubscribesWebhooksWithFormPosts() {
            TestGateway.Key k = gw.newAccount("1");
            Outcome made = sms77(k, "hooks", Map.of("action", "subscribe", "target_url", "https://203.0.113.7/dlr?a=1&b=2",
                    "event_type", "dlr", "request_method", "GET"));
            assertThat(made.ok()).as("%s", made).isTrue();
            assertThat(made.v("/success").asBoolean()).isTrue();
            assertThat(made.v("/id").isNumber()).as("%s", made).isTrue();

            Outcome read = sms77(k, "hooks", Map.of("action", "read"));
            assertThat(read.v("/hooks/0/id").asText()).isEqualTo(made.v("/id").asText());
            assertThat(read.v("/hooks/0/target_url").asText()).isEqualTo("https://203.0.113.7/dlr?a=1&b=2");
            assertThat(read.v("/hooks/0/request_method").asText()).isEqualTo("GET");

            Outcome gone = sms77(k, "hooks", Map.of("action", "unsubscribe", "id", made.v("/id").asLong()));
            assertThat(gone.v("/success").asBoolean()).as("%s", gone).isTrue();
            assertThat(sms77(k, "hooks", Map.of("action", "read")).v("/hooks").size()).isZero();
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // @seven.io/client 5.x: JSON bodies, Accept: application/json, signing when given a secret
    // ---------------------------------------------------------------------------------------------------------

    @Nested
    class SevenClient {
        @Test
        void subscribesListsAndUnsubscribesWebhooksWithRestCalls() {
            TestGateway.Key k = gw.newAccount("1");
            Outcome made = seven(k, "hooksSubscribe", Map.of("targetUrl", "https://203.0.113.7/mo", "eventType", "sms_mo",
                    "requestMethod", "JSON", "eventFilter", "+4917"));
            assertThat(made.ok()).as("%s", made).isTrue();
            assertThat(made.v("/success").asBoolean()).as("%s", made).isTrue();

            Outcome read = seven(k, "hooksRead", Map.of());
            assertThat(read.ok()).as("%s", read).isTrue();
            assertThat(read.v("/hooks/0/event_type").asText()).isEqualTo("sms_mo");
            assertThat(read.v("/hooks/0/event_filter").asText()).isEqualTo("+4917");
            assertThat(read.v("/hooks/0/created").asText()).as("the client made a Date of it").matches("\\d{4}-\\d\\d-\\d\\dT.*Z");

            Outcome gone = seven(k, "hooksUnsubscribe", Map.of("id", made.v("/id").asLong()));
            assertThat(gone.v("/success").asBoolean()).as("%s", gone).isTrue();
            assertThat(seven(k, "hooksRead", Map.of()).v("/hooks").size()).isZero();
        }

        @Test
        void placesACallWithTheVoiceResourceAndFindsItInTheVoiceJournal() throws Exception {
            TestGateway.Key k = gw.newAccount("10");
            Outcome o = seven(k, "voice", Map.of("to", List.of("4915112345678"), "text", "Hallo, hier spricht Ringway.", "ringtime", 10));
            assertThat(o.ok()).as("%s", o).isTrue();
            assertThat(o.v("/success").asText()).isEqualTo("100");
            assertThat(o.v("/total_price").isNumber()).as("%s", o).isTrue();
            assertThat(o.v("/total_price").decimalValue()).isEqualByComparingTo("0.045");
            assertThat(o.v("/balance").decimalValue()).isEqualByComparingTo("9.955");
            assertThat(o.v("/debug").asBoolean()).isFalse();
            String id = o.v("/messages/0/id").asText();
            assertThat(o.v("/messages/0/id").isTextual()).as("%s", o).isTrue();
            assertThat(o.v("/messages/0/recipient").asText()).isEqualTo("4915112345678");
            assertThat(o.v("/messages/0/success").asBoolean()).isTrue();
            JsonNode entry = null;
            for (int i = 0; i < 150 && (entry == null || !entry.path("status").asText().equals("completed")); i++) {
                Thread.sleep(100);
                entry = null;
                for (JsonNode n : seven(k, "journalVoice", Map.of()).value()) if (n.path("id").asText().equals(id)) entry = n;
            }
            assertThat(entry).as("the call in the journal").isNotNull();
            assertThat(entry.path("status").asText()).isEqualTo("completed");
            assertThat(entry.path("to").asText()).isEqualTo("4915112345678");
            assertThat(entry.path("duration").isTextual()).isTrue();
            assertThat(entry.path("xml").asBoolean()).isFalse();
        }

        @Test
        void sends() {
            TestGateway.Key k = gw.newAccount("10");
            for (boolean json : new boolean[]{false, true}) {
                Map<String, Object> args = new LinkedHashMap<>(Map.of("to", List.of("4915112345678"), "text", text("send"), "from", "Ringway"));
                if (json) args.put("json", true);
                Outcome o = seven(k, "sms", args);
                assertThat(o.ok()).as("%s", o).isTrue();
                assertThat(o.type()).isEqualTo("object");
                assertThat(o.v("/success").isTextual()).as("%s", o).isTrue();
                assertThat(o.v("/success").asText()).isEqualTo("100");
                assertThat(o.v("/debug").asText()).isEqualTo("false");
                assertThat(o.v("/sms_type").asText()).isEqualTo("direct");
                assertThat(o.v("/total_price").isNumber()).isTrue();
                assertThat(o.v("/total_price").decimalValue()).isEqualByComparingTo(DE_PRICE);
                assertThat(o.v("/balance").isNumber()).isTrue();
                assertThat(o.v("/balance").decimalValue()).isEqualByComparingTo(json ? "9.85" : "9.925");
                assertThat(o.v("/messages/0/id").isTextual()).as("%s", o).isTrue();
                assertThat(o.v("/messages/0/sender").asText()).isEqualTo("Ringway");
                assertThat(o.v("/messages/0/price").decimalValue()).isEqualByComparingTo(DE_PRICE);
                assertThat(o.v("/messages/0/encoding").asText()).isEqualTo("gsm");
                assertThat(o.v("/messages/0/is_binary").isBoolean()).isTrue();
            }
            assertThat(balanceOf(k)).isEqualByComparingTo("9.85");
        }

        @Test
        void sendsToManyRecipients() {
            TestGateway.Key k = gw.newAccount("10");
            Outcome o = seven(k, "sms", Map.of("to", List.of("4915112345671", "+4915112345672", "004915112345673"), "text", text("multi")));
            assertThat(o.ok()).as("%s", o).isTrue();
            assertThat(o.v("/success").asText()).isEqualTo("100");
            assertThat(o.v("/messages")).hasSize(3);
            assertThat(o.v("/messages")).extracting(m -> m.get("recipient").asText())
                    .containsExactly("4915112345671", "4915112345672", "4915112345673");
            assertThat(o.v("/total_price").decimalValue()).isEqualByComparingTo("0.225");
            assertThat(balanceOf(k)).isEqualByComparingTo("9.775");
        }

        @Test
        void debugChargesNothing() {
            TestGateway.Key k = gw.newAccount("10");
            Outcome o = seven(k, "sms", Map.of("to", List.of("4915112345678"), "text", text("debug"), "debug", true));
            assertThat(o.ok()).as("%s", o).isTrue();
            assertThat(o.v("/success").asText()).isEqualTo("100");
            assertThat(o.v("/debug").asText()).isEqualTo("true");
            assertThat(o.v("/total_price").decimalValue()).isEqualByComparingTo("0");
            assertThat(o.v("/balance").decimalValue()).isEqualByComparingTo("10");
            assertThat(balanceOf(k)).isEqualByComparingTo("10");
        }

        @Test
        void schedulesWithADateAndDeletesItForARefund() {
            TestGateway.Key k = gw.newAccount("10");
            long due = Instant.now().plus(Duration.ofHours(2)).toEpochMilli();
            Outcome sent = seven(k, "sms", Map.of("to", List.of("4915112345678"), "text", text("later"), "delay_ms", due));
            assertThat(sent.ok()).as("%s", sent).isTrue();
            assertThat(sent.v("/success").asText()).isEqualTo("100");
            String id = sent.v("/messages/0/id").asText();
            assertThat(balanceOf(k)).isEqualByComparingTo("9.925");
            assertThat(gw.get("/api/status?p=" + k.key() + "&msg_id=" + id).body()).doesNotStartWith("DELIVERED").doesNotStartWith("UNKNOWN");

            Outcome deleted = seven(k, "delete", Map.of("ids", List.of(id)));
            assertThat(deleted.ok()).as("%s", deleted).isTrue();
            assertThat(deleted.v("/success").asBoolean()).as("%s", deleted).isTrue();
            assertThat(deleted.v("/deleted")).extracting(JsonNode::asText).containsExactly(id);
            assertThat(deleted.v("/deleted/0").isTextual()).isTrue();
            assertThat(balanceOf(k)).isEqualByComparingTo("10");

            Outcome none = seven(k, "delete", Map.of("ids", List.of()));
            assertThat(none.ok()).as("%s", none).isTrue();
            assertThat(none.v("/success").asBoolean()).isFalse();
            assertThat(none.v("/deleted")).isEmpty();
        }

        @Test
        void balanceIsAnObject() {
            TestGateway.Key k = gw.newAccount("12.34");
            Outcome o = seven(k, "balance", Map.of());
            assertThat(o.ok()).as("%s", o).isTrue();
            assertThat(o.v("/amount").isNumber()).as("%s", o).isTrue();
            assertThat(o.v("/amount").decimalValue()).isEqualByComparingTo("12.34");
            assertThat(o.v("/currency").asText()).isEqualTo("EUR");
        }

        @Test
        void statusOfDeliveredMessagesIsAnArray() {
            TestGateway.Key k = gw.newAccount("10");
            Outcome sent = seven(k, "sms", Map.of("to", List.of("4915112345671", "4915112345672"), "text", text("status")));
            assertThat(sent.ok()).as("%s", sent).isTrue();
            String a = sent.v("/messages/0/id").asText();
            String b = sent.v("/messages/1/id").asText();
            awaitDelivered(k, a);
            awaitDelivered(k, b);

            Outcome o = seven(k, "status", Map.of("ids", List.of(a, b)));
            assertThat(o.ok()).as("%s", o).isTrue();
            assertThat(o.value().isArray()).as("%s", o).isTrue();
            assertThat(o.value()).hasSize(2);
            assertThat(o.value()).extracting(s -> s.get("id").asText()).containsExactly(a, b);
            assertThat(o.value()).extracting(s -> s.get("status").asText()).containsOnly("DELIVERED");
            assertThat(o.v("/0/status_time").asText()).matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}\\.\\d{3}");
        }

        @Test
        void pricingAsJsonAndCsv() {
            TestGateway.Key k = gw.newAccount("10");
            assertPricingJson(seven(k, "pricing", Map.of("country", "de")));
            assertPricingCsv(seven(k, "pricing", Map.of("country", "de", "format", "csv")));
            Outcome all = seven(k, "pricing", Map.of());
            assertThat(all.ok()).as("%s", all).isTrue();
            assertThat(all.v("/countCountries").asInt()).isGreaterThan(1);
        }

        @Test
        void signedRequestsWithTheRightSecretSucceed() {
            TestGateway.Key k = gw.newAccount("10");
            Outcome sent = sevenSigned(k, k.signingSecret(), "sms", Map.of("to", List.of("4915112345678"), "text", text("signed Grüße €")));
            assertThat(sent.ok()).as("%s", sent).isTrue();
            assertThat(sent.v("/success").asText()).isEqualTo("100");
            Outcome balance = sevenSigned(k, k.signingSecret(), "balance", Map.of());
            assertThat(balance.ok()).as("%s", balance).isTrue();
            assertThat(balance.v("/amount").decimalValue()).isEqualByComparingTo("9.925");
            Outcome status = sevenSigned(k, k.signingSecret(), "status", Map.of("ids", List.of(sent.v("/messages/0/id").asText())));
            assertThat(status.ok()).as("%s", status).isTrue();
            assertThat(status.v("/0/status").asText()).isNotEqualTo("UNKNOWN");
        }

        @Test
        void aWrongSigningSecretIs901() {
            TestGateway.Key k = gw.newAccount("10");
            assertThrows("901", sevenSigned(k, k.signingSecret() + "x", "sms", Map.of("to", List.of("4915112345678"), "text", text("forged"))));
            assertThrows("901", sevenSigned(k, "not-the-secret", "balance", Map.of()));
            assertThat(balanceOf(k)).isEqualByComparingTo("10");
        }

        @Test
        void partialFailureIs101() {
            TestGateway.Key k = gw.newAccount("10");
            assertPartialFailure(seven(k, "sms", Map.of("to", List.of("4915112345678", "4915112349004"), "text", text("partial"))), k);
        }

        @Test
        void errorCodesAreThrown() {
            TestGateway.Key k = gw.newAccount("10");
            assertThrows("900", seven(new TestGateway.Key("wrong-key", null, 0), "sms", Map.of("to", List.of("4915112345678"), "text", text("x"))));
            assertThrows("900", seven(new TestGateway.Key("wrong-key", null, 0), "balance", Map.of()));
            assertThrows("202", seven(k, "sms", Map.of("to", List.of("Group1"), "text", text("group"))));
            // The resource joins the array, so an empty one arrives as to "".
            assertThrows("301", seven(k, "sms", Map.of("to", List.of(), "text", text("no to"))));
            assertThrows("301", seven(k, "request", Map.of("method", "post", "endpoint", "sms", "payload", Map.of("text", text("no to")))));
            assertThrows("305", seven(k, "sms", Map.of("to", List.of("4915112345678"))));
            assertThrows("201", seven(k, "sms", Map.of("to", List.of("4915112345678"), "text", text("sender"), "from", "ThisIsTooLongSender")));
            assertThrows("401", seven(k, "sms", Map.of("to", List.of("4915112345678"), "text", "x".repeat(1521))));
            String twice = text("twice");
            Outcome first = seven(k, "sms", Map.of("to", List.of("4915112345678"), "text", twice));
            assertThat(first.ok()).as("%s", first).isTrue();
            assertThrows("402", seven(k, "sms", Map.of("to", List.of("4915112345678"), "text", twice)));
            assertThrows("600", seven(k, "sms", Map.of("to", List.of("4915112349004"), "text", text("carrier"))));
            assertThat(balanceOf(k)).as("only the first message is charged").isEqualByComparingTo("9.925");
            TestGateway.Key broke = gw.newAccount("0");
            assertThrows("500", seven(broke, "sms", Map.of("to", List.of("4915112345678"), "text", text("broke"))));
            assertThat(balanceOf(broke)).isEqualByComparingTo("0");
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Shared assertions
    // ---------------------------------------------------------------------------------------------------------

    private static void assertThrows(String code, Outcome o) {
        assertThat(o.ok()).as("expected the client to throw %s, but it %s", code, o).isFalse();
        assertThat(o.error()).as("%s", o).startsWith(code + ": ");
    }

    private static void assertPricingJson(Outcome o) {
        assertThat(o.ok()).as("%s", o).isTrue();
        assertThat(o.type()).isEqualTo("object");
        assertThat(o.v("/countCountries").asInt()).isEqualTo(1);
        assertThat(o.v("/countNetworks").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(o.v("/countries/0/countryCode").asText()).isEqualTo("DE");
        assertThat(o.v("/countries/0/countryPrefix").asText()).isEqualTo("49");
        assertThat(o.v("/countries/0/networks/0/price").isNumber()).isTrue();
        assertThat(o.v("/countries/0/networks/0/price").decimalValue()).isEqualByComparingTo(DE_PRICE);
        assertThat(o.v("/countries/0/networks/0/mncs").isArray()).isTrue();
    }

    private static void assertPricingCsv(Outcome o) {
        assertThat(o.ok()).as("%s", o).isTrue();
        assertThat(o.type()).isEqualTo("string");
        List<String> lines = o.value().asText().lines().filter(l -> !l.isBlank()).toList();
        assertThat(lines).hasSizeGreaterThanOrEqualTo(2);
        // The vendor's format (sms77-openapi-2022.yml): a comma-separated header, then quoted ';'-separated rows.
        assertThat(lines.get(0)).isEqualTo("countryCode,countryName,countryPrefix,mcc,mncs,networkName,price,features,comment");
        for (String row : lines.subList(1, lines.size())) assertThat(row.split(";", -1)).as(row).hasSize(9);
        assertThat(lines.get(1)).startsWith("\"DE\";\"Germany\";\"49\";\"262\";").contains("\"0.075\"");
    }

    private static void assertPartialFailure(Outcome o, TestGateway.Key k) {
        assertThat(o.ok()).as("%s", o).isTrue();
        assertThat(o.v("/success").asText()).isEqualTo("101");
        assertThat(o.v("/messages")).hasSize(2);
        assertThat(o.v("/messages/0/success").asBoolean()).isTrue();
        assertThat(o.v("/messages/0/id").isTextual()).isTrue();
        assertThat(o.v("/messages/1/success").asBoolean()).isFalse();
        assertThat(o.v("/messages/1/error").asText()).isEqualTo("600");
        assertThat(o.v("/messages/1/price").decimalValue()).isEqualByComparingTo("0");
        assertThat(o.v("/total_price").decimalValue()).isEqualByComparingTo(DE_PRICE);
        assertThat(o.v("/balance").decimalValue()).isEqualByComparingTo("9.925");
        assertThat(balanceOf(k)).as("the failed recipient is not charged").isEqualByComparingTo("9.925");
    }

    // ---------------------------------------------------------------------------------------------------------
    // Plumbing
    // ---------------------------------------------------------------------------------------------------------

    private static String text(String what) { return "Ringway " + what + " #" + UNIQUE.incrementAndGet(); }

    private static BigDecimal balanceOf(TestGateway.Key k) {
        TestGateway.Reply r = gw.get("/api/balance?p=" + k.key());
        assertThat(r.status()).isEqualTo(200);
        return new BigDecimal(r.body().strip());
    }

    private static void awaitDelivered(TestGateway.Key k, String id) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        String last = null;
        while (System.nanoTime() < deadline) {
            last = gw.get("/api/status?p=" + k.key() + "&msg_id=" + id).body();
            if (last.startsWith("DELIVERED")) return;
            sleep(50);
        }
        throw new AssertionError("message " + id + " not DELIVERED within 10 s; last status: " + last);
    }

    private static Outcome sms77(TestGateway.Key k, String scenario, Map<String, ?> args) {
        return node("sms77.cjs", k.key(), null, scenario, args);
    }

    private static Outcome seven(TestGateway.Key k, String scenario, Map<String, ?> args) {
        return node("seven.mjs", k.key(), null, scenario, args);
    }

    private static Outcome sevenSigned(TestGateway.Key k, String secret, String scenario, Map<String, ?> args) {
        return node("seven.mjs", k.key(), secret, scenario, args);
    }

    private static Outcome node(String script, String apiKey, String signingSecret, String scenario, Map<String, ?> args) {
        try {
            ProcessBuilder pb = new ProcessBuilder("node", script, scenario).directory(NODE_DIR.toFile());
            pb.environment().put("BASE_URL", gw.baseUrl() + "/api");
            pb.environment().put("API_KEY", apiKey);
            pb.environment().remove("SIGNING_SECRET");
            if (signingSecret != null) pb.environment().put("SIGNING_SECRET", signingSecret);
            pb.environment().put("ARGS", JSON.writeValueAsString(args));
            Path out = Files.createTempFile("node-clients", ".stdout");
            Path err = Files.createTempFile("node-clients", ".stderr");
            pb.redirectOutput(out.toFile()).redirectError(err.toFile());
            Process p = pb.start();
            p.getOutputStream().close();
            boolean finished = p.waitFor(30, TimeUnit.SECONDS);
            if (!finished) p.destroyForcibly().waitFor();
            String stdout = Files.readString(out);
            String stderr = Files.readString(err);
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
            if (!finished) throw new AssertionError(script + " " + scenario + " did not finish within 30 s:\n" + stdout + stderr);
            String line = stdout.lines().filter(l -> !l.isBlank()).reduce((a, b) -> b).orElse("");
            if (!line.startsWith("{")) {
                throw new AssertionError(script + " " + scenario + " printed no result (exit " + p.exitValue() + "):\n" + stdout + stderr);
            }
            JsonNode r = JSON.readTree(line);
            return new Outcome(r.path("ok").asBoolean(), r.path("type").asText(null), r.path("value"), r.path("error").asText(null), stderr);
        } catch (IOException e) {
            throw new IllegalStateException("cannot run node " + script, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void installClients() {
        NodePackage.install(NODE_SOURCES, NODE_DIR, "OfficialClientsTest drives Ringway with the official npm clients");
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
