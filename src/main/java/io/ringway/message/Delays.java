package io.ringway.message;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code delay} parameter in every form clients send: unix seconds, epoch milliseconds (13 digits, what
 * {@code @seven.io/client} sends for a Date), {@code yyyy-mm-dd hh:ii[:ss]} in the server's zone, ISO-8601 with an
 * offset, and JavaScript's {@code Date.toString()} text (what {@code sms77-client} sends for a Date).
 */
public final class Delays {
    private static final Pattern LOCAL = Pattern.compile("(\\d{4})-(\\d{1,2})-(\\d{1,2})[ T](\\d{1,2}):(\\d{2})(?::(\\d{2}))?");
    private static final Pattern JS_DATE = Pattern.compile("[A-Z][a-z]{2} ([A-Z][a-z]{2} \\d{2} \\d{4} \\d{2}:\\d{2}:\\d{2}) GMT([+-]\\d{4}).*");
    private static final DateTimeFormatter JS_FORMAT = DateTimeFormatter.ofPattern("MMM dd uuuu HH:mm:ss xx", Locale.ENGLISH)
            .withResolverStyle(ResolverStyle.STRICT);

    private Delays() {}

    /** The instant the message is due, or {@code null} for "now" (absent, empty or 0). */
    public static Instant parse(String raw, ZoneId zone) {
        if (raw == null) return null;
        String s = raw.strip();
        if (s.isEmpty() || s.equals("0")) return null;
        try {
            if (s.matches("\\d{1,12}")) return Instant.ofEpochSecond(Long.parseLong(s));
            if (s.matches("\\d{13}")) return Instant.ofEpochMilli(Long.parseLong(s));
            Matcher m = LOCAL.matcher(s);
            if (m.matches()) {
                LocalDateTime t = LocalDateTime.of(num(m, 1), num(m, 2), num(m, 3), num(m, 4), num(m, 5),
                        m.group(6) == null ? 0 : num(m, 6));
                return ZonedDateTime.of(t, zone).toInstant();
            }
            Matcher js = JS_DATE.matcher(s);
            if (js.matches()) return OffsetDateTime.parse(js.group(1) + " " + js.group(2), JS_FORMAT).toInstant();
            return OffsetDateTime.parse(s).toInstant();
        } catch (java.time.DateTimeException | NumberFormatException e) {
            throw invalid(raw);
        }
    }

    private static int num(Matcher m, int group) { return Integer.parseInt(m.group(group)); }

    private static InvalidParameter invalid(String raw) {
        return new InvalidParameter("delay '" + raw + "' is not a unix timestamp (seconds or milliseconds) or a date 'yyyy-mm-dd hh:ii'");
    }
}
