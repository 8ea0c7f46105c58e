package io.ringway.message;

import io.ringway.account.Account;
import io.ringway.account.Ledger;
import io.ringway.store.Abort;
import io.ringway.store.Sql;
import io.ringway.store.Store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Accepting SMS: validates a request by the sms77 rules, prices it, and stores every accepted message together with
 * its charge in one write, so a reply of {@code 100} always means committed, fsynced and paid for.
 */
public final class Messages {
    /** Settings of the SMS service (from the configuration). */
    public record Policy(String defaultSender, int defaultTtlMinutes, int reloadLockSeconds, int maxRecipients,
                         ZoneId zone, String nodeId, long leaseMillis) {}

    private final Store store;
    private final Clock clock;
    private final Recipients recipients;
    private final PriceTable prices;
    private final Policy policy;
    private final MessageRows rows;

    public Messages(Store store, Clock clock, Recipients recipients, PriceTable prices, Policy policy) {
        this.store = store;
        this.clock = clock;
        this.recipients = recipients;
        this.prices = prices;
        this.policy = policy;
        this.rows = new MessageRows(store.dialect());
    }

    public PriceTable prices() { return prices; }

    /** The sms77 sender rule: 1–16 digits (optionally after '+') or 1–11 alphanumerics (otherwise code 201). */
    public static boolean validSender(String from) { return SmsRules.validSender(from); }

    public SmsAcceptance accept(Account account, SmsRequest request) {
        if (request.to() == null || request.to().stream().allMatch(String::isBlank)) return SmsAcceptance.refused(Refusal.MISSING_TO, null);
        if (request.text() == null || request.text().isEmpty()) return SmsAcceptance.refused(Refusal.MISSING_TEXT, null);
        if (request.text().codePointCount(0, request.text().length()) > SmsRules.MAX_TEXT) return SmsAcceptance.refused(Refusal.TEXT_TOO_LONG, null);
        String sender = senderFor(account, request.from());
        if (!SmsRules.validSender(sender)) return SmsAcceptance.refused(Refusal.INVALID_SENDER, null);

        SmsBody body;
        Instant due;
        int ttl;
        try {
            SmsRules.checkLabel("label", request.label(), 100);
            SmsRules.checkLabel("foreign_id", request.foreignId(), 64);
            ttl = SmsRules.ttlMinutes(request.ttl(), policy.defaultTtlMinutes());
            due = Delays.parse(request.delay(), policy.zone());
            SmsRules.checkFiles(request.files(), request.text());
            body = encode(request);
        } catch (InvalidParameter e) {
            return SmsAcceptance.refused(Refusal.INVALID_PARAMETER, e.getMessage());
        }

        List<Recipients.Recipient> to = recipients.parse(request.to(), account.defaultCountry());
        if (to.isEmpty()) return SmsAcceptance.refused(Refusal.MISSING_TO, null);
        if (to.size() > policy.maxRecipients()) {
            return SmsAcceptance.refused(Refusal.INVALID_PARAMETER, "to: at most " + policy.maxRecipients() + " recipients per request");
        }
        long now = clock.millis();
        long dueAt = due == null || due.toEpochMilli() <= now ? now : due.toEpochMilli();
        Draft draft = new Draft(account, request, sender, body, ttl, dueAt, dueAt > now, now, to);
        if (draft.validCount() == 0) return SmsAcceptance.refused(Refusal.INVALID_RECIPIENT, null);

        if (request.debug()) {
            long balance = store.read(sql -> Ledger.balanceMicros(sql, account.id()));
            return draft.outcome(null, balance, true);
        }
        return store.write(sql -> store(sql, draft));
    }

    /** The caller's own messages among {@code ids}, in the order asked; unknown and foreign ids are left out. */
    public List<Message> find(long accountId, List<Long> ids) {
        return store.read(sql -> rows.byIds(sql, accountId, ids));
    }

