package io.ringway.account;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MoneyTest {
    @Test
    void pricesMultiplyExactly() {
        long oneSms = Money.toMicros(new BigDecimal("0.075"));
        assertThat(oneSms).isEqualTo(75_000);
        assertThat(Money.fromMicros(oneSms * 3)).isEqualByComparingTo("0.225");
        assertThat(Money.fromMicros(oneSms * 3).toPlainString()).isEqualTo("0.225");
        // what a double would get wrong
        assertThat(0.075 * 3).isNotEqualTo(0.225);
        long tenth = Money.toMicros(new BigDecimal("0.1"));
        assertThat(Money.fromMicros(tenth + Money.toMicros(new BigDecimal("0.2")))).isEqualByComparingTo("0.3");
    }

    @Test
    void roundTripsKeepTheValue() {
        for (String v : new String[] {"0", "0.000001", "12.34", "0.019", "9999999.999999", "-3.5"}) {
            assertThat(Money.fromMicros(Money.toMicros(new BigDecimal(v)))).as(v).isEqualByComparingTo(v);
        }
    }

    @Test
    void largeValuesAreExactAndOverflowIsAnError() {
        BigDecimal large = new BigDecimal("9223372036854.775807"); // Long.MAX_VALUE micros
        assertThat(Money.toMicros(large)).isEqualTo(Long.MAX_VALUE);
        assertThat(Money.fromMicros(Long.MAX_VALUE)).isEqualByComparingTo(large);
        assertThatThrownBy(() -> Money.toMicros(new BigDecimal("9223372036854.775808"))).isInstanceOf(ArithmeticException.class);
    }

    @Test
    void moreThanSixDecimalsRoundHalfUp() {
        assertThat(Money.toMicros(new BigDecimal("0.0000005"))).isEqualTo(1);
        assertThat(Money.toMicros(new BigDecimal("0.00000049"))).isZero();
        assertThat(Money.toMicros(new BigDecimal("0.0750004"))).isEqualTo(75_000);
        assertThat(Money.toMicros(new BigDecimal("0.0750005"))).isEqualTo(75_001);
        assertThat(Money.toMicros(new BigDecimal("-0.0000005"))).isEqualTo(-1);
    }

    @Test
    void formatShowsAtLeastTwoDecimalsInPlainNotation() {
        assertThat(Money.format(new BigDecimal("12.3"))).isEqualTo("12.30");
        assertThat(Money.format(new BigDecimal("10"))).isEqualTo("10.00");
        assertThat(Money.format(new BigDecimal("0.075"))).isEqualTo("0.075");
        assertThat(Money.format(new BigDecimal("1E+3"))).isEqualTo("1000.00");
        assertThat(Money.format(Money.fromMicros(0))).isEqualTo("0.00");
        assertThat(Money.format(Money.fromMicros(123_456_789))).isEqualTo("123.456789");
    }
}
