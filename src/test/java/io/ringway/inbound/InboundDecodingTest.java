package io.ringway.inbound;

import io.ringway.account.Accounts;
import io.ringway.store.Store;
import io.ringway.testing.MutableClock;
import io.ringway.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static io.ringway.inbound.Pdus.octets;
import static io.ringway.inbound.Pdus.sms;
import static io.ringway.inbound.Pdus.ucs2;
import static org.assertj.core.api.Assertions.assertThat;

/** Each data_coding becomes the text the sender typed, stored and read back through the journal, on both databases. */
class InboundDecodingTest {
    private static final String SYSTEM = "4915100000001";
    private final MutableClock clock = new MutableClock(Instant.parse("2030-06-01T10:00:00Z"));

    private record Case(String name, InboundSms sms, String text, boolean binary) {}

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void everyAlphabetIsStoredAsTheTextTheSenderWrote(TestDatabase db) throws Exception {
        long at = clock.millis();
        String from = "4917600000001";
        List<Case> cases = List.of(
                // G r ü ß e, space, {, €, }, space, @, £, space, escape + undefined extension (shows the base character)
                new Case("gsm", sms(from, SYSTEM, 0x00, octets(0x47, 0x72, 0x7E, 0x1E, 0x65, 0x20, 0x1B, 0x28, 0x1B, 0x65, 0x1B, 0x29,
                        0x20, 0x00, 0x01, 0x20, 0x1B, 0x41), at), "Grüße {€} @£ A", false),
                new Case("ucs2", sms(from, SYSTEM, 0x08, octets(0x04, 0x1F, 0x04, 0x40, 0x04, 0x38, 0x04, 0x32, 0x04, 0x35, 0x04, 0x42,
                        0x00, 0x20, 0xD8, 0x3D, 0xDE, 0x00), at), "Привет 😀", false),
                new Case("latin1", sms(from, SYSTEM, 0x03, octets(0x43, 0x61, 0x66, 0xE9, 0x20, 0xA3, 0x35, 0x20, 0xBF, 0x3F), at),
                        "Café £5 ¿?", false),
                new Case("binary", sms(from, SYSTEM, 0x04, octets(0x00, 0xFF, 0x10, 0xAB, 0x7F), at), "00ff10ab7f", true),
                new Case("ia5", sms(from, SYSTEM, 0x01, octets(0x48, 0x69, 0x21, 0x20, 0x40, 0x24), at), "Hi! @$", false),
                new Case("cyrillic", sms(from, SYSTEM, 0x06, octets(0xBF, 0xE0, 0xD8), at), "При", false),
                // 23.038 message class groups: alphabet from the bits
                new Case("class1-gsm", sms(from, SYSTEM, 0x11, octets(0x00, 0x11, 0x02), at), "@_$", false),
                new Case("class0-ucs2", sms(from, SYSTEM, 0x18, ucs2("Flash ⚡"), at), "Flash ⚡", false),
                new Case("class2-8bit", sms(from, SYSTEM, 0xF6, octets(0x02, 0x70, 0x00), at), "027000", true),
                new Case("class1-gsm-f", sms(from, SYSTEM, 0xF1, octets(0x04, 0x05, 0x06), at), "èéù", false),
                // an SMSC whose "default alphabet" is Latin-1: octets above 0x7F cannot be septets
                new Case("latin1-as-default", sms(from, SYSTEM, 0x00, octets(0x4B, 0xE4, 0x73, 0x65), at), "Käse", false),
                // message_payload replaces short_message
                new Case("payload", new InboundSms(Pdus.CONNECTOR, from, SYSTEM, 0x08, 0, new byte[0], null, null, null,
                        ucs2("Nachricht im message_payload"), at), "Nachricht im message_payload", false));

        try (Store store = db.openFresh()) {
            long account = new Accounts(store, clock, new Accounts.Defaults("EUR", "DE", true)).create("a", BigDecimal.ONE).account().id();
            Inbound inbound = new Inbound(store, null, clock, ZoneOffset.UTC, account);
            Map<String, Long> ids = new java.util.LinkedHashMap<>();
            for (Case c : cases) {
                inbound.received(c.sms()).get();
                ids.put(c.name(), TestDatabase.queryLong(store, "SELECT MAX(id) FROM inbound_messages"));
            }
            Map<Long, InboundMessage> stored = inbound.journal(account, new Inbound.JournalQuery(null, null, null, null, 100, 0)).stream()
                    .collect(Collectors.toMap(InboundMessage::id, Function.identity()));
            assertThat(stored).hasSize(cases.size());
            for (Case c : cases) {
                InboundMessage m = stored.get(ids.get(c.name()));
                assertThat(m.text()).as(c.name()).isEqualTo(c.text());
                assertThat(m.binary()).as(c.name()).isEqualTo(c.binary());
                assertThat(m.parts()).isEqualTo(1);
                assertThat(m.missingParts()).isNull();
                assertThat(m.sender()).isEqualTo(from);
                assertThat(m.recipient()).isEqualTo(SYSTEM);
            }
            assertThat(TestDatabase.queryLong(store, "SELECT COUNT(*) FROM inbound_messages WHERE message_type = 'binary'")).isEqualTo(2);
        }
    }