    /**
     * Deletes scheduled messages that no dispatcher has taken yet and refunds them; returns the ids deleted.
     * A message already being sent (leased) or sent is not deleted.
     */
    public List<Long> deleteScheduled(long accountId, List<Long> ids) {
        long now = clock.millis();
        return store.write(sql -> {
            List<Long> deleted = new ArrayList<>();
            for (Long id : ids) {
                try (var rs = sql.bind("""
                        DELETE FROM messages WHERE id = ? AND account_id = ? AND status = 'ACCEPTED' AND scheduled = TRUE
                        AND (lease_until IS NULL OR lease_until < ?) RETURNING price_micros""", id, accountId, now).executeQuery()) {
                    if (!rs.next()) continue;
                    long price = rs.getLong(1);
                    if (price > 0) Ledger.credit(sql, accountId, price, "refund", "sms " + id + " deleted", now);
                    deleted.add(id);
                }
            }
            return deleted;
        });
    }

    private SmsBody encode(SmsRequest request) {
        if (request.udh() == null || request.udh().isBlank()) return Segmenter.encode(request.text(), request.unicode());
        try {
            return Segmenter.binary(Segmenter.parseHex(request.udh()), Segmenter.parseHex(request.text()));
        } catch (IllegalArgumentException e) {
            throw new InvalidParameter("udh: " + e.getMessage() + " (with udh, text must be the hex-encoded binary payload)");
        }
    }

    private String senderFor(Account account, String from) {
        if (from != null && !from.isBlank()) return from.strip();
        if (account.defaultSender() != null && !account.defaultSender().isBlank()) return account.defaultSender();
        return policy.defaultSender();
    }

    /** Runs inside the writer's transaction: every check that needs the committed state, then the inserts. */
    private SmsAcceptance store(Sql sql, Draft d) throws java.sql.SQLException {
        Account account = d.account;
        boolean lock = account.reloadLock() && !d.request.noReload() && policy.reloadLockSeconds() > 0;
        boolean perRecipientChecks = lock || account.dailyLimit() > 0;
        // With per-recipient checks, lock and counter rows are written before the debit knows the final total, and a
        // debit that then fails needs the writer's batch-undo path. Refusing up front when not even the cheapest
        // recipient is covered keeps that path for the rare request the balance covers only in part.
        if (perRecipientChecks && Ledger.balanceMicros(sql, account.id()) < d.cheapestValidMicros()) {
            return SmsAcceptance.refused(Refusal.INSUFFICIENT_CREDIT, null);
        }
        List<Refusal> refusals = new ArrayList<>();
        long total = 0;
        String day = LocalDate.ofInstant(Instant.ofEpochMilli(d.now), policy.zone()).toString();
        for (int i = 0; i < d.to.size(); i++) {
            Recipients.Recipient r = d.to.get(i);
            Refusal refusal = r.valid() ? null : Refusal.INVALID_RECIPIENT;
            if (refusal == null && account.dailyLimit() > 0 && !rows.countForDay(sql, account.id(), r.e164(), day, account.dailyLimit())) {
                refusal = Refusal.DAILY_LIMIT;
            }
            if (refusal == null && lock && !rows.takeReloadLock(sql, account.id(), fingerprint(d, r), d.now, d.now + policy.reloadLockSeconds() * 1000L)) {
                if (account.dailyLimit() > 0) rows.uncountForDay(sql, account.id(), r.e164(), day);
                refusal = Refusal.RELOAD_LOCK;
            }
            refusals.add(refusal);
            if (refusal == null) total += d.prices.get(i);
        }
        Long balance = total > 0 ? Ledger.withdraw(sql, account.id(), total) : Long.valueOf(Ledger.balanceMicros(sql, account.id()));
        if (balance == null) {
            if (perRecipientChecks) throw new Abort(SmsAcceptance.refused(Refusal.INSUFFICIENT_CREDIT, null));
            return SmsAcceptance.refused(Refusal.INSUFFICIENT_CREDIT, null);
        }
        List<SmsAcceptance.Result> results = new ArrayList<>(d.to.size());
        String lease = d.scheduled ? null : policy.nodeId();
        Long leaseUntil = d.scheduled ? null : d.now + policy.leaseMillis();
        for (int i = 0; i < d.to.size(); i++) {
            Recipients.Recipient r = d.to.get(i);
            if (refusals.get(i) != null) {
                results.add(new SmsAcceptance.Result(r, 0, null, refusals.get(i)));
                continue;
            }
            Message m = d.message(r, d.prices.get(i));
            long id = rows.insert(sql, m, d.scheduled, lease, leaseUntil, d.now);
            results.add(new SmsAcceptance.Result(r, m.priceMicros(), withId(m, id), null));
        }
        if (total > 0) Ledger.record(sql, account.id(), -total, balance, "sms", reference(results), d.now);
        SmsAcceptance outcome = new SmsAcceptance(null, null, results, total, balance, false, d.body, d.sender, d.request.text());
        if (results.stream().noneMatch(SmsAcceptance.Result::success)) {
            Refusal common = refusals.stream().distinct().count() == 1 ? refusals.get(0) : Refusal.SOME_FAILED;
            return new SmsAcceptance(common, null, results, 0, balance, false, d.body, d.sender, d.request.text());
        }
        return outcome;
    }

