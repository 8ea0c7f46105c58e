package io.ringway.call;

import io.ringway.account.Ledger;
import io.ringway.carrier.VoiceConnector;
import io.ringway.media.AudioFetcher;
import io.ringway.media.Tts;
import io.ringway.store.Dialect;
import io.ringway.store.Store;
import io.ringway.webhook.Outbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs accepted calls on a {@link VoiceConnector}, one virtual thread each, and records what happens to them:
 * status changes with their {@code voice_status} events, keys with {@code voice_dtmf}, and the final charge (per
 * started minute of talk time; nothing for a call nobody answered). Calls are handed over right after they were
 * accepted; a poller also dials calls whose node went away before dialling them, and passes hang-up requests made
 * on other nodes. After a restart, calls cut off by it are ended as failed (docs/voice.md).
 */
public final class Switchboard implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Switchboard.class);

    public record Options(int menuTimeoutSeconds, String defaultLanguage, long pollMillis, String nodeId, long leaseMillis) {}

    /** What a hang-up request found. */
    public enum HangUp { ENDING, UNKNOWN, ENDED_ALREADY }

    private final Store store;
    private final Clock clock;
    private final VoiceConnector connector;
    private final ScriptAudio audio;
    private final AudioFetcher fetcher;
    private final CallEvents events;
    private final Options options;
    private final Map<Long, CallRunner> running = new ConcurrentHashMap<>();
    private volatile boolean open = true;
    private Thread poller;

    public Switchboard(Store store, Clock clock, VoiceConnector connector, Tts tts, AudioFetcher fetcher, Outbox outbox, Options options) {
        this.store = store;
        this.clock = clock;
        this.connector = connector;
        this.audio = new ScriptAudio(new ScriptAudio.Sources(tts, fetcher, options.defaultLanguage()));
        this.fetcher = fetcher;
        this.events = new CallEvents(outbox);
        this.options = options;
    }

    public void start() {
        endInterrupted();
        poller = Thread.ofPlatform().name("switchboard").daemon().start(this::pollLoop);
    }

    /** A call just accepted (leased to this node): dialled at once. */
    public void place(Call call) {
        if (!open) return; // leased to this node: the next start dials it
        CallRunner runner = new CallRunner(call, this);
        if (running.putIfAbsent(call.id(), runner) != null) return;
        Thread.ofVirtual().name("call-" + call.id()).start(runner::run);
    }

    /** Asks the call to end: a call being dialled or ringing is cancelled, one in progress hung up. */
    public HangUp hangUp(long accountId, long callId) {
        long now = clock.millis();
        HangUp found = store.write(sql -> {
            if (sql.update("UPDATE calls SET hangup_requested = TRUE, updated_at = ? WHERE id = ? AND account_id = ? AND ended_at IS NULL",
                    now, callId, accountId) == 1) {
                return HangUp.ENDING;
            }
            return sql.queryLong("SELECT id FROM calls WHERE id = ? AND account_id = ?", callId, accountId) == null
                    ? HangUp.UNKNOWN : HangUp.ENDED_ALREADY;
        });
        CallRunner r = running.get(callId);
        if (found == HangUp.ENDING && r != null) r.hangUp();
        return found;
    }

    /** Calls running on this node now. */
    public int active() { return running.size(); }

    int menuTimeoutSeconds() { return options.menuTimeoutSeconds(); }

    ScriptAudio audio() { return audio; }

    VoiceConnector connector() { return connector; }

    void ringing(Call call) { status(call, CallStatus.RINGING, false); }

    void answered(Call call) { status(call, CallStatus.IN_PROGRESS, true); }

    /** From the connector's thread: recorded without waiting. */
    void key(Call call, char key) {
        long now = clock.millis();
        store.writeAsync(sql -> {
            sql.update("UPDATE calls SET dtmf = COALESCE(dtmf, '') || ?, updated_at = ? WHERE id = ?", String.valueOf(key), now, call.id());
            events.key(sql, CallRows.byId(sql, call.id()), key, now);
            return null;
        }).exceptionally(e -> {
            log.error("call {}: key {} not recorded: {}", call.id(), key, e.getMessage());
            return null;
        });
    }

    private void status(Call call, CallStatus status, boolean answered) {
        long now = clock.millis();
        var write = store.writeAsync(sql -> {
            sql.update("UPDATE calls SET status = ?, updated_at = ?, lease_until = ?" + (answered ? ", answered_at = ?" : "")
                    + " WHERE id = ? AND ended_at IS NULL", answered
                    ? new Object[] {status.apiName(), now, now + options.leaseMillis(), now, call.id()}
                    : new Object[] {status.apiName(), now, now + options.leaseMillis(), call.id()});
            events.status(sql, CallRows.byId(sql, call.id()), now);
            return null;
        });
        write.exceptionally(e -> {
            log.error("call {}: status {} not recorded: {}", call.id(), status.apiName(), e.getMessage());
            return null;
        });
    }

    /**
     * The call's end: its status, talk time and final charge, refunding the first minute of a call nobody
     * answered and charging every further started minute of one that was.
     */
    void finish(Call call, CallStatus status, String cause, long talkMillis) {
        long now = clock.millis();
        try {
            store.write(sql -> {
                Call c = CallRows.byId(sql, call.id());
                if (c == null || c.endedAt() != null) return null;
                boolean talked = status == CallStatus.COMPLETED || c.answeredAt() != null;
                long due = talked ? Math.max(1, (talkMillis + 59_999) / 60_000) * c.pricePerMinuteMicros() : 0;
                long difference = due - c.chargedMicros();
                if (difference > 0) Ledger.charge(sql, c.accountId(), difference, "voice", "call " + c.id() + " minutes", now);
                if (difference < 0) Ledger.credit(sql, c.accountId(), -difference, "refund", "call " + c.id() + " " + status.apiName(), now);
                sql.update("UPDATE calls SET status = ?, cause = ?, duration_ms = ?, charged_micros = ?, ended_at = ?, updated_at = ?, "
                        + "lease_owner = NULL, lease_until = NULL WHERE id = ?", status.apiName(), cause, talked ? talkMillis : 0L, due, now, now, c.id());
                events.status(sql, CallRows.byId(sql, c.id()), now);
                return null;
            });
        } catch (RuntimeException e) {
            // The store refused: the row keeps its lease and open status, and the next start ends it as interrupted.
            log.error("call {}: end ({}) not recorded: {}", call.id(), status.apiName(), e.getMessage());
        }
    }

    void ended(CallRunner runner) { running.remove(runner.callId(), runner); }

    /**
     * Calls this node (or, after their lease ran out, any node) was connecting or running when it stopped: the phone
     * call is gone, so they end as failed; answered ones keep the minutes they were charged.
     */
    private void endInterrupted() {
        long now = clock.millis();
        boolean mine = store.dialect() == Dialect.SQLITE;
        List<Call> cut = store.read(sql -> CallRows.select(sql, "SELECT " + CallRows.COLUMNS + " FROM calls WHERE ended_at IS NULL "
                + "AND status IN ('ringing', 'in-progress') AND (? OR lease_owner = ? OR lease_until < ?)", mine, options.nodeId(), now));
        for (Call c : cut) {
            long talk = c.answeredAt() == null ? 0 : Math.max(0, c.updatedAt() - c.answeredAt());
            finish(c, CallStatus.FAILED, "interrupted: Ringway stopped during the call", talk);
        }
        if (!cut.isEmpty()) log.info("{} calls cut off by the last stop were ended as failed", cut.size());
    }

    private void pollLoop() {
        while (open) {
            try {
                dialLeftOver();
                passHangUps();
                Thread.sleep(options.pollMillis());
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.error("switchboard poll failed: {}", e.getMessage());
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    /** Accepted calls nobody is dialling: this node's from before a restart, or another node's whose lease ran out. */
    private void dialLeftOver() {
        long now = clock.millis();
        boolean sqlite = store.dialect() == Dialect.SQLITE;
        List<Call> due = store.write(sql -> {
            List<Call> found = CallRows.select(sql, "SELECT " + CallRows.COLUMNS + " FROM calls WHERE ended_at IS NULL AND status = 'initiated' "
                    + "AND (lease_until < ? OR (? AND lease_owner = ?)) LIMIT 100", now, sqlite, options.nodeId());
            found.removeIf(c -> running.containsKey(c.id()));
            for (Call c : found) sql.update("UPDATE calls SET lease_owner = ?, lease_until = ? WHERE id = ?", options.nodeId(), now + options.leaseMillis(), c.id());
            return found;
        });
        for (Call c : due) place(c);
        if (!running.isEmpty()) {
            store.write(sql -> sql.update("UPDATE calls SET lease_until = ? WHERE " + sql.idIn("id") + " AND ended_at IS NULL",
                    now + options.leaseMillis(), sql.idList(running.keySet())));
        }
    }

    private void passHangUps() {
        if (running.isEmpty()) return;
        List<Long> asked = store.read(sql -> {
            List<Long> ids = new java.util.ArrayList<>();
            try (var rs = sql.bind("SELECT id FROM calls WHERE hangup_requested = TRUE AND ended_at IS NULL AND " + sql.idIn("id"),
                    sql.idList(running.keySet())).executeQuery()) {
                while (rs.next()) ids.add(rs.getLong(1));
            }
            return ids;
        });
        for (Long id : asked) {
            CallRunner r = running.get(id);
            if (r != null) r.hangUp();
        }
    }

    /** Stops dialling; calls in progress are hung up and recorded as failed (interrupted), calls not dialled yet wait for the next start. */
    @Override
    public void close() {
        open = false;
        if (poller != null) poller.interrupt();
        for (CallRunner r : running.values()) r.stop();
        long deadline = System.currentTimeMillis() + 5_000;
        while (!running.isEmpty() && System.currentTimeMillis() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        connector.close();
        fetcher.close();
    }
}
