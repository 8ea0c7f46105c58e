package io.ringway.message;

import io.ringway.account.Money;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import com.google.i18n.phonenumbers.PhoneNumberUtil;

/**
 * SMS price per destination, from the configured table: the entry with the longest prefix matching the number wins
 * (network prefixes beat country codes); entries without a prefix match the whole country of the number. Numbers no
 * entry covers cost the default price.
 */
public final class PriceTable {
    /** One priced destination; {@code prefix} is E.164 digits (the country calling code when not configured). */
    public record Entry(String country, String countryName, String prefix, BigDecimal price, String network,
                        String mcc, List<String> mncs, boolean wholeCountry) {}

    private final String currency;
    private final BigDecimal defaultPrice;
    private final List<Entry> entries;
    private final java.util.Set<String> countries;

    public PriceTable(String currency, BigDecimal defaultPrice, List<Entry> entries) {
        this.currency = currency;
        this.defaultPrice = defaultPrice;
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparingInt((Entry e) -> e.prefix().length()).reversed());
        this.entries = List.copyOf(sorted);
        this.countries = entries.stream().filter(Entry::wholeCountry).map(Entry::country).collect(java.util.stream.Collectors.toSet());
    }

    /** Builds an entry, deriving the calling code and English country name from the ISO code. */
    public static Entry entry(String country, String prefix, BigDecimal price, String network, String mcc, List<String> mncs) {
        String iso = country.toUpperCase(Locale.ROOT);
        boolean whole = prefix == null || prefix.isBlank();
        String p = whole ? Integer.toString(PhoneNumberUtil.getInstance().getCountryCodeForRegion(iso)) : prefix;
        String name = Locale.of("", iso).getDisplayCountry(Locale.ENGLISH);
        return new Entry(iso, name, p, price, network, mcc, mncs == null ? List.of() : List.copyOf(mncs), whole);
    }

    public String currency() { return currency; }

    public List<Entry> entries() { return entries; }

    public BigDecimal defaultPrice() { return defaultPrice; }

    /** Price of one SMS part to this number ({@code e164} digits without '+', {@code region} from the parser). */
    public BigDecimal priceFor(String e164, String region) {
        for (Entry e : entries) {
            if (e164.startsWith(e.prefix()) && (!e.wholeCountry() || e.country().equals(pricedRegion(region)))) return e.price();
        }
        return defaultPrice;
    }

    /**
     * Crown dependencies and similar territories are numbered inside another country's plan (Guernsey, Jersey and the
     * Isle of Man under +44) and cost what that country costs, unless the table prices them itself. Other countries
     * sharing a calling code (the +1 Caribbean nations) are countries of their own and fall to the default price.
     */
    private static final java.util.Map<String, String> TERRITORIES = java.util.Map.of(
            "GG", "GB", "JE", "GB", "IM", "GB", "AX", "FI", "SJ", "NO", "VA", "IT", "CC", "AU", "CX", "AU");

    private String pricedRegion(String region) {
        if (region == null || countries.contains(region)) return region;
        return TERRITORIES.getOrDefault(region, region);
    }

    public long priceMicros(String e164, String region, int parts) {
        return Money.toMicros(priceFor(e164, region)) * parts;
    }
}
