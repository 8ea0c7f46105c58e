package io.ringway.inbound;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ringway.testing.TestDatabase;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import static io.ringway.inbound.Pdus.gsm;
import static io.ringway.inbound.Pdus.sms;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /api/journal/inbound} over HTTP: the caller's account's inbound SMS only, in the seven.io shape, with its
 * filters, in the requests the official clients send.
 */
class JournalApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private static List<JsonNode> array(HttpResponse<String> r) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode n = JSON.readTree(r.body());
        assertThat(n.isArray()).as(r.body()).isTrue();
        List<JsonNode> out = new ArrayList<>();
        n.forEach(out::add);
        return out;
    }

    private static List<String> texts(HttpResponse<String> r) throws Exception {
        return array(r).stream().map(n -> n.get("text").asText()).toList();
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void eachAccountSeesItsOwnInboundSmsWithTheFiltersOfTheJournal(TestDatabase db) throws Exception {
        try (InboundGateway gw = new InboundGateway(db, Clock.systemUTC(), BERLIN, false)) {
            InboundGateway.Key shop = gw.newAccount("shop");
            InboundGateway.Key other = gw.newAccount("other");
            gw.numbers().add("4915100000001", shop.accountId());
            gw.numbers().add("4915100000002", shop.accountId());
            gw.numbers().add("4915100000003", other.accountId());
            Inbound inbound = gw.inbound();
            // 2030-03-01 22:30 UTC is 23:30 in Berlin, still March 1st; 23:30 UTC is March 2nd there.
            inbound.received(sms("+4917600000001", "4915100000001", 0, gsm("first"), Instant.parse("2030-03-01T22:30:00Z").toEpochMilli())).get();
            inbound.received(sms("4917600000002", "4915100000002", 0, gsm("second"), Instant.parse("2030-03-01T23:30:00Z").toEpochMilli())).get();
            inbound.received(sms("4917600000003", "4915100000001", 0, gsm("third"), Instant.parse("2030-03-05T08:00:00Z").toEpochMilli())).get();
            inbound.received(sms("4917600000004", "4915100000003", 0, gsm("not yours"), Instant.parse("2030-03-02T08:00:00Z").toEpochMilli())).get();
            inbound.received(sms("4917600000005", "4915100000099", 0, gsm("nobody's"), Instant.parse("2030-03-02T08:00:00Z").toEpochMilli())).get();

            List<JsonNode> all = array(gw.get(shop, "/api/journal/inbound"));
            assertThat(all).extracting(n -> n.get("text").asText()).containsExactly("third", "second", "first");
            JsonNode first = all.get(2);
            assertThat(first.get("id").isTextual()).isTrue();
            assertThat(first.get("from").asText()).isEqualTo("4917600000001");
            assertThat(first.get("to").asText()).isEqualTo("4915100000001");
            assertThat(first.get("timestamp").asText()).as("in the configured zone").isEqualTo("2030-03-01 23:30:00");
            assertThat(first.get("price").asText()).isEqualTo("0");
            assertThat(first.get("price").isTextual()).isTrue();
            assertThat(first.get("reply_to_message_id").isNull()).isTrue();

            assertThat(texts(gw.get(other, "/api/journal/inbound"))).containsExactly("not yours");
            String firstId = first.get("id").asText();
            assertThat(texts(gw.get(other, "/api/journal/inbound?id=" + firstId))).as("another account's id").isEmpty();
            assertThat(texts(gw.get(shop, "/api/journal/inbound?id=" + firstId))).containsExactly("first");

            // The seven client sends unset dates as the text "undefined".
            assertThat(texts(gw.get(shop, "/api/journal/inbound?limit=5&date_from=2030-03-01&date_to=undefined")))
                    .containsExactly("third", "second", "first");
            assertThat(texts(gw.get(shop, "/api/journal/inbound?date_from=2030-03-01&date_to=2030-03-01"))).containsExactly("first");
            assertThat(texts(gw.get(shop, "/api/journal/inbound?date_from=2030-03-02&date_to=2030-03-04"))).containsExactly("second");
            assertThat(texts(gw.get(shop, "/api/journal/inbound?to=%2B49%20151%2000000001"))).containsExactly("third", "first");
            assertThat(texts(gw.get(shop, "/api/journal/inbound?limit=1&offset=1"))).containsExactly("second");
            assertThat(texts(gw.get(shop, "/api/journal/inbound?limit=0"))).as("at least one").containsExactly("third");

            // sms77-client: /api/journal?type=inbound; POST forms work like GET.
            assertThat(texts(gw.get(shop, "/api/journal?type=inbound&to=4915100000002"))).containsExactly("second");
            assertThat(texts(gw.postForm(shop, "/api/journal/inbound", "date_from=2030-03-05"))).containsExactly("third");
            assertThat(texts(gw.postForm(shop, "/api/journal", "type=inbound&limit=2"))).containsExactly("third", "second");

            HttpResponse<String> badDate = gw.get(shop, "/api/journal/inbound?date_from=01.03.2030");
            assertThat(badDate.statusCode()).isEqualTo(400);
            assertThat(badDate.body()).startsWith("400\ndate_from");
            assertThat(gw.get(shop, "/api/journal?type=outbound").statusCode()).isEqualTo(404);
            assertThat(gw.get(new InboundGateway.Key("wrong", 0, ""), "/api/journal/inbound").body()).isEqualTo("900");
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void smsToUnownedNumbersAppearInTheDefaultAccountsJournal(TestDatabase db) throws Exception {
        try (InboundGateway gw = new InboundGateway(db, Clock.systemUTC(), BERLIN, true)) {
            InboundGateway.Key shop = gw.newAccount("shop");
            gw.numbers().add("4915100000001", shop.accountId());
            gw.inbound().received(sms("4917600000001", "4915100000001", 0, gsm("for the shop"), System.currentTimeMillis())).get();
            gw.inbound().received(sms("4917600000001", "4915100000077", 0, gsm("for whoever runs this"), System.currentTimeMillis())).get();
            assertThat(texts(gw.get(gw.defaultAccount(), "/api/journal/inbound"))).containsExactly("for whoever runs this");
            assertThat(texts(gw.get(shop, "/api/journal/inbound"))).containsExactly("for the shop");
        }
    }
}
