package io.ringway.inbound;

import io.ringway.store.Sql;
import io.ringway.store.Store;
import io.ringway.store.Tx;
import io.ringway.webhook.Outbox;
import io.ringway.webhook.WebhookEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Inbound SMS (mobile-originated): what connectors receive is decoded, joined when it came in parts, stored for the
 * account that owns the receiving number, and announced as an {@code sms_mo} event, all in one transaction. A
 * connector acknowledges a PDU to its SMSC only once {@link #received} completed, so nothing acknowledged is lost.
 *
 * <p>Parts of a concatenated SMS wait in the store; those whose other parts never come are stored as they are, with the
 * gaps marked, once they waited {@code incompleteAfter} ({@link #expireIncomplete}, run every minute after
 * {@link #start}).
 */
public final class Inbound implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Inbound.class);
    /** How long parts wait for the rest of their SMS unless told otherwise. */
    public static final Duration DEFAULT_INCOMPLETE_AFTER = Duration.ofHours(24);
    private static final long HOUSEKEEPING_MILLIS = 60_000;
    private static final int OVERDUE_BATCH = 100;

    /** Which of an account's messages the journal lists: every filter optional; newest first. */
    public record JournalQuery(Long id, LocalDate dateFrom, LocalDate dateTo, String to, int limit, int offset) {}

    /** A message stored: its id, the account it went to (null: nobody's) and whether that is the default account. */
    private record Stored(long id, Long accountId, boolean byDefault, String recipient) {}

    private final Store store;
    private final Outbox outbox;
    private final Clock clock;
    private final ZoneId zone;
    private final long defaultAccountId;
    private final long incompleteAfterMillis;
    private final Parts parts;
    private final Set<String> reportedNumbers = ConcurrentHashMap.newKeySet();
    private volatile Thread housekeeper;

    /**
     * {@code defaultAccountId}: the account of SMS to numbers nobody owns, 0 for none (they are then stored for no
     * account). {@code outbox}: null writes no events.
     */
    public Inbound(Store store, Outbox outbox, Clock clock, ZoneId zone, long defaultAccountId) {
        this(store, outbox, clock, zone, defaultAccountId, DEFAULT_INCOMPLETE_AFTER);
    }

    /** {@code incompleteAfter}: how long the parts of a concatenated SMS wait for the missing ones. */
    public Inbound(Store store, Outbox outbox, Clock clock, ZoneId zone, long defaultAccountId, Duration incompleteAfter) {
        if (incompleteAfter.isNegative() || incompleteAfter.isZero()) throw new IllegalArgumentException("incompleteAfter must be positive");
        this.store = store;
        this.outbox = outbox;
        this.clock = clock;
        this.zone = zone;
        this.defaultAccountId = defaultAccountId;
        this.incompleteAfterMillis = incompleteAfter.toMillis();
        // A part sent again must still be recognised as long as its message could have been waiting for it.
        this.parts = new Parts(incompleteAfterMillis);
        // Found out now rather than at the first SMS, where the insert would fail and the SMSC resend it forever.
        if (defaultAccountId != 0 && store.read(sql -> sql.queryLong("SELECT id FROM accounts WHERE id = ?", defaultAccountId)) == null) {
            throw new IllegalArgumentException("the default account for inbound SMS, " + defaultAccountId + ", does not exist");
        }
    }

    /**
     * Completes once the SMS (or this part of a concatenated one) is committed. A part already stored, or already in an
     * assembled message, completes without storing anything: the SMSC sent it again because our acknowledgement was
     * lost. Fails when the store does; the connector then refuses the PDU and the SMSC tries again.
     */
    public CompletableFuture<Void> received(InboundSms sms) {
        UserData data = UserData.of(sms);
        String connector = sms.connector() == null ? "" : sms.connector();
        String sender = InboundNumbers.normalize(sms.from());
        String recipient = InboundNumbers.normalize(sms.to());
        long now = clock.millis();
        Tx<Stored> work;
        if (data.concat() == null) {
            Arrival arrival = Arrival.single(connector, sender, recipient, data, sms.receivedAtMillis());
            work = sql -> store(sql, arrival, now);
        } else {
            Parts.Key key = new Parts.Key(connector, sender, recipient, data.concat().reference(), data.concat().total());
            Parts.Part part = new Parts.Part(data.concat().seq(), data.dataCoding(), data.octets(), sms.receivedAtMillis());
            work = sql -> {
                Arrival complete = parts.add(sql, key, part, now);
                return complete == null ? null : store(sql, complete, now);
            };
        }
        return store.writeAsync(work).thenAccept(this::report);
    }

    /**
     * Stores, as they are, the concatenated SMS whose first part waited longer than {@code incompleteAfter}: kept with
     * the missing parts marked rather than lost. Returns how many.
     */
    public int expireIncomplete() {
        long now = clock.millis();
        long cutoff = now - incompleteAfterMillis;
        int stored = 0;
        while (true) {
            List<Parts.Key> keys = store.read(sql -> parts.overdue(sql, cutoff, OVERDUE_BATCH));
            for (Parts.Key key : keys) {
                Stored s = store.write(sql -> {
                    Arrival incomplete = parts.takeIncomplete(sql, key);
                    return incomplete == null ? null : store(sql, incomplete, now);
                });
                if (s == null) continue;
                stored++;
                log.info("inbound SMS {} from {} to {}: {} parts never all arrived; stored what came", s.id(), key.sender(),
                        key.recipient(), key.total());
                report(s);
            }
            if (keys.size() < OVERDUE_BATCH) return stored;
        }
    }

    /** Runs {@link #expireIncomplete} now and then every minute, until {@link #close}. */
    public void start() {
        housekeeper = Thread.ofVirtual().name("inbound-housekeeping").start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    expireIncomplete();
                } catch (RuntimeException e) {
                    log.warn("inbound housekeeping failed; trying again in a minute: {}", e.toString());
                }
                try {
                    Thread.sleep(HOUSEKEEPING_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }

    /** The account's inbound SMS, newest first. Messages of numbers nobody owned are nobody's and never listed. */
    public List<InboundMessage> journal(long accountId, JournalQuery q) {
        StringBuilder where = new StringBuilder("account_id = ?");
        List<Object> params = new ArrayList<>(List.of(accountId));
        if (q.id() != null) { where.append(" AND id = ?"); params.add(q.id()); }
        if (q.dateFrom() != null) { where.append(" AND received_at >= ?"); params.add(startOf(q.dateFrom())); }
        if (q.dateTo() != null) { where.append(" AND received_at < ?"); params.add(startOf(q.dateTo().plusDays(1))); }
        if (q.to() != null) { where.append(" AND recipient = ?"); params.add(InboundNumbers.normalize(q.to())); }
        params.add(q.limit());
        params.add(q.offset());
        return store.read(sql -> {
            List<InboundMessage> out = new ArrayList<>();
            try (ResultSet rs = sql.bind("SELECT id, sender, recipient, text, message_type, parts, missing_parts, received_at "
                    + "FROM inbound_messages WHERE " + where + " ORDER BY received_at DESC, id DESC LIMIT ? OFFSET ?", params.toArray()).executeQuery()) {
                while (rs.next()) {
                    out.add(new InboundMessage(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            "binary".equals(rs.getString(5)), rs.getInt(6), rs.getString(7), rs.getLong(8)));
                }
            }
            return out;
        });
    }

    /**
     * The message row and its event. The owner is looked up here, in the transaction, so a number added with
     * {@code ringway numbers add} (another process) counts from the next SMS on.
     */
    private Stored store(Sql sql, Arrival a, long now) throws SQLException {
        Long owner = InboundNumbers.ownerOf(sql, a.recipient());
        boolean byDefault = owner == null && defaultAccountId != 0;
        if (byDefault) owner = defaultAccountId;
        long id = sql.insertReturningId("INSERT INTO inbound_messages (account_id, connector, sender, recipient, text, message_type, "
                        + "data_coding, parts, missing_parts, concat_ref, concat_total, part_digests, received_at, created_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                owner, a.connector(), a.sender(), a.recipient(), a.text(), a.binary() ? "binary" : "text", a.dataCoding(), a.parts(),
                a.missingParts(), a.concatRef(), a.concatTotal(), a.partDigests(), a.receivedAt(), now);
        if (owner != null && outbox != null) {
            String system = a.recipient();
            // sms_mo subscriptions may name a receiving number in event_filter: they get only SMS to that number.
            outbox.publish(sql, WebhookEvent.smsMo(owner, id, a.sender(), system, a.text(),
                    Long.toString(Math.floorDiv(a.receivedAt(), 1000)), now), filter -> InboundNumbers.normalize(filter).equals(system));
        }
        return new Stored(id, owner, byDefault, a.recipient());
    }

    /** Tells the operator, once per number and run, about SMS to numbers nobody owns. */
    private void report(Stored s) {
        if (s == null || (s.accountId() != null && !s.byDefault()) || !reportedNumbers.add(s.recipient())) return;
        if (s.byDefault()) {
            log.info("inbound SMS to {}, which no account owns, go to the default account {} (ringway numbers add {} --account ID)",
                    s.recipient(), defaultAccountId, s.recipient());
        } else {
            log.warn("inbound SMS to {} are stored for no account: nobody owns the number and there is no default account "
                    + "(ringway numbers add {} --account ID)", s.recipient(), s.recipient());
        }
    }

    private long startOf(LocalDate day) { return day.atStartOfDay(zone).toInstant().toEpochMilli(); }

    /** Stops housekeeping, waiting a moment for a sweep under way so it does not outlive the store. */
    @Override
    public void close() {
        Thread t = housekeeper;
        if (t == null) return;
        t.interrupt();
        try {
            t.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
