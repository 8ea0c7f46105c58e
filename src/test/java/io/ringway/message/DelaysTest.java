package io.ringway.message;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DelaysTest {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            // unix seconds (the sms77 document's example) and the 13-digit milliseconds of @seven.io/client
            "1141511104                    | 2006-03-04T22:25:04Z",
            "1893499200                    | 2030-01-01T12:00:00Z",
            "1893499200000                 | 2030-01-01T12:00:00Z",
            "1893499200123                 | 2030-01-01T12:00:00.123Z",
            // yyyy-mm-dd hh:ii[:ss] in the server's zone (winter: UTC+1, summer: UTC+2)
            "2030-01-01 13:00              | 2030-01-01T12:00:00Z",
            "2016-03-04 23:25:04           | 2016-03-04T22:25:04Z",
            "2030-07-01 13:00              | 2030-07-01T11:00:00Z",
            "2030-7-1 9:05                 | 2030-07-01T07:05:00Z",
            // ISO-8601 with an offset
            "2030-01-01T13:00:00+01:00     | 2030-01-01T12:00:00Z",
            "2030-01-01T12:00:00Z          | 2030-01-01T12:00:00Z",
            // without an offset it is local time, like the space-separated form
            "2030-01-01T13:00:00           | 2030-01-01T12:00:00Z",
            // what sms77-client sends for a JavaScript Date (Date.toString())
            "Tue Jan 01 2030 13:00:00 GMT+0100 (Central European Standard Time) | 2030-01-01T12:00:00Z",
            "Mon Jul 01 2030 13:00:00 GMT+0200 (Central European Summer Time)   | 2030-07-01T11:00:00Z",
            "Tue Jan 01 2030 07:00:00 GMT-0500 (Eastern Standard Time)          | 2030-01-01T12:00:00Z",
            "  1893499200                  | 2030-01-01T12:00:00Z",
    })
    void parsesEveryFormatClientsSend(String raw, String expected) {
        assertThat(Delays.parse(raw, BERLIN)).isEqualTo(Instant.parse(expected));
    }

    @Test
    void theLocalFormIsReadInTheGivenZone() {
        assertThat(Delays.parse("2030-01-01 13:00", ZoneId.of("UTC"))).isEqualTo(Instant.parse("2030-01-01T13:00:00Z"));
    }

    @Test
    void absentEmptyOrZeroMeansNow() {
        assertThat(Delays.parse(null, BERLIN)).isNull();
        assertThat(Delays.parse("", BERLIN)).isNull();
        assertThat(Delays.parse("  ", BERLIN)).isNull();
        assertThat(Delays.parse("0", BERLIN)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"tomorrow", "12345678901234", "-5", "2030-13-01 10:00", "2030-02-30 10:00", "2030-01-01 25:00",
            "2030-01-01", "01.01.2030 13:00", "Tue Feb 30 2030 13:00:00 GMT+0100 (CET)", "Tue Jan 01 2030 24:00:00 GMT+0100 (CET)",
            "Tue Jan 01 2030 13:00:00 GMT+9900 (X)", "2030-02-30T10:00:00+01:00", "1e9"})
    void garbageIsAnInvalidParameterNamingTheValue(String raw) {
        assertThatThrownBy(() -> Delays.parse(raw, BERLIN))
                .isInstanceOf(InvalidParameter.class)
                .hasMessageContaining("delay")
                .hasMessageContaining(raw);
    }
}
