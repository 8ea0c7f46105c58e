package io.ringway.message;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Turns the {@code to} values of a request into E.164 numbers, following the sms77 conventions: {@code +49…} and
 * {@code 0049…} are international, {@code 49…} (digits without a leading zero) is international too, and
 * {@code 0171…} is national in the account's default country. A number is accepted when libphonenumber considers
 * it possible for its country (length rules), which lets new number ranges through that strict validation would
 * refuse on older metadata. Address-book names are not numbers (the address book comes later), so they are invalid.
 */
public final class Recipients {
    /** One recipient as the client wrote it, and its E.164 digits (no '+') if it is a usable number. */
    public record Recipient(String raw, String e164, String region) {
        public boolean valid() { return e164 != null; }
    }

    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();
    private static final Pattern SEPARATORS = Pattern.compile("[\\s\\-()/.]");
    private static final Pattern DIGITS = Pattern.compile("\\+?\\d+");
    private static final int CACHE_LIMIT = 100_000;

    // Parsing is ~10 µs; senders hit the same few numbers over and over.
    private final ConcurrentHashMap<String, Recipient> cache = new ConcurrentHashMap<>();

    /** Splits comma lists and parses every entry; empty entries are dropped. */
    public List<Recipient> parse(List<String> toValues, String defaultCountry) {
        List<Recipient> out = new ArrayList<>();
        for (String value : toValues) {
            for (String part : value.split(",")) {
                String raw = part.strip();
                if (!raw.isEmpty()) out.add(parseOne(raw, defaultCountry));
            }
        }
        return out;
    }

    public Recipient parseOne(String raw, String defaultCountry) {
        String key = defaultCountry + '|' + raw;
        Recipient r = cache.get(key);
        if (r == null) {
            r = resolve(raw, defaultCountry);
            if (cache.size() >= CACHE_LIMIT) cache.clear();
            cache.put(key, r);
        }
        return r;
    }

    /**
     * A number in the national format of {@code region} or an international one (with {@code +} or {@code 00}), as
     * the Voice2Phone API takes them beside their country. Unlike {@link #parseOne}, digits without a prefix are
     * national: {@code 4252337837} in US is {@code 14252337837}.
     */
    public Recipient parseIn(String raw, String region) {
        String s = SEPARATORS.matcher(raw).replaceAll("");
        if (!DIGITS.matcher(s).matches() || s.length() > 20) return new Recipient(raw, null, null);
        if (s.startsWith("+") || s.startsWith("00")) return parseOne(raw, region);
        try {
            PhoneNumber n = PHONES.parse(s, region);
            // The country is given, so the number can be checked against its plan, not only its length.
            if (!PHONES.isValidNumberForRegion(n, region)) return new Recipient(raw, null, null);
            return new Recipient(raw, PHONES.format(n, PhoneNumberUtil.PhoneNumberFormat.E164).substring(1), region);
        } catch (NumberParseException e) {
            return new Recipient(raw, null, null);
        }
    }

    private static Recipient resolve(String raw, String defaultCountry) {
        String s = SEPARATORS.matcher(raw).replaceAll("");
        if (!DIGITS.matcher(s).matches() || s.length() > 20) return new Recipient(raw, null, null);
        String international;
        if (s.startsWith("+")) international = s;
        else if (s.startsWith("00")) international = "+" + s.substring(2);
        else if (s.startsWith("0")) international = null;
        else international = "+" + s;
        try {
            PhoneNumber n = international != null ? PHONES.parse(international, "ZZ") : PHONES.parse(s, defaultCountry);
            if (!PHONES.isPossibleNumber(n)) return new Recipient(raw, null, null);
            String region = PHONES.getRegionCodeForNumber(n);
            if (region == null) region = PHONES.getRegionCodeForCountryCode(n.getCountryCode());
            return new Recipient(raw, PHONES.format(n, PhoneNumberUtil.PhoneNumberFormat.E164).substring(1), region);
        } catch (NumberParseException e) {
            return new Recipient(raw, null, null);
        }
    }
}
