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

import static io.ringway.inbound.Pdus.gsm;
import static io.ringway.inbound.Pdus.sms;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The receiving number decides the account; SMS to numbers nobody owns go to the default account or, without one,
 * are kept for no account. None is ever dropped.
 */
class OwnershipTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2030-06-01T10:00:00Z"));

    private static List<String> texts(Inbound inbound, long account) {
        return inbound.journal(account, new Inbound.JournalQuery(null, null, null, null, 100, 0)).stream().map(InboundMessage::text).toList();
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void theOwnerOfTheNumberGetsItAndUnownedNumbersGoToTheDefaultAccount(TestDatabase db) throws Exception {
        try (Store store = db.openFresh()) {
            Accounts accounts = new Accounts(store, clock, new Accounts.Defaults("EUR", "DE", true));
            long fallback = accounts.create("default", BigDecimal.ONE).account().id();
            long shop = accounts.create("shop", BigDecimal.ONE).account().id();
            InboundNumbers numbers = new InboundNumbers(store, clock);
            assertThat(numbers.add("+49 151 1234 5678", shop).entry().number()).isEqualTo("4915112345678");
            Inbound inbound = new Inbound(store, null, clock, ZoneOffset.UTC, fallback);

            long at = clock.millis();
            inbound.received(sms("+4917600000001", "4915112345678", 0, gsm("international, as SMSCs send it"), at)).get();
            inbound.received(sms("4917600000001", "+49 (0)151 12345678", 0, gsm("with a plus and a trunk zero"), at)).get();
            inbound.received(sms("4917600000001", "4915199999999", 0, gsm("nobody owns this one"), at)).get();

            assertThat(texts(inbound, shop)).containsExactlyInAnyOrder("international, as SMSCs send it", "with a plus and a trunk zero");
            assertThat(texts(inbound, fallback)).containsExactly("nobody owns this one");
            assertThat(inbound.journal(shop, new Inbound.JournalQuery(null, null, null, null, 100, 0)))
                    .extracting(InboundMessage::sender).containsOnly("4917600000001");

            // Removed: the next SMS goes to the default account, the ones received stay with the shop.
            assertThat(numbers.remove("004915112345678")).isTrue();
            assertThat(numbers.remove("4915112345678")).isFalse();
            inbound.received(sms("4917600000001", "4915112345678", 0, gsm("after removal"), at)).get();
            assertThat(texts(inbound, shop)).hasSize(2);
            assertThat(texts(inbound, fallback)).containsExactlyInAnyOrder("nobody owns this one", "after removal");
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void withoutADefaultAccountUnownedSmsAreKeptForNoAccount(TestDatabase db) throws Exception {
        try (Store store = db.openFresh()) {
            Accounts accounts = new Accounts(store, clock, new Accounts.Defaults("EUR", "DE", true));
            long a = accounts.create("a", BigDecimal.ONE).account().id();
            long b = accounts.create("b", BigDecimal.ONE).account().id();
            new InboundNumbers(store, clock).add("4915100000010", a);
            Inbound inbound = new Inbound(store, null, clock, ZoneOffset.UTC, 0);
            inbound.received(sms("4917600000001", "4915100000099", 0, gsm("for nobody"), clock.millis())).get();
            inbound.received(sms("4917600000001", "4915100000099", 0, gsm("for nobody again"), clock.millis())).get();
            inbound.received(sms("4917600000001", "4915100000010", 0, gsm("for a"), clock.millis())).get();

            assertThat(texts(inbound, a)).containsExactly("for a");
            assertThat(texts(inbound, b)).isEmpty();
            assertThat(TestDatabase.queryLong(store, "SELECT COUNT(*) FROM inbound_messages WHERE account_id IS NULL")).isEqualTo(2);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void numbersAreRefusedForUnknownAccountsAndCannotBeTakenFromTheirOwner(TestDatabase db) {
        try (Store store = db.openFresh()) {
            Accounts accounts = new Accounts(store, clock, new Accounts.Defaults("EUR", "DE", true));
            long a = accounts.create("a", BigDecimal.ONE).account().id();
            long b = accounts.create("b", BigDecimal.ONE).account().id();
            InboundNumbers numbers = new InboundNumbers(store, clock);
            assertThat(numbers.add("4915100000010", 99).problem()).isEqualTo("no account 99");
            assertThat(numbers.add("Shop", a).problem()).contains("not a phone number");
            assertThat(numbers.add("4915100000010", a).entry().accountId()).isEqualTo(a);
            assertThat(numbers.add("+4915100000010", a).entry().accountId()).as("again for its owner: no change").isEqualTo(a);
            assertThat(numbers.add("0049 151 00000010", b).problem()).contains("belongs to account " + a);
            assertThat(numbers.add("80888", b).entry().number()).as("a short code").isEqualTo("80888");
            assertThat(numbers.list()).extracting(InboundNumbers.Entry::number, InboundNumbers.Entry::accountId)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("4915100000010", a), org.assertj.core.groups.Tuple.tuple("80888", b));

            assertThatThrownBy(() -> new Inbound(store, null, clock, ZoneOffset.UTC, 42))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("42");
        }
    }

    @Test
    void numbersAreNormalizedLikeRecipients() {
        assertThat(InboundNumbers.normalize("+49 151 1234-5678")).isEqualTo("4915112345678");
        assertThat(InboundNumbers.normalize("0049 151 12345678")).isEqualTo("4915112345678");
        assertThat(InboundNumbers.normalize("4915112345678")).isEqualTo("4915112345678");
        assertThat(InboundNumbers.normalize("+49 (0)151 12345678")).isEqualTo("4915112345678");
        assertThat(InboundNumbers.normalize("+43 664 1234567")).isEqualTo("436641234567");
        assertThat(InboundNumbers.normalize("80888")).as("short code").isEqualTo("80888");
        assertThat(InboundNumbers.normalize("0151 12345678")).as("national: no country guessed").isEqualTo("015112345678");
        assertThat(InboundNumbers.normalize("Shop24")).as("alphanumeric sender").isEqualTo("Shop24");
        assertThat(InboundNumbers.normalize(null)).isEmpty();
    }
}