    /** The ledger's reference to what was charged: "sms 17" or "sms 17-20" (ids are consecutive within a request). */
    private static String reference(List<SmsAcceptance.Result> results) {
        long first = Long.MAX_VALUE, last = Long.MIN_VALUE;
        for (SmsAcceptance.Result r : results) {
            if (r.message() == null) continue;
            first = Math.min(first, r.message().id());
            last = Math.max(last, r.message().id());
        }
        return first == last ? "sms " + first : "sms " + first + "-" + last;
    }

    private static Message withId(Message m, long id) {
        return new Message(id, m.accountId(), m.sender(), m.recipient(), m.text(), m.encoding(), m.parts(), m.priceMicros(),
                m.udh(), m.flash(), m.ttlMinutes(), m.label(), m.foreignId(), m.status(), m.statusAt(), m.dueAt(), null, 0);
    }

    /** Same text, type and recipient: what the reload lock compares (sms77 wording), hashed to a fixed size. */
    private static String fingerprint(Draft d, Recipients.Recipient r) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update((r.e164() + '\u0000' + d.body.encoding().apiName() + '\u0000' + d.request.flash() + '\u0000'
                    + (d.request.udh() == null ? "" : d.request.udh()) + '\u0000').getBytes(StandardCharsets.UTF_8));
            md.update(d.request.text().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(md.digest(), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A validated request before it is stored: recipients, prices, due time. */
    private final class Draft {
        final Account account;
        final SmsRequest request;
        final String sender;
        final SmsBody body;
        final int ttl;
        final long dueAt;
        final boolean scheduled;
        final long now;
        final List<Recipients.Recipient> to;
        final List<Long> prices = new ArrayList<>();

        Draft(Account account, SmsRequest request, String sender, SmsBody body, int ttl, long dueAt, boolean scheduled,
              long now, List<Recipients.Recipient> to) {
            this.account = account;
            this.request = request;
            this.sender = sender;
            this.body = body;
            this.ttl = ttl;
            this.dueAt = dueAt;
            this.scheduled = scheduled;
            this.now = now;
            this.to = to;
            for (Recipients.Recipient r : to) prices.add(r.valid() ? Messages.this.prices.priceMicros(r.e164(), r.region(), body.partCount()) : 0L);
        }

        long validCount() { return to.stream().filter(Recipients.Recipient::valid).count(); }

        long cheapestValidMicros() {
            long min = Long.MAX_VALUE;
            for (int i = 0; i < to.size(); i++) if (to.get(i).valid()) min = Math.min(min, prices.get(i));
            return min;
        }

        Message message(Recipients.Recipient r, long price) {
            String text = body.encoding() == Encoding.BINARY ? request.text().strip() : request.text();
            String udh = body.encoding() == Encoding.BINARY ? request.udh().strip() : null;
            return new Message(0, account.id(), sender, r.e164(), text, body.encoding(), body.partCount(), price, udh,
                    request.flash(), ttl, request.label(), request.foreignId(), MessageStatus.ACCEPTED, now, dueAt, null, 0);
        }

        /** The debug reply: everything priced, nothing stored. */
        SmsAcceptance outcome(Refusal refusal, long balance, boolean debug) {
            List<SmsAcceptance.Result> results = new ArrayList<>();
            for (int i = 0; i < to.size(); i++) {
                Recipients.Recipient r = to.get(i);
                results.add(new SmsAcceptance.Result(r, prices.get(i), null, r.valid() ? null : Refusal.INVALID_RECIPIENT));
            }
            return new SmsAcceptance(refusal, null, results, 0, balance, debug, body, sender, request.text());
        }
    }
}
