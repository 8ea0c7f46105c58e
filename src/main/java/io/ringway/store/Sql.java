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

    void startTransaction() {
        transactionState.clear();
        beforeCommit.clear();
    }

    void finishTransaction() throws SQLException {
        for (int i = 0; i < beforeCommit.size(); i++) beforeCommit.get(i).run(this);
    }

    public Dialect dialect() { return dialect; }

    public Connection connection() { return connection; }

    public PreparedStatement prepare(String sql) throws SQLException {
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

    public PreparedStatement bind(String sql, Object... params) throws SQLException {
        PreparedStatement ps = prepare(sql);
        for (int i = 0; i < params.length; i++) ps.setObject(i + 1, params[i]);
        return ps;
    }

    void closeStatements() {
        for (PreparedStatement ps : statements.values()) {
            try { ps.close(); } catch (SQLException ignored) { /* closing anyway */ }
        }
        statements.clear();
    }
}
