package io.ringway.call;

import io.ringway.account.Account;
import io.ringway.account.Ledger;
import io.ringway.account.Money;
import io.ringway.inbound.InboundNumbers;
import io.ringway.message.PriceTable;
import io.ringway.message.Recipients;
import io.ringway.store.Store;
import io.ringway.webhook.Outbox;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Accepting and looking up calls. A call is stored together with the charge for its first minute, in one write:
 * a reply of {@code 100} means committed, fsynced and paid for, and the {@code initiated} event is in the outbox.
 * Running accepted calls is the {@link Switchboard}'s job.
 */
public final class Calls {
    /** Settings of the voice service (from the configuration). */
    public record Policy(int defaultRingSeconds, int menuTimeoutSeconds, String nodeId, long leaseMillis) {}

    /** The journal's filters; {@code limit} and {@code offset} already bounded. */
    public record JournalQuery(Long id, Long fromMillis, Long toMillis, String to, int limit, int offset) {}

    public static final int MAX_TEXT = 10_000;
    private static final Pattern LANGUAGE = Pattern.compile("[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*");
    private static final Pattern FOREIGN_ID = Pattern.compile("[A-Za-z0-9._@-]{1,64}");

    private final Store store;
    private final Clock clock;
    private final Recipients recipients;
    private final PriceTable prices;
    private final Policy policy;
    private final Outbox outbox;
    private final CallEvents events;
    private final CallerIds callerIds;

    public Calls(Store store, Clock clock, Recipients recipients, PriceTable voicePrices, CallerIds callerIds, Policy policy, Outbox outbox) {
        this.callerIds = callerIds;
        this.store = store;
        this.clock = clock;
        this.recipients = recipients;
        this.prices = voicePrices;
        this.policy = policy;
        this.outbox = outbox;
        this.events = new CallEvents(outbox);
    }

    /** Price per minute to a number, for {@code /api/pricing} style answers. */
    public PriceTable prices() { return prices; }

    public CallAcceptance accept(Account account, CallRequest r) {
        if (r.to() == null || r.to().isBlank()) return CallAcceptance.refused(CallRefusal.MISSING_TO, null);
        if (r.to().contains(",")) {
            return CallAcceptance.refused(CallRefusal.INVALID_PARAMETER, "to: one recipient per call");
        }
        if (r.script() == null || r.script().isBlank()) return CallAcceptance.refused(CallRefusal.MISSING_TEXT, null);
        if (r.script().codePointCount(0, r.script().length()) > MAX_TEXT) return CallAcceptance.refused(CallRefusal.TEXT_TOO_LONG, null);
        int ring = r.ringSeconds() == null ? policy.defaultRingSeconds() : r.ringSeconds();
        if (ring < 5 || ring > 60) return CallAcceptance.refused(CallRefusal.INVALID_PARAMETER, "ringtime: 5 to 60 seconds");
        if (r.language() != null && !LANGUAGE.matcher(r.language()).matches()) {
            return CallAcceptance.refused(CallRefusal.INVALID_PARAMETER, "language: a language tag such as de, en or en-GB");
        }
        if (r.foreignId() != null && !FOREIGN_ID.matcher(r.foreignId()).matches()) {
            return CallAcceptance.refused(CallRefusal.INVALID_PARAMETER, "foreign_id: 1 to 64 of A-Z a-z 0-9 . _ @ -");
        }
        try {
            Scripts.parse(r.scriptKind(), r.script(), r.menu(), policy.menuTimeoutSeconds());
        } catch (ScriptException e) {
            return CallAcceptance.refused(CallRefusal.INVALID_PARAMETER, "text: " + e.getMessage());
        }
        Recipients.Recipient to = r.defaultCountry() == null ? recipients.parseOne(r.to().strip(), account.defaultCountry())
                : recipients.parseIn(r.to().strip(), r.defaultCountry());
        if (!to.valid()) return CallAcceptance.refused(CallRefusal.INVALID_RECIPIENT, null);
        long price = Money.toMicros(prices.priceFor(to.e164(), to.region()));
        String stored = Scripts.stored(r.scriptKind(), r.script(), r.menu());

        if (r.debug()) {
            return store.read(sql -> {
                String caller = callerIds.choose(sql, account.id(), r.from());
                if (caller == null) return CallAcceptance.refused(CallRefusal.INVALID_CALLER_ID, null);
                return new CallAcceptance(null, null, null, caller, to.e164(), price, Ledger.balanceMicros(sql, account.id()), true);
            });
        }
        long now = clock.millis();
        return store.write(sql -> {
            String caller = callerIds.choose(sql, account.id(), r.from());
            if (caller == null) return CallAcceptance.refused(CallRefusal.INVALID_CALLER_ID, null);
            Long balance = Ledger.withdraw(sql, account.id(), price);
            if (balance == null) return CallAcceptance.refused(CallRefusal.INSUFFICIENT_CREDIT, null);
            Call draft = new Call(0, UUID.randomUUID().toString(), account.id(), r.api(), caller, to.e164(), r.scriptKind(), stored,
                    r.language(), ring, r.foreignId(), CallStatus.INITIATED, null, null, price, price, null, null, false, now, now,
                    null, null);
            long id = CallRows.insert(sql, draft, policy.nodeId(), now + policy.leaseMillis());
            Call call = CallRows.byId(sql, id);
            Ledger.record(sql, account.id(), -price, balance, "voice", "call " + id, now);
            events.status(sql, call, now);
            return new CallAcceptance(null, null, call, caller, to.e164(), price, balance, false);
        });
    }

    public Optional<Call> find(long accountId, long id) {
        return store.read(sql -> CallRows.select(sql, "SELECT " + CallRows.COLUMNS + " FROM calls WHERE id = ? AND account_id = ?", id, accountId))
                .stream().findFirst();
    }

    /** A Voice2Phone call by its CallId. */
    public Optional<Call> findByUuid(long accountId, String uuid) {
        return store.read(sql -> CallRows.select(sql, "SELECT " + CallRows.COLUMNS + " FROM calls WHERE uuid = ? AND account_id = ?", uuid, accountId))
                .stream().findFirst();
    }

    /** The account's calls, newest first. */
    public List<Call> journal(long accountId, JournalQuery q) {
        StringBuilder where = new StringBuilder(" WHERE account_id = ?");
        List<Object> params = new ArrayList<>(List.of(accountId));
        if (q.id() != null) { where.append(" AND id = ?"); params.add(q.id()); }
        if (q.fromMillis() != null) { where.append(" AND created_at >= ?"); params.add(q.fromMillis()); }
        if (q.toMillis() != null) { where.append(" AND created_at < ?"); params.add(q.toMillis()); }
        if (q.to() != null && !q.to().isBlank()) { where.append(" AND recipient = ?"); params.add(InboundNumbers.normalize(q.to())); }
        params.add(q.limit());
        params.add(q.offset());
        return store.read(sql -> CallRows.select(sql, "SELECT " + CallRows.COLUMNS + " FROM calls" + where
                + " ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?", params.toArray()));
    }
}
