package io.ringway.account;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Amounts of money: {@link BigDecimal} in the domain, integer micro-units (10^-6) in the store, so sums are exact on
 * SQLite (which has no decimal type) and PostgreSQL alike. Prices with more than six decimals are rounded half-up.
 */
public final class Money {
    private static final int SCALE = 6;

    private Money() {}

    public static long toMicros(BigDecimal amount) {
        return amount.setScale(SCALE, RoundingMode.HALF_UP).unscaledValue().longValueExact();
    }

    public static BigDecimal fromMicros(long micros) {
        return BigDecimal.valueOf(micros, SCALE).stripTrailingZeros();
    }

    /** The amount as the API shows it: plain notation, at least two decimals ({@code 12.3 -> "12.30"}). */
    public static String format(BigDecimal amount) {
        BigDecimal a = amount.stripTrailingZeros();
        if (a.scale() < 2) a = a.setScale(2, RoundingMode.UNNECESSARY);
        return a.toPlainString();
    }
}
