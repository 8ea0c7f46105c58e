package io.ringway.store;

import java.sql.SQLException;

/**
 * A unit of work against the store. Write work may run more than once (after a batch it shared was rolled back
 * because of another task), so it must not have effects outside the database before it returns.
 */
@FunctionalInterface
public interface Tx<T> {
    T run(Sql sql) throws SQLException;
}