    @Test
    void dataCodingsMapToAlphabetsAsSmppAnd23038Say() {
        assertThat(Alphabet.of(0x00)).isEqualTo(Alphabet.GSM);
        assertThat(Alphabet.of(0x01)).isEqualTo(Alphabet.ASCII);
        assertThat(Alphabet.of(0x02)).isEqualTo(Alphabet.BINARY);
        assertThat(Alphabet.of(0x03)).isEqualTo(Alphabet.LATIN1);
        assertThat(Alphabet.of(0x04)).isEqualTo(Alphabet.BINARY);
        assertThat(Alphabet.of(0x08)).isEqualTo(Alphabet.UCS2);
        assertThat(Alphabet.of(0x10)).as("class 0, GSM").isEqualTo(Alphabet.GSM);
        assertThat(Alphabet.of(0x14)).as("class 0, 8-bit").isEqualTo(Alphabet.BINARY);
        assertThat(Alphabet.of(0x1A)).as("class 2, UCS-2").isEqualTo(Alphabet.UCS2);
        assertThat(Alphabet.of(0x1C)).as("reserved alphabet: default").isEqualTo(Alphabet.GSM);
        assertThat(Alphabet.of(0x20)).as("compressed").isEqualTo(Alphabet.BINARY);
        assertThat(Alphabet.of(0x48)).as("auto-deletion, UCS-2").isEqualTo(Alphabet.UCS2);
        assertThat(Alphabet.of(0xC8)).as("MWI discard").isEqualTo(Alphabet.GSM);
        assertThat(Alphabet.of(0xE0)).as("MWI store UCS-2").isEqualTo(Alphabet.UCS2);
        assertThat(Alphabet.of(0xF0)).isEqualTo(Alphabet.GSM);
        assertThat(Alphabet.of(0xF3)).isEqualTo(Alphabet.GSM);
        assertThat(Alphabet.of(0xF4)).isEqualTo(Alphabet.BINARY);
        assertThat(Alphabet.of(0xF7)).isEqualTo(Alphabet.BINARY);
    }

    @Test
    void concatenationHeadersAndTheirMistakesAreReadAsSpecified() {
        byte[] text = Pdus.gsm("abc");
        assertThat(UserData.of(Pdus.udh8("1", "2", 0, 0xAB, 3, 2, text, 0)).concat()).isEqualTo(new UserData.Concat(0xAB, 3, 2));
        assertThat(UserData.of(Pdus.udh16("1", "2", 0, 0xBEEF, 4, 4, text, 0)).concat()).isEqualTo(new UserData.Concat(0xBEEF, 4, 4));
        assertThat(UserData.of(Pdus.sar("1", "2", 0, 0x1234, 2, 1, text, 0)).concat()).isEqualTo(new UserData.Concat(0x1234, 2, 1));
        assertThat(UserData.of(Pdus.udh8("1", "2", 0, 7, 3, 2, text, 0)).octets()).isEqualTo(text);
        assertThat(UserData.of(Pdus.udh16("1", "2", 0, 7, 3, 2, text, 0)).octets()).isEqualTo(text);
        assertThat(UserData.of(Pdus.udh8("1", "2", 0, 7, 1, 1, text, 0)).concat()).as("1 of 1 is one SMS").isNull();
        assertThat(UserData.of(Pdus.udh8("1", "2", 0, 7, 3, 4, text, 0)).concat()).as("seq above total").isNull();
        assertThat(UserData.of(Pdus.udh8("1", "2", 0, 7, 3, 0, text, 0)).concat()).as("seq 0").isNull();
        // UDHI set but the header claims more octets than there are: the octets are kept as they are
        InboundSms broken = new InboundSms("c", "1", "2", 0, Pdus.UDHI, octets(0x09, 0x00, 0x03), null, null, null, null, 0);
        assertThat(UserData.of(broken).octets()).containsExactly(0x09, 0x00, 0x03);
        assertThat(UserData.of(broken).concat()).isNull();
    }
}
