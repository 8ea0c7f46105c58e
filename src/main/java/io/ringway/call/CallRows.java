package io.ringway.call;

import io.ringway.store.Sql;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** The SQL of the calls table, shared by accepting, running and looking up calls. */
final class CallRows {
    private CallRows() {}

    static final String COLUMNS = "id, uuid, account_id, api, caller_id, recipient, script_kind, script, language, ringtime_s, "
            + "foreign_id, status, cause, dtmf, price_per_minute_micros, charged_micros, duration_ms, connector, hangup_requested, "
            + "created_at, updated_at, answered_at, ended_at";

    static long insert(Sql sql, Call c, String leaseOwner, Long leaseUntil) throws SQLException {
        return sql.insertReturningId("""
                INSERT INTO calls (uuid, account_id, api, caller_id, recipient, script_kind, script, language, ringtime_s, foreign_id,
                    status, price_per_minute_micros, charged_micros, hangup_requested, lease_owner, lease_until, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id""",
                c.uuid(), c.accountId(), c.api(), c.callerId(), c.recipient(), c.scriptKind(), c.script(), c.language(),
                c.ringSeconds(), c.foreignId(), c.status().apiName(), c.pricePerMinuteMicros(), c.chargedMicros(), false,
                leaseOwner, leaseUntil, c.createdAt(), c.updatedAt());
    }

    static Call byId(Sql sql, long id) throws SQLException {
        List<Call> found = select(sql, "SELECT " + COLUMNS + " FROM calls WHERE id = ?", id);
        return found.isEmpty() ? null : found.get(0);
    }

    static List<Call> select(Sql sql, String query, Object... params) throws SQLException {
        List<Call> calls = new ArrayList<>();
        try (ResultSet rs = sql.bind(query, params).executeQuery()) {
            while (rs.next()) calls.add(read(rs));
        }
        return calls;
    }

    private static Call read(ResultSet rs) throws SQLException {
        return new Call(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getString(4), rs.getString(5), rs.getString(6),
                rs.getString(7), rs.getString(8), rs.getString(9), rs.getInt(10), rs.getString(11),
                CallStatus.ofApiName(rs.getString(12)), rs.getString(13), rs.getString(14), rs.getLong(15), rs.getLong(16),
                nullableLong(rs, 17), rs.getString(18), rs.getBoolean(19), rs.getLong(20), rs.getLong(21), nullableLong(rs, 22),
                nullableLong(rs, 23));
    }

    private static Long nullableLong(ResultSet rs, int column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }
}
