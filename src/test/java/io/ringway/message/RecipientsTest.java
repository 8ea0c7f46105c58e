package io.ringway.message;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RecipientsTest {
    private final Recipients recipients = new Recipients();

    @ParameterizedTest(name = "{0} (default {1}) -> {2}")
    @CsvSource({
            // the formats of the sms77 document
            "0049171999999999, DE, 49171999999999",
            "0171999999999,    DE, 49171999999999",
            "49171999999999,   DE, 49171999999999",
            "+49171999999999,  DE, 49171999999999",
            "49160999999999,   DE, 49160999999999",
            // everyday German mobile numbers, with the separators people type
            "01761234567,      DE, 491761234567",
            "+49 176 1234567,  DE, 491761234567",
            "0049-176-123-4567, DE, 491761234567",
            "(0176) 1234567,   DE, 491761234567",
            "0176/1234567,     DE, 491761234567",
            // national numbers follow the account's default country
            "06641234567,      AT, 436641234567",
            "07911123456,      GB, 447911123456",
            // international numbers ignore it
            "+447911123456,    DE, 447911123456",
            "+33612345678,     DE, 33612345678",
            "0043 664 1234567, DE, 436641234567",
            "+14155552671,     DE, 14155552671",
            "16135550123,      DE, 16135550123",
    })
    void normalizesToE164Digits(String raw, String country, String e164) {
        Recipients.Recipient r = recipients.parseOne(raw, country);
        assertThat(r.valid()).as(raw).isTrue();
        assertThat(r.e164()).isEqualTo(e164);
        assertThat(r.raw()).isEqualTo(raw);
    }

    @Test
    void reportsTheRegionEvenWhereCountriesShareACallingCode() {
        assertThat(recipients.parseOne("+14155552671", "DE").region()).isEqualTo("US");
        assertThat(recipients.parseOne("+16135550123", "DE").region()).isEqualTo("CA");
        assertThat(recipients.parseOne("01761234567", "DE").region()).isEqualTo("DE");
        assertThat(recipients.parseOne("+447400123456", "DE").region()).isEqualTo("GB");
        assertThat(recipients.parseOne("+447911123456", "DE").region()).as("a Guernsey range of +44").isEqualTo("GG");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Group1", "Contact1", "hello", "0171abc9999", "+49", "+", "12", "0049", "49 171 9999 9999 9999 9999",
            "+49171999999999999999", "+0171999999", "--", "49171999999999;", "++49171999999999", "017199999999999999999"})
    void namesAndGarbageAreInvalid(String raw) {
        Recipients.Recipient r = recipients.parseOne(raw, "DE");
        assertThat(r.valid()).as(raw).isFalse();
        assertThat(r.e164()).isNull();
    }

    @Test
    void commaListsAndRepeatedValuesAreSplitAndEmptyEntriesDropped() {
        List<Recipients.Recipient> parsed = recipients.parse(List.of("01761234567, +447911123456,,", " ", "Group1"), "DE");
        assertThat(parsed).extracting(Recipients.Recipient::raw).containsExactly("01761234567", "+447911123456", "Group1");
        assertThat(parsed).extracting(Recipients.Recipient::e164).containsExactly("491761234567", "447911123456", null);
    }

    @Test
    void theSameTextIsReadPerDefaultCountry() {
        assertThat(recipients.parseOne("06641234567", "AT").e164()).isEqualTo("436641234567");
        assertThat(recipients.parseOne("06641234567", "DE").e164()).isNotEqualTo("436641234567");
    }
}
