package io.ringway.inbound;

import io.ringway.account.Accounts;
import io.ringway.store.Store;
import io.ringway.testing.MutableClock;
import io.ringway.testing.TestDatabase;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static io.ringway.inbound.Pdus.concat;
import static io.ringway.inbound.Pdus.gsm;
import static io.ringway.inbound.Pdus.octets;
import static io.ringway.inbound.Pdus.sar;
import static io.ringway.inbound.Pdus.ucs2;
import static io.ringway.inbound.Pdus.udh16;
import static io.ringway.inbound.Pdus.udh8;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Concatenated SMS: parts in any order, by 8-bit or 16-bit UDH reference or SAR, sent twice, across a restart, or
 * never all of them. Each part is committed before its future completes; a whole message is stored exactly once.
 */
class ConcatenationTest {
    private static final String FROM = "4917600000009";
    private static final String SYSTEM = "4915100000002";
    private final MutableClock clock = new MutableClock(Instant.parse("2030-06-01T10:00:00Z"));

    private static long account(Store store, MutableClock clock) {
        return new Accounts(store, clock, new Accounts.Defaults("EUR", "DE", true)).create("a", BigDecimal.ONE).account().id();
    }

    private static List<InboundMessage> journal(Inbound inbound, long account) {
        return inbound.journal(account, new Inbound.JournalQuery(null, null, null, null, 100, 0));
    }

