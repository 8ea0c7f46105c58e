package io.ringway.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The SQL of one group commit on SQLite at the accept benchmark's load: 10 accepted SMS (message row, ledger row,
 * balance) and the status changes of 10 earlier ones (TRANSMITTED with the sandbox's log row, and DELIVERED for
 * messages a second older), with Ringway's schema and statements, {@code synchronous=OFF} so that the SQL and not
 * the disk is measured.
 * <ul>
 *   <li>{@code perRow}: one INSERT per row (Ringway before 6fbda1d);</li>
 *   <li>{@code multiRow}: the rows of each table in one INSERT per commit, as Ringway does now;</li>
 *   <li>{@code gathered}: as {@code multiRow}, with status changes gathered over 50 commits (~10 ms at 20 clients)
 *   and written in one commit; the time reported is the average per commit. Less SQL, yet slower end to end
 *   (docs/decisions.md), so not what Ringway does.</li>
 * </ul>
 * The database grows during the run, as the real one does.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class WriterSql {
    private static final int PER_COMMIT = 10;
    private static final int GATHERED_COMMITS = 50;
    private static final long RECEIPT_LAG = 27_000; // messages accepted during the sandbox's 1 s receipt delay

    @Param({"perRow", "multiRow", "gathered"})
    public String mode;

    private Path dir;
    private Connection c;
    private PreparedStatement begin, commit, balance, balanceUpdate, transmitted, delivered;
    private PreparedStatement messageRow, ledgerRow, sandboxRow, messageRows, ledgerRows;
    private long lastId;
    private int commits;

    private static final String MESSAGE_COLUMNS = "id, account_id, sender, recipient, text, encoding, parts, price_micros, udh, "
            + "flash, ttl_minutes, label, foreign_id, status, status_at, created_at, due_at, scheduled, lease_owner, lease_until, attempts";
    private static final String LEDGER_COLUMNS = "account_id, amount_micros, balance_after_micros, kind, reference, created_at";
    private static final String SANDBOX_COLUMNS = "message_id, recipient, parts, submitted_at";

    @Setup(Level.Trial)
    public void open() throws Exception {
        dir = Files.createTempDirectory("ringway-writer-sql");
        c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("ringway.db") + "?jdbc.get_generated_keys=false");
        try (Statement st = c.createStatement()) {
            st.execute("PRAGMA journal_mode=WAL");
            st.execute("PRAGMA synchronous=OFF");
            for (String ddl : schema().split(";")) if (!ddl.isBlank()) st.execute(ddl);
            st.execute("INSERT INTO accounts (name, currency, balance_micros, default_country, reload_lock, daily_limit, "
                    + "signing_secret, created_at) VALUES ('bench', 'EUR', 1000000000000000, 'DE', FALSE, 0, 'x', 0)");
        }
        c.setAutoCommit(false);
        try (Statement st = c.createStatement()) {
            st.execute("COMMIT"); // the writer's way: the driver's own transaction ended, BEGIN IMMEDIATE by hand
        }
        begin = c.prepareStatement("BEGIN IMMEDIATE");
        commit = c.prepareStatement("COMMIT");
        balance = c.prepareStatement("SELECT balance_micros FROM accounts WHERE id = 1");
        balanceUpdate = c.prepareStatement("UPDATE accounts SET balance_micros = balance_micros + ? WHERE id = 1");
        transmitted = c.prepareStatement("UPDATE messages SET status = 'TRANSMITTED', status_at = ?, connector = 'sandbox', "
                + "lease_owner = NULL, lease_until = NULL, attempts = attempts + 1 WHERE status = 'ACCEPTED' AND id IN (SELECT value FROM json_each(?))");
        delivered = c.prepareStatement("UPDATE messages SET status = 'DELIVERED', status_at = ?, error = COALESCE(NULL, error) "
                + "WHERE status IN ('ACCEPTED', 'TRANSMITTED', 'BUFFERED') AND id IN (SELECT value FROM json_each(?))");
        messageRow = insert("messages", MESSAGE_COLUMNS, 1);
        ledgerRow = insert("ledger", LEDGER_COLUMNS, 1);
        sandboxRow = insert("sandbox_submits", SANDBOX_COLUMNS, 1);
        messageRows = insert("messages", MESSAGE_COLUMNS, PER_COMMIT);
        ledgerRows = insert("ledger", LEDGER_COLUMNS, PER_COMMIT);
    }

    private static String schema() throws Exception {
        try (InputStream in = WriterSql.class.getResourceAsStream("/db/migration/V1__core.sql")) {
            String sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return sql.lines().filter(l -> !l.strip().startsWith("--")).reduce("", (a, b) -> a + "\n" + b)
                    .replace("${pk}", "INTEGER PRIMARY KEY AUTOINCREMENT").replace("${append_pk}", "INTEGER PRIMARY KEY");
        }
    }

    private PreparedStatement insert(String table, String columns, int rows) throws SQLException {
        int width = columns.split(",").length;
        String row = "(?" + ", ?".repeat(width - 1) + ")";
        return c.prepareStatement("INSERT INTO " + table + " (" + columns + ") VALUES " + String.join(", ", Collections.nCopies(rows, row)));
    }

    @Benchmark
    public void groupCommit() throws SQLException {
        boolean batched = !mode.equals("perRow"), gathered = mode.equals("gathered");
        long now = System.currentTimeMillis();
        begin.execute();
        try (ResultSet rs = balance.executeQuery()) {
            rs.next();
        }
        for (int i = 0; i < PER_COMMIT; i++) {
            long id = ++lastId;
            PreparedStatement m = batched ? messageRows : messageRow, l = batched ? ledgerRows : ledgerRow;
            int mo = batched ? i * 21 : 0, lo = batched ? i * 6 : 0;
            Object[] message = {id, 1L, "12345", "+4915112345678", "load test message", "GSM", 1, 75_000L, null, false, 2880,
                    null, null, "ACCEPTED", now, now, now, false, "node-1", now + 300_000, 0};
            for (int k = 0; k < message.length; k++) m.setObject(mo + k + 1, message[k]);
            Object[] ledger = {1L, -75_000L, 0L, "sms", "sms " + id, now};
            for (int k = 0; k < ledger.length; k++) l.setObject(lo + k + 1, ledger[k]);
            if (!batched) {
                m.executeUpdate();
                l.executeUpdate();
            }
        }
        if (batched) {
            messageRows.executeUpdate();
            ledgerRows.executeUpdate();
        }
        commits++;
        if (!gathered) statusChanges(PER_COMMIT, batched, now);
        else if (commits % GATHERED_COMMITS == 0) statusChanges(PER_COMMIT * GATHERED_COMMITS, true, now);
        balanceUpdate.setLong(1, -75_000L * PER_COMMIT);
        balanceUpdate.executeUpdate();
        commit.execute();
    }

    /** The last {@code n} messages before the newest commit become TRANSMITTED; {@code n} a second older DELIVERED. */
    private void statusChanges(int n, boolean multiRow, long now) throws SQLException {
        long newest = lastId - PER_COMMIT;
        if (newest < n) return;
        transmitted.setLong(1, now);
        transmitted.setString(2, ids(newest - n + 1, newest));
        transmitted.executeUpdate();
        if (multiRow) {
            for (long first = newest - n + 1; first <= newest; first += PER_COMMIT) {
                PreparedStatement rows = sandboxRows();
                for (int i = 0; i < PER_COMMIT; i++) {
                    rows.setLong(i * 4 + 1, first + i);
                    rows.setString(i * 4 + 2, "+4915112345678");
                    rows.setInt(i * 4 + 3, 1);
                    rows.setLong(i * 4 + 4, now);
                }
                rows.executeUpdate();
            }
        } else {
            for (long id = newest - n + 1; id <= newest; id++) {
                sandboxRow.setLong(1, id);
                sandboxRow.setString(2, "+4915112345678");
                sandboxRow.setInt(3, 1);
                sandboxRow.setLong(4, now);
                sandboxRow.executeUpdate();
            }
        }
        if (newest > RECEIPT_LAG + n) {
            delivered.setLong(1, now);
            delivered.setString(2, ids(newest - RECEIPT_LAG - n + 1, newest - RECEIPT_LAG));
            delivered.executeUpdate();
        }
    }

    private PreparedStatement sandboxRows;

    private PreparedStatement sandboxRows() throws SQLException {
        if (sandboxRows == null) sandboxRows = insert("sandbox_submits", SANDBOX_COLUMNS, PER_COMMIT);
        return sandboxRows;
    }

    private static String ids(long first, long last) {
        StringBuilder sb = new StringBuilder("[");
        for (long id = first; id <= last; id++) sb.append(id == first ? "" : ",").append(id);
        return sb.append(']').toString();
    }

    @TearDown(Level.Trial)
    public void close() throws Exception {
        c.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
