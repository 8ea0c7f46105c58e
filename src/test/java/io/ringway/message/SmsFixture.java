package io.ringway.message;

import io.ringway.account.Account;
import io.ringway.account.Accounts;
import io.ringway.store.Store;
import io.ringway.testing.MutableClock;
import io.ringway.testing.TestDatabase;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A real store with accounts, {@link Messages} and a {@link MessageQueue} on a hand-moved clock. */
final class SmsFixture implements AutoCloseable {
    static final ZoneId ZONE = ZoneId.of("Europe/Berlin");
    static final String NODE = "node-a";
    static final long LEASE_MILLIS = 300_000;
    static final int RELOAD_LOCK_SECONDS = 180;
    static final PriceTable PRICES = new PriceTable("EUR", new BigDecimal("0.090"), List.of(
            PriceTable.entry("DE", null, new BigDecimal("0.075"), null, "262", null),
            PriceTable.entry("AT", null, new BigDecimal("0.079"), null, "232", null),
            PriceTable.entry("US", null, new BigDecimal("0.019"), null, "310", null)));

    final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T12:00:00Z"));
    final TestDatabase db;
    final String url;
    final Store store;
    final Accounts accounts;
    final Messages messages;
    final MessageQueue queue;

    SmsFixture(TestDatabase db) {
        this(db, db.freshUrl());
    }

    private SmsFixture(TestDatabase db, String url) {
        this.db = db;
        this.url = url;
        store = db.open(url);
        accounts = new Accounts(store, clock, new Accounts.Defaults("EUR", "DE", true));
        messages = new Messages(store, clock, new Recipients(), PRICES, new Messages.Policy(
                "Ringway", 2880, RELOAD_LOCK_SECONDS, 100, ZONE, NODE, LEASE_MILLIS));
        queue = new MessageQueue(store, clock, NODE, LEASE_MILLIS, ZONE);
    }

    Account account(String balance) {
        return accounts.create("acct", new BigDecimal(balance)).account();
    }

    /** Changes account settings directly in the database, as an operator would; returns the account as now stored. */
    Account update(Account a, String setClause) {
        store.write(sql -> sql.update("UPDATE accounts SET " + setClause + " WHERE id = ?", a.id()));
        return accounts.find(a.id()).orElseThrow();
    }

    long balanceMicros(Account a) {
        return query("SELECT balance_micros FROM accounts WHERE id = ?", a.id());
    }

    long query(String sql, Object... params) {
        Long v = TestDatabase.queryLong(store, sql, params);
        return v == null ? -1 : v;
    }

    long messageCount() { return query("SELECT COUNT(*) FROM messages"); }

    /** Rows of a query, column name to value (booleans and numbers normalized for both databases). */
    List<Map<String, Object>> rows(String query, Object... params) {
        return store.read(sql -> {
            List<Map<String, Object>> out = new ArrayList<>();
            try (ResultSet rs = sql.bind(query, params).executeQuery()) {
                ResultSetMetaData md = rs.getMetaData();
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int i = 1; i <= md.getColumnCount(); i++) {
                        Object v = rs.getObject(i);
                        if (v instanceof Number n && !(v instanceof BigDecimal)) v = n.longValue();
                        row.put(md.getColumnLabel(i).toLowerCase(), v);
                    }
                    out.add(row);
                }
            }
            return out;
        });
    }

    Map<String, Object> message(long id) {
        List<Map<String, Object>> r = rows("SELECT * FROM messages WHERE id = ?", id);
        return r.isEmpty() ? null : r.get(0);
    }

    static boolean flag(Object dbValue) {
        return dbValue instanceof Boolean b ? b : ((Number) dbValue).longValue() != 0;
    }

    SmsAcceptance send(Account a, Req req) { return messages.accept(a, req.build()); }

    static Req sms(String text, String... to) { return new Req().to(to).text(text); }

    @Override
    public void close() { store.close(); }

    /** Closes this fixture's store and opens the same database again, as a restarted server would. */
    SmsFixture reopened() {
        close();
        SmsFixture again = new SmsFixture(db, url);
        again.clock.set(clock.instant());
        return again;
    }

    /** Builds an {@link SmsRequest}; everything absent unless set. */
    static final class Req {
        List<String> to;
        String text, from, delay, udh, ttl, label, foreignId;
        boolean debug, noReload, unicode, flash;
        List<SmsRequest.Attachment> files;

        Req to(String... values) { this.to = values == null ? null : List.of(values); return this; }
        Req text(String v) { text = v; return this; }
        Req from(String v) { from = v; return this; }
        Req delay(String v) { delay = v; return this; }
        Req udh(String v) { udh = v; return this; }
        Req ttl(String v) { ttl = v; return this; }
        Req label(String v) { label = v; return this; }
        Req foreignId(String v) { foreignId = v; return this; }
        Req debug() { debug = true; return this; }
        Req noReload() { noReload = true; return this; }
        Req unicode() { unicode = true; return this; }
        Req flash() { flash = true; return this; }
        Req files(SmsRequest.Attachment... f) { files = List.of(f); return this; }

        SmsRequest build() {
            return new SmsRequest(to, text, from, debug, delay, noReload, unicode, flash, udh, ttl, label, foreignId, false, files);
        }
    }
}