    private static long waitingParts(Store store) { return TestDatabase.queryLong(store, "SELECT COUNT(*) FROM inbound_parts"); }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void threePartsOutOfOrderWithUdh8AndDuplicatesBecomeOneMessage(TestDatabase db) throws Exception {
        try (Store store = db.openFresh()) {
            long account = account(store, clock);
            Inbound inbound = new Inbound(store, null, clock, ZoneOffset.UTC, account);
            long at = clock.millis();
            InboundSms one = udh8(FROM, SYSTEM, 0, 0xC7, 3, 1, gsm("This is the first part, "), at);
            InboundSms two = udh8(FROM, SYSTEM, 0, 0xC7, 3, 2, gsm("then the second "), at + 400);
            InboundSms three = udh8(FROM, SYSTEM, 0, 0xC7, 3, 3, gsm("and the last."), at + 800);

            inbound.received(three).get();
            assertThat(waitingParts(store)).as("committed before the future completed").isEqualTo(1);
            inbound.received(one).get();
            inbound.received(one).get(); // the SMSC did not hear our ack and sends it again
            assertThat(waitingParts(store)).isEqualTo(2);
            assertThat(journal(inbound, account)).isEmpty();
            inbound.received(two).get();
            inbound.received(three).get(); // again, after the message was assembled: must not start a new one

            List<InboundMessage> got = journal(inbound, account);
            assertThat(got).singleElement().satisfies(m -> {
                assertThat(m.text()).isEqualTo("This is the first part, then the second and the last.");
                assertThat(m.parts()).isEqualTo(3);
                assertThat(m.missingParts()).isNull();
                assertThat(m.receivedAt()).as("when the first part came").isEqualTo(at);
            });
            assertThat(waitingParts(store)).isZero();

            // Later the sender's phone uses reference 0xC7 again, for another text: that is a new message.
            inbound.received(udh8(FROM, SYSTEM, 0, 0xC7, 3, 3, gsm("C"), at + 5000)).get();
            inbound.received(udh8(FROM, SYSTEM, 0, 0xC7, 3, 1, gsm("A"), at + 5000)).get();
            inbound.received(udh8(FROM, SYSTEM, 0, 0xC7, 3, 2, gsm("B"), at + 5000)).get();
            assertThat(journal(inbound, account)).extracting(InboundMessage::text)
                    .containsExactlyInAnyOrder("This is the first part, then the second and the last.", "ABC");
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void udh16AndSarPartsAreJoinedAlsoWhereACharacterIsSplitBetweenParts(TestDatabase db) throws Exception {
        try (Store store = db.openFresh()) {
            long account = account(store, clock);
            Inbound inbound = new Inbound(store, null, clock, ZoneOffset.UTC, account);
            long at = clock.millis();
            // 16-bit reference; part 1 ends with the escape of "€", part 2 starts with its character (0x65).
            inbound.received(udh16(FROM, SYSTEM, 0, 0xBEEF, 3, 2, concat(octets(0x65), gsm(" 100 ")), at)).get();
            inbound.received(udh16(FROM, SYSTEM, 0, 0xBEEF, 3, 1, concat(gsm("Price: "), octets(0x1B)), at)).get();
            inbound.received(udh16(FROM, SYSTEM, 0, 0xBEEF, 3, 2, concat(octets(0x65), gsm(" 100 ")), at)).get();
            // Same numbers, same total, but an 8-bit reference of another value: another message, still waiting.
            inbound.received(udh8(FROM, SYSTEM, 0, 0xEF, 3, 1, gsm("other"), at)).get();
            inbound.received(udh16(FROM, SYSTEM, 0, 0xBEEF, 3, 3, gsm("each"), at)).get();

            // SAR, UCS-2, the emoji's surrogate pair split between parts 2 and 3.
            byte[] text = ucs2("Grüße 😀!");
            inbound.received(sar(FROM, SYSTEM, 8, 0x0102, 3, 3, java.util.Arrays.copyOfRange(text, 14, text.length), at)).get();
            inbound.received(sar(FROM, SYSTEM, 8, 0x0102, 3, 1, java.util.Arrays.copyOfRange(text, 0, 6), at)).get();
            inbound.received(sar(FROM, SYSTEM, 8, 0x0102, 3, 3, java.util.Arrays.copyOfRange(text, 14, text.length), at)).get();
            inbound.received(sar(FROM, SYSTEM, 8, 0x0102, 3, 2, java.util.Arrays.copyOfRange(text, 6, 14), at)).get();

            assertThat(journal(inbound, account)).extracting(InboundMessage::text).containsExactlyInAnyOrder("Price: € 100 each", "Grüße 😀!");
            assertThat(waitingParts(store)).as("only the other message's part").isEqualTo(1);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void partsStoredBeforeARestartAreJoinedWithTheLastOneAfterIt(TestDatabase db) throws Exception {
        String url = db.freshUrl();
        long account;
        long at = clock.millis();
        try (Store store = db.open(url)) {
            account = account(store, clock);
            Inbound inbound = new Inbound(store, null, clock, ZoneOffset.UTC, account);
            inbound.received(udh8(FROM, SYSTEM, 0, 9, 3, 1, gsm("Before "), at)).get();
            inbound.received(udh8(FROM, SYSTEM, 0, 9, 3, 3, gsm(" after."), at)).get();
        }
        clock.advance(Duration.ofMinutes(3));
        try (Store store = db.open(url)) {
            Inbound inbound = new Inbound(store, null, clock, ZoneOffset.UTC, account);
            assertThat(waitingParts(store)).isEqualTo(2);
            inbound.received(udh8(FROM, SYSTEM, 0, 9, 3, 2, gsm("the restart and"), clock.millis())).get();
            assertThat(journal(inbound, account)).singleElement()
                    .satisfies(m -> assertThat(m.text()).isEqualTo("Before the restart and after."));
            assertThat(waitingParts(store)).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void partsThatNeverCompleteAreStoredWithTheGapsMarkedAfterTheConfiguredTime(TestDatabase db) throws Exception {
        try (Store store = db.openFresh()) {
            long account = account(store, clock);
            Inbound inbound = new Inbound(store, null, clock, ZoneOffset.UTC, account, Duration.ofHours(6));
            long at = clock.millis();
            inbound.received(udh8(FROM, SYSTEM, 0, 1, 4, 1, gsm("Start"), at)).get();
            clock.advance(Duration.ofHours(1));
            inbound.received(udh8(FROM, SYSTEM, 0, 1, 4, 3, gsm("middle"), clock.millis())).get();
            inbound.received(udh8(FROM, "4915100000003", 0, 1, 2, 1, gsm("younger"), clock.millis())).get();

            clock.advance(Duration.ofHours(4));
            assertThat(inbound.expireIncomplete()).as("5 h: still waiting").isZero();
            clock.advance(Duration.ofHours(1));
            assertThat(inbound.expireIncomplete()).isEqualTo(1);
            assertThat(journal(inbound, account)).singleElement().satisfies(m -> {
                assertThat(m.text()).isEqualTo("Start[part 2 of 4 missing]middle[part 4 of 4 missing]");
                assertThat(m.missingParts()).isEqualTo("2,4");
                assertThat(m.parts()).isEqualTo(4);
                assertThat(m.receivedAt()).isEqualTo(at);
            });
            assertThat(waitingParts(store)).as("the younger message's part waits on").isEqualTo(1);
            assertThat(inbound.expireIncomplete()).as("nothing twice").isZero();

            // Part 3 sent again after its message was stored incomplete: recognised, not a new message.
            inbound.received(udh8(FROM, SYSTEM, 0, 1, 4, 3, gsm("middle"), clock.millis())).get();
            assertThat(waitingParts(store)).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void housekeepingStartsWithTheGatewayAndStoresWhatBecameOverdueWhileItWasDown(TestDatabase db) throws Exception {
        String url = db.freshUrl();
        long account;
        try (Store store = db.open(url)) {
            account = account(store, clock);
            new Inbound(store, null, clock, ZoneOffset.UTC, account).received(udh8(FROM, SYSTEM, 0, 3, 2, 2, gsm("tail"), clock.millis())).get();
        }
        clock.advance(Duration.ofHours(30));
        try (Store store = db.open(url); Inbound inbound = new Inbound(store, null, clock, ZoneOffset.UTC, account)) {
            inbound.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (journal(inbound, account).isEmpty() && System.nanoTime() < deadline) Thread.sleep(20);
            assertThat(journal(inbound, account)).extracting(InboundMessage::text).containsExactly("[part 1 of 2 missing]tail");
        }
    }
}
