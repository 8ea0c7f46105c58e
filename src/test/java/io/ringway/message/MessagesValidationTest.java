package io.ringway.message;

import io.ringway.account.Account;
import io.ringway.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static io.ringway.message.SmsFixture.flag;
import static io.ringway.message.SmsFixture.sms;
import static org.assertj.core.api.Assertions.assertThat;

/** The sms77 rules of {@code /api/sms} as {@link Messages#accept} applies them, on both databases. */
class MessagesValidationTest {
    private static final String DE = "+491761234567";
    private SmsFixture f;

    @AfterEach
    void close() {
        if (f != null) f.close();
    }

    private Account start(TestDatabase db) {
        f = new SmsFixture(db);
        return f.account("10.00");
    }

    /** A refused request leaves no trace: no message, no charge, no ledger row. */
    private void assertRefused(Account a, SmsAcceptance result, Refusal refusal) {
        assertThat(result.refusal()).isEqualTo(refusal);
        assertThat(result.code()).isEqualTo(refusal.code());
        assertThat(f.messageCount()).isZero();
        assertThat(f.balanceMicros(a)).isEqualTo(10_000_000);
        assertThat(f.query("SELECT COUNT(*) FROM ledger WHERE kind <> 'topup'")).isZero();
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void missingRecipientOrTextHaveTheirCodes(TestDatabase db) {
        Account a = start(db);
        assertRefused(a, f.send(a, new SmsFixture.Req().text("hi")), Refusal.MISSING_TO);
        assertRefused(a, f.send(a, sms("hi", " ", "")), Refusal.MISSING_TO);
        assertRefused(a, f.send(a, sms("hi", ",, ,")), Refusal.MISSING_TO);
        assertThat(Refusal.MISSING_TO.code()).isEqualTo(301);
        assertRefused(a, f.send(a, new SmsFixture.Req().to(DE)), Refusal.MISSING_TEXT);
        assertRefused(a, f.send(a, sms("", DE)), Refusal.MISSING_TEXT);
        assertThat(Refusal.MISSING_TEXT.code()).isEqualTo(305);
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void textUpTo1520CharactersIsAcceptedLongerIs401(TestDatabase db) {
        Account a = start(db);
        assertRefused(a, f.send(a, sms("a".repeat(1521), DE)), Refusal.TEXT_TOO_LONG);
        assertThat(Refusal.TEXT_TOO_LONG.code()).isEqualTo(401);

        SmsAcceptance ok = f.send(a, sms("a".repeat(1520), DE));
        assertThat(ok.code()).isEqualTo(100);
        assertThat(ok.body().partCount()).isEqualTo(10); // ceil(1520 / 153)
        assertThat(ok.totalMicros()).isEqualTo(10 * 75_000);
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void sendersLongerThan11AlphanumericOr16DigitsAre201(TestDatabase db) {
        Account a = start(db);
        for (String bad : List.of("ABCDEFGHIJKL", "12345678901234567", "+12345678901234567", "Shop<script>", "Ünïcødé", "   ")) {
            SmsAcceptance r = f.send(a, sms("hi", DE).from(bad));
            if (bad.isBlank()) {
                assertThat(r.code()).as("blank means the default sender").isEqualTo(100);
                continue;
            }
            assertRefused(a, r, Refusal.INVALID_SENDER);
            assertThat(r.code()).isEqualTo(201);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void validSendersAreStoredAsGiven(TestDatabase db) {
        Account a = start(db);
        for (String good : List.of("ABCDEFGHIJK", "1234567890123456", "+491761234567", "01761234567890", "sms77.io", "CompanyABC")) {
            SmsAcceptance r = f.send(a, sms("from " + good, DE).from(good));
            assertThat(r.code()).as(good).isEqualTo(100);
            assertThat(f.message(r.results().get(0).message().id()).get("sender")).isEqualTo(good);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void withoutFromTheAccountsThenTheGatewaysDefaultSenderIsUsed(TestDatabase db) {
        Account a = start(db);
        assertThat(f.send(a, sms("one", DE)).sender()).isEqualTo("Ringway");
        Account named = f.update(a, "default_sender = 'PetShop'");
        SmsAcceptance r = f.send(named, sms("two", DE));
        assertThat(r.sender()).isEqualTo("PetShop");
        assertThat(f.message(r.results().get(0).message().id()).get("sender")).isEqualTo("PetShop");
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void onlyInvalidRecipientsIs202(TestDatabase db) {
        Account a = start(db);
        SmsAcceptance r = f.send(a, sms("hi", "Group1", "0171abc"));
        assertRefused(a, r, Refusal.INVALID_RECIPIENT);
        assertThat(r.code()).isEqualTo(202);
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void someInvalidRecipientsStoreTheValidOnesWith101(TestDatabase db) {
        Account a = start(db);
        SmsAcceptance r = f.send(a, sms("hi", DE, "Contact1", "0171999999999"));

        assertThat(r.code()).isEqualTo(101);
        assertThat(r.results()).extracting(SmsAcceptance.Result::refusal)
                .containsExactly(null, Refusal.INVALID_RECIPIENT, null);
        assertThat(f.rows("SELECT recipient FROM messages ORDER BY id")).extracting(m -> m.get("recipient"))
                .containsExactly("491761234567", "49171999999999");
        assertThat(r.totalMicros()).isEqualTo(2 * 75_000);
        assertThat(f.balanceMicros(a)).isEqualTo(10_000_000 - 2 * 75_000);
    }

    static Stream<Arguments> invalidParameters() {
        String pdf = Base64.getEncoder().encodeToString("%PDF-1.4".getBytes());
        SmsRequest.Attachment doc = new SmsRequest.Attachment("document.pdf", pdf, "3", null);
        List<Arguments> cases = new ArrayList<>(List.of(
                Arguments.of("label too long", (UnaryOperator<SmsFixture.Req>) r -> r.label("a".repeat(101)), "label"),
                Arguments.of("label with a space", (UnaryOperator<SmsFixture.Req>) r -> r.label("two words"), "label"),
                Arguments.of("label with a comma", (UnaryOperator<SmsFixture.Req>) r -> r.label("a,b"), "label"),
                Arguments.of("foreign_id too long", (UnaryOperator<SmsFixture.Req>) r -> r.foreignId("f".repeat(65)), "foreign_id"),
                Arguments.of("foreign_id with a slash", (UnaryOperator<SmsFixture.Req>) r -> r.foreignId("a/b"), "foreign_id"),
                Arguments.of("ttl 0", (UnaryOperator<SmsFixture.Req>) r -> r.ttl("0"), "ttl"),
                Arguments.of("ttl above 30 days", (UnaryOperator<SmsFixture.Req>) r -> r.ttl("43201"), "ttl"),
                Arguments.of("ttl not a number", (UnaryOperator<SmsFixture.Req>) r -> r.ttl("48h"), "ttl"),
                Arguments.of("delay garbage", (UnaryOperator<SmsFixture.Req>) r -> r.delay("next week"), "delay"),
                Arguments.of("udh not hex", (UnaryOperator<SmsFixture.Req>) r -> r.udh("05000zCC0201").text("48656c6c6f"), "udh"),
                Arguments.of("udh with non-hex text", (UnaryOperator<SmsFixture.Req>) r -> r.udh("050003CC0201").text("Hello"), "udh"),
                Arguments.of("file without placeholder", (UnaryOperator<SmsFixture.Req>) r -> r.files(doc).text("no placeholder"), "files[0]"),
                Arguments.of("file not base64", (UnaryOperator<SmsFixture.Req>) r -> r.files(
                        new SmsRequest.Attachment("a.pdf", "not base64!", null, null)).text("see [[a.pdf]]"), "files[0].contents"),
                Arguments.of("file name with a slash", (UnaryOperator<SmsFixture.Req>) r -> r.files(
                        new SmsRequest.Attachment("../a.pdf", pdf, null, null)).text("see [[../a.pdf]]"), "files[0].name"),
                Arguments.of("file validity not days", (UnaryOperator<SmsFixture.Req>) r -> r.files(
                        new SmsRequest.Attachment("a.pdf", pdf, "soon", null)).text("see [[a.pdf]]"), "files[0].validity"),
                Arguments.of("eleven files", (UnaryOperator<SmsFixture.Req>) r -> r.files(
                        Collections.nCopies(11, doc).toArray(SmsRequest.Attachment[]::new)).text("[[document.pdf]]"), "at most 10"),
                Arguments.of("too many recipients", (UnaryOperator<SmsFixture.Req>) r -> r.to(
                        Collections.nCopies(101, DE).toArray(String[]::new)), "at most 100 recipients")));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidParameters")
    void invalidParameterValuesAreRefusedWithAClearDetail(String name, UnaryOperator<SmsFixture.Req> change, String detail) {
        for (TestDatabase db : TestDatabase.values()) {
            Account a = start(db);
            SmsAcceptance r = f.send(a, change.apply(sms("hello", DE)));
            assertRefused(a, r, Refusal.INVALID_PARAMETER);
            assertThat(r.detail()).as(db.name()).contains(detail);
            f.close();
            f = null;
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void validOptionalParametersAreStoredOnTheMessage(TestDatabase db) {
        Account a = start(db);
        String pdf = Base64.getEncoder().encodeToString("%PDF-1.4".getBytes());
        SmsAcceptance r = f.send(a, sms("Your file: [[document.pdf]]", DE).label("Marketing_22.02.2018").foreignId("id12345@x.y")
                .ttl("60").flash().files(new SmsRequest.Attachment("document.pdf", pdf, "3", "password123")));
        assertThat(r.code()).isEqualTo(100);
        Map<String, Object> row = f.message(r.results().get(0).message().id());
        assertThat(row).containsEntry("label", "Marketing_22.02.2018").containsEntry("foreign_id", "id12345@x.y")
                .containsEntry("ttl_minutes", 60L).containsEntry("status", "ACCEPTED").containsEntry("encoding", "GSM");
        assertThat(flag(row.get("flash"))).isTrue();

        Map<String, Object> plain = f.message(f.send(a, sms("plain", DE)).results().get(0).message().id());
        assertThat(plain).containsEntry("ttl_minutes", 2880L).containsEntry("label", null).containsEntry("foreign_id", null);
        assertThat(flag(plain.get("flash"))).isFalse();
        String maxLabel = "L".repeat(100);
        assertThat(f.send(a, sms("max label", DE).label(maxLabel).foreignId("F".repeat(64)).ttl("43200")).code()).isEqualTo(100);
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void udhWithHexTextIsStoredAsBinary(TestDatabase db) {
        Account a = start(db);
        SmsAcceptance r = f.send(a, sms("48656C6C6F", DE).udh("050003CC0201"));
        assertThat(r.code()).isEqualTo(100);
        assertThat(r.body().encoding()).isEqualTo(Encoding.BINARY);
        Map<String, Object> row = f.message(r.results().get(0).message().id());
        assertThat(row).containsEntry("encoding", "BINARY").containsEntry("udh", "050003CC0201").containsEntry("parts", 1L);
        assertThat(f.messages.find(a.id(), List.of((Long) row.get("id"))).get(0).body().parts().get(0))
                .containsExactly("Hello".getBytes());
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void unicodeTextIsUcs2AndCanBeForced(TestDatabase db) {
        Account a = start(db);
        assertThat(f.send(a, sms("Привет", DE)).body().encoding()).isEqualTo(Encoding.UCS2);
        SmsAcceptance forced = f.send(a, sms("plain ascii", DE).unicode());
        assertThat(forced.body().encoding()).isEqualTo(Encoding.UCS2);
        assertThat(f.message(forced.results().get(0).message().id())).containsEntry("encoding", "UCS2");
        SmsAcceptance twoParts = f.send(a, sms("ж".repeat(71), DE));
        assertThat(twoParts.body().partCount()).isEqualTo(2);
        assertThat(twoParts.totalMicros()).isEqualTo(2 * 75_000);
    }
}
