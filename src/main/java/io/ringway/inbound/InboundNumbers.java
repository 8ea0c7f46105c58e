package io.ringway.inbound;

import io.ringway.message.Recipients;
import io.ringway.store.Sql;
import io.ringway.store.Store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The receiving numbers and the account each belongs to ({@code ringway numbers add|list|remove}). An inbound SMS
 * belongs to the owner of the number it was sent to. Numbers are compared in one spelling, {@link #normalize}.
 */
public final class InboundNumbers {
    /** A number and its owner. */
    public record Entry(String number, long accountId, long createdAt) {}

    /** A number added ({@code entry}) or refused ({@code problem}, shown to the operator). */
    public record Added(Entry entry, String problem) {}

    private static final Recipients RECIPIENTS = new Recipients();
    private static final Pattern SEPARATORS = Pattern.compile("[\\s\\-()/.]");
    private static final Pattern NUMBER = Pattern.compile("\\+?\\d+");
    /** "ZZ": no country, so a national number (0171…) is not guessed into one; it stays as written. */
    private static final String NO_COUNTRY = "ZZ";

    private final Store store;
    private final Clock clock;

    public InboundNumbers(Store store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /**
     * A number the way the store keeps it, as recipients are kept: E.164 digits without '+' when it is a possible
     * international number ({@code +49 151 …}, {@code 0049151…}, {@code 49151…} and {@code +49 (0)151…} are one number);
     * otherwise its digits without separators and without a leading '+' or 00 (short codes, national numbers: SMSCs
     * deliver the receiving number international, so no country is guessed); otherwise the text as given (an
     * alphanumeric sender).
     */
    public static String normalize(String raw) {
        if (raw == null) return "";
        String s = raw.strip();
        Recipients.Recipient r = RECIPIENTS.parseOne(s, NO_COUNTRY);
        if (r.valid()) return r.e164();
        String compact = SEPARATORS.matcher(s).replaceAll("");
        if (!NUMBER.matcher(compact).matches()) return s;
        if (compact.startsWith("+")) return compact.substring(1);
        return compact.startsWith("00") && compact.length() > 2 ? compact.substring(2) : compact;
    }

    /** Gives {@code number} to the account; adding it again for its owner changes nothing, another owner is refused. */
    public Added add(String number, long accountId) {
        String n = normalize(number);
        if (!n.chars().allMatch(Character::isDigit) || n.length() < 3 || n.length() > 20) {
            return new Added(null, "not a phone number or short code: " + number);
        }
        long now = clock.millis();
        return store.write(sql -> {
            if (sql.queryLong("SELECT id FROM accounts WHERE id = ?", accountId) == null) return new Added(null, "no account " + accountId);
            Long owner = ownerOf(sql, n);
            if (owner != null && owner != accountId) {
                return new Added(null, n + " belongs to account " + owner + "; remove it first (ringway numbers remove " + n + ")");
            }
            if (owner == null) sql.update("INSERT INTO inbound_numbers (number, account_id, created_at) VALUES (?, ?, ?)", n, accountId, now);
            return new Added(find(sql, n), null);
        });
    }

    /** Every number, in number order. */
    public List<Entry> list() {
        return store.read(sql -> {
            List<Entry> out = new ArrayList<>();
            try (ResultSet rs = sql.bind("SELECT number, account_id, created_at FROM inbound_numbers ORDER BY number").executeQuery()) {
                while (rs.next()) out.add(new Entry(rs.getString(1), rs.getLong(2), rs.getLong(3)));
            }
            return out;
        });
    }

    /** Takes the number from its owner; false when nobody had it. Messages already received stay with that account. */
    public boolean remove(String number) {
        String n = normalize(number);
        return store.write(sql -> sql.update("DELETE FROM inbound_numbers WHERE number = ?", n) == 1);
    }

    /** The account that owns a normalized number, or null. */
    static Long ownerOf(Sql sql, String number) throws SQLException {
        return sql.queryLong("SELECT account_id FROM inbound_numbers WHERE number = ?", number);
    }

    private static Entry find(Sql sql, String number) throws SQLException {
        try (ResultSet rs = sql.bind("SELECT number, account_id, created_at FROM inbound_numbers WHERE number = ?", number).executeQuery()) {
            return rs.next() ? new Entry(rs.getString(1), rs.getLong(2), rs.getLong(3)) : null;
        }
    }
}
