package io.ringway.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * A connection as work sees it. Statements are prepared once per connection and reused, which on the writer
 * (one connection for the life of the process) removes SQL parsing from the hot path. Callers must not close
 * statements they get from {@link #prepare}; they close their ResultSets.
 */
public final class Sql {
    private final Connection connection;
    private final Dialect dialect;
    private final Map<String, PreparedStatement> statements = new HashMap<>();
    private final boolean writer;
    private final Map<Object, Object> transactionState = new HashMap<>();
    private final java.util.List<Tx<?>> beforeCommit = new java.util.ArrayList<>();
    private final java.util.LinkedHashSet<Runnable> afterCommit = new java.util.LinkedHashSet<>();
    private final Map<String, long[]> lastIds = new HashMap<>();
    private final DeferredInserts deferred = new DeferredInserts();

    Sql(Connection connection, Dialect dialect, boolean writer) {
        this.connection = connection;
        this.dialect = dialect;
        this.writer = writer;
    }

    /**
     * State that lives as long as the current write transaction, shared by every piece of work in it (the writer
     * runs many requests' work in one transaction). {@code null} on read connections, which have no such scope.
     */
    public Map<Object, Object> transactionState() { return writer ? transactionState : null; }

    /** Statements to run once, right before the current write transaction commits (after all its work). */
    public void beforeCommit(Tx<?> flush) {
        if (!writer) throw new IllegalStateException("not in a write transaction");
        beforeCommit.add(flush);
    }

    /**
     * Runs once after the current write transaction committed (not after a rollback), on the thread that completes
     * its callers; the same action registered twice runs once. For cheap signals, such as waking a poller for rows
     * that exist only from the commit on.
     */
    public void afterCommit(Runnable action) {
        if (!writer) throw new IllegalStateException("not in a write transaction");
        afterCommit.add(action);
    }

    /** The actions registered for after this commit, handed over once. */
    java.util.List<Runnable> takeAfterCommit() {
        if (afterCommit.isEmpty()) return java.util.List.of();
        java.util.List<Runnable> out = java.util.List.copyOf(afterCommit);
        afterCommit.clear();
        return out;
    }

    void startTransaction() {
        transactionState.clear();
        beforeCommit.clear();
        afterCommit.clear();
        deferred.clear();
    }

    void finishTransaction() throws SQLException {
        for (int i = 0; i < beforeCommit.size(); i++) beforeCommit.get(i).run(this);
        deferred.flush(this);
    }

    /**
     * Inserts a row whose generated key nobody needs. In a write transaction the row is held and written with the
     * rows of other work in one multi-row INSERT, before the next other statement on this connection or the commit,
     * so every statement still sees it; an error in it surfaces there (the writer then re-runs each piece of work
     * alone, which pins it on the right one).
     */
    public void insertLater(String table, String columns, Object... values) throws SQLException {
        if (writer) {
            deferred.add(table, columns, values);
        } else {
            update("INSERT INTO " + table + " (" + columns + ") VALUES (?" + ", ?".repeat(values.length - 1) + ")", values);
        }
    }

    public Dialect dialect() { return dialect; }

    public Connection connection() { return connection; }

    public PreparedStatement prepare(String sql) throws SQLException {
        if (!deferred.isEmpty()) deferred.flush(this);
        return prepareWithoutFlush(sql);
    }

    PreparedStatement prepareWithoutFlush(String sql) throws SQLException {
        PreparedStatement ps = statements.get(sql);
        if (ps == null) {
            ps = connection.prepareStatement(sql);
            statements.put(sql, ps);
        }
        return ps;
    }

    /** Runs a query with the given parameters and returns the first column of the first row, or {@code null}. */
    public Long queryLong(String sql, Object... params) throws SQLException {
        PreparedStatement ps = bind(sql, params);
        try (ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) return null;
            long v = rs.getLong(1);
            return rs.wasNull() ? null : v;
        }
    }

    /** Executes an update with the given parameters; returns the number of rows changed. */
    public int update(String sql, Object... params) throws SQLException {
        return bind(sql, params).executeUpdate();
    }

    /** Executes an {@code INSERT ... RETURNING id} and returns the generated id. */
    public long insertReturningId(String sql, Object... params) throws SQLException {
        try (ResultSet rs = bind(sql, params).executeQuery()) {
            if (!rs.next()) throw new SQLException("insert returned no id: " + sql);
            return rs.getLong(1);
        }
    }

    /**
     * The id for a new row of {@code table} on SQLite, where the writer numbers rows itself: continuing after the
     * highest id ever given (as {@code AUTOINCREMENT} keeps in {@code sqlite_sequence}, which SQLite updates for
     * explicit ids too), so deleted ids are never reused. An insert then needs no result set back, which is a third of
     * an insert's cost in the driver. Valid because only one process writes a SQLite store's tables that use it (the
     * server holds the data directory's lock). Ids of rolled-back rows are skipped, as with AUTOINCREMENT.
     */
    public long nextSqliteId(String table) throws SQLException {
        if (dialect != Dialect.SQLITE || !writer) throw new IllegalStateException("ids are numbered by the writer on SQLite only");
        long[] last = lastIds.get(table);
        if (last == null) {
            Long highest = queryLong("SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = ?), 0), "
                    + "coalesce((SELECT max(id) FROM " + table + "), 0))", table);
            last = new long[] {highest == null ? 0 : highest};
            lastIds.put(table, last);
        }
        return ++last[0];
    }

    /**
     * A condition that {@code column} is one of the ids of one {@link #idList} parameter: one statement (and one cached
     * prepared statement) for any number of ids.
     */
    public String idIn(String column) {
        return column + (dialect == Dialect.POSTGRES ? " = ANY (CAST(? AS BIGINT[]))" : " IN (SELECT value FROM json_each(?))");
    }

    /** Ids as the one parameter {@link #idIn} takes: a PostgreSQL array literal or a JSON array. */
    public String idList(java.util.Collection<Long> ids) {
        StringBuilder sb = new StringBuilder(ids.size() * 8).append(dialect == Dialect.POSTGRES ? '{' : '[');
        for (Long id : ids) {
            if (sb.length() > 1) sb.append(',');
            sb.append(id.longValue());
        }
        return sb.append(dialect == Dialect.POSTGRES ? '}' : ']').toString();
    }

    public PreparedStatement bind(String sql, Object... params) throws SQLException {
        PreparedStatement ps = prepare(sql);
        for (int i = 0; i < params.length; i++) ps.setObject(i + 1, params[i]);
        return ps;
    }

    void closeStatements() {
        deferred.clear();
        for (PreparedStatement ps : statements.values()) {
            try { ps.close(); } catch (SQLException ignored) { /* closing anyway */ }
        }
        statements.clear();
    }
}
