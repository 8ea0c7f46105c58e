package io.ringway.store;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rows the writer's work asked to insert, held until the next other statement or the commit and then written as
 * multi-row INSERTs: one statement for the rows of many requests in a group commit. On SQLite each statement costs
 * the driver a fixed ~2 µs of JNI calls (reset, parameter count, step, reset, changes) besides its rows, which for
 * one-row inserts was about as much as the rows themselves.
 */
final class DeferredInserts {
    /** Rows per statement: a statement is prepared (and kept) per row count up to this. */
    private static final int MAX_ROWS = 64;

    private record Shape(String head, String row, int width, String[] statements) {
        /** The INSERT for {@code rows} rows, built once per count. */
        String statement(int rows) {
            String sql = statements[rows];
            if (sql == null) {
                StringBuilder sb = new StringBuilder(head.length() + rows * (row.length() + 2)).append(head);
                for (int i = 0; i < rows; i++) sb.append(i > 0 ? ", " : "").append(row);
                statements[rows] = sql = sb.toString();
            }
            return sql;
        }
    }

    /** By table, then by column list: callers pass constant strings, whose hash codes are cached. */
    private final Map<String, Map<String, Shape>> shapes = new HashMap<>();
    private final Map<Shape, List<Object>> pending = new LinkedHashMap<>();
    private boolean empty = true;

    boolean isEmpty() { return empty; }

    void add(String table, String columns, Object[] values) {
        Map<String, Shape> byColumns = shapes.computeIfAbsent(table, t -> new HashMap<>());
        Shape shape = byColumns.get(columns);
        if (shape == null) {
            String marks = "?" + ", ?".repeat(values.length - 1);
            shape = new Shape("INSERT INTO " + table + " (" + columns + ") VALUES ", "(" + marks + ")", values.length, new String[MAX_ROWS + 1]);
            byColumns.put(columns, shape);
        }
        List<Object> rows = pending.computeIfAbsent(shape, s -> new ArrayList<>());
        for (Object v : values) rows.add(v);
        empty = false;
    }

    /** Writes every held row; {@code prepare} must not flush (it is called from the flush). */
    void flush(Sql sql) throws SQLException {
        if (empty) return;
        try {
            for (var e : pending.entrySet()) {
                Shape shape = e.getKey();
                List<Object> values = e.getValue();
                int rows = values.size() / shape.width();
                for (int first = 0; first < rows; first += MAX_ROWS) {
                    int n = Math.min(MAX_ROWS, rows - first);
                    PreparedStatement ps = sql.prepareWithoutFlush(shape.statement(n));
                    int offset = first * shape.width();
                    for (int i = 0; i < n * shape.width(); i++) ps.setObject(i + 1, values.get(offset + i));
                    ps.executeUpdate();
                }
            }
        } finally {
            // Written, or failed and about to be rolled back with their transaction: either way no longer held.
            clear();
        }
    }

    /** Drops held rows: the transaction they belonged to was rolled back or never began. */
    void clear() {
        for (List<Object> values : pending.values()) values.clear();
        empty = true;
    }
}
