package io.ringway.message;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PriceTableTest {
    private static PriceTable.Entry whole(String country, String price) {
        return PriceTable.entry(country, null, new BigDecimal(price), null, null, null);
    }

    private final PriceTable table = new PriceTable("EUR", new BigDecimal("0.090"), List.of(
            whole("DE", "0.075"),
            PriceTable.entry("DE", "49176", new BigDecimal("0.065"), "O2", "262", List.of("07")),
            PriceTable.entry("DE", "4917", new BigDecimal("0.070"), null, null, null),
            whole("US", "0.019"),
            whole("CA", "0.025"),
            whole("GB", "0.039")));
    private final Recipients recipients = new Recipients();

    private BigDecimal price(String number) {
        Recipients.Recipient r = recipients.parseOne(number, "DE");
        return table.priceFor(r.e164(), r.region());
    }

    @Test
    void theLongestMatchingPrefixWins() {
        assertThat(price("+491761234567")).isEqualByComparingTo("0.065");
        assertThat(price("+491711234567")).isEqualByComparingTo("0.070");
        assertThat(price("+49301234567")).isEqualByComparingTo("0.075");
    }

    @Test
    void usAndCanadaShareCallingCode1ButArePricedByRegion() {
        assertThat(price("+14155552671")).isEqualByComparingTo("0.019");
        assertThat(price("+16135550123")).isEqualByComparingTo("0.025");
    }

    @Test
    void unlistedCountriesCostTheDefaultPrice() {
        assertThat(price("+33612345678")).isEqualByComparingTo("0.090");
        assertThat(price("+8613912345678")).isEqualByComparingTo("0.090");
        // a country-wide entry only covers its own region, even where calling codes overlap (e.g. Jamaica +1 876)
        assertThat(price("+18765551234")).isEqualByComparingTo("0.090");
    }

    @Test
    void crownDependenciesCostWhatTheirNumberingCountryCosts() {
        PriceTable withGb = new PriceTable("EUR", new BigDecimal("0.090"), List.of(whole("GB", "0.039")));
        assertThat(withGb.priceFor("447911123456", "GG")).isEqualByComparingTo("0.039");
        assertThat(withGb.priceFor("447700900123", "JE")).isEqualByComparingTo("0.039");
        PriceTable withGuernsey = new PriceTable("EUR", new BigDecimal("0.090"), List.of(whole("GB", "0.039"), whole("GG", "0.050")));
        assertThat(withGuernsey.priceFor("447911123456", "GG")).isEqualByComparingTo("0.050");
    }

    @Test
    void priceMicrosIsPartsTimesThePartPrice() {
        assertThat(table.priceMicros("491711234567", "DE", 1)).isEqualTo(70_000);
        assertThat(table.priceMicros("4930123456", "DE", 2)).isEqualTo(150_000);
        assertThat(table.priceMicros("33612345678", "FR", 3)).isEqualTo(270_000);
    }

    @Test
    void entriesDeriveCallingCodeAndCountryName() {
        PriceTable.Entry de = whole("de", "0.075");
        assertThat(de.country()).isEqualTo("DE");
        assertThat(de.prefix()).isEqualTo("49");
        assertThat(de.countryName()).isEqualTo("Germany");
        assertThat(de.wholeCountry()).isTrue();
        assertThat(de.mncs()).isEmpty();
        assertThat(table.entries().get(0).prefix()).isEqualTo("49176");
        assertThat(table.currency()).isEqualTo("EUR");
        assertThat(table.defaultPrice()).isEqualByComparingTo("0.09");
    }
}
