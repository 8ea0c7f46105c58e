package io.ringway.store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The single writer: takes every waiting piece of write work, runs them all in one transaction and commits once, so
 * one fsync covers many requests (group commit). A caller's future completes only after that commit returned.
 * When one piece fails, the batch is rolled back and each piece re-run in a transaction of its own, so one bad
 * request never takes others down with it.
 */
final class GroupCommitWriter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GroupCommitWriter.class);

    private record Task<T>(Tx<T> work, CompletableFuture<T> done) {}

    private final LinkedBlockingQueue<Task<?>> queue = new LinkedBlockingQueue<>();
    private final Supplier<Connection> connections;
    private final Dialect dialect;
    private final int maxBatch;
    private final Thread thread;
    private final Executor callbacks = runnable -> Thread.ofVirtual().name("store-callbacks").start(runnable);
    private volatile boolean running = true;
    private volatile boolean stopped; // the writer left its loop; set before its last drain of the queue
    private final java.util.concurrent.atomic.LongAdder batches = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAdder tasks = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAdder busyNanos = new java.util.concurrent.atomic.LongAdder();
    private Connection connection;
    private Sql sql;

    GroupCommitWriter(Supplier<Connection> connections, Dialect dialect, int maxBatch) {
        this.connections = connections;
        this.dialect = dialect;
        this.maxBatch = maxBatch;
        this.thread = Thread.ofPlatform().name("store-writer").daemon(false).unstarted(this::loop);
        thread.start();
    }

    <T> CompletableFuture<T> submit(Tx<T> work) {
        CompletableFuture<T> done = new CompletableFuture<>();
        if (!running) {
            done.completeExceptionally(new StoreException("store is closed", null));
            return done;
        }
        Task<T> task = new Task<>(work, done);
        queue.add(task);
        // Closed between the check and the add: the writer's last drain may have missed this task, and its caller
        // would wait forever. Whoever removes it from the queue (here or that drain) fails it.
        if (stopped && queue.remove(task)) done.completeExceptionally(new StoreException("store is closed", null));
        return done;
    }

    /** Work waiting for the writer; exposed for metrics and back-pressure decisions. */
    int backlog() { return queue.size(); }

    private void loop() {
        List<Task<?>> batch = new ArrayList<>(maxBatch);
        while (running || !queue.isEmpty()) {
            try {
                Task<?> first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) continue;
                batch.add(first);
                queue.drainTo(batch, maxBatch - 1);
                runBatch(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (Throwable t) {
                log.error("store writer failed on a batch of {}", batch.size(), t);
                for (Task<?> task : batch) task.done().completeExceptionally(new StoreException("store write failed", t));
            } finally {
                batch.clear();
            }
        }
        closeConnection();
        stopped = true;
        for (Task<?> late; (late = queue.poll()) != null; ) {
            late.done().completeExceptionally(new StoreException("store is closed", null));
        }
    }

    /** Transactions committed, work items in them, and time spent running and committing them. */
    Store.WriterStats stats() { return new Store.WriterStats(batches.sum(), tasks.sum(), busyNanos.sum()); }

    private void runBatch(List<Task<?>> batch) {
        Object[] results = new Object[batch.size()];
        List<Runnable> after;
        long start = System.nanoTime();
        try {
            Sql s = sql();
            begin();
            for (int i = 0; i < batch.size(); i++) results[i] = batch.get(i).work().run(s);
            commit();
            after = sql.takeAfterCommit();
            batches.increment();
            tasks.add(batch.size());
            busyNanos.add(System.nanoTime() - start);
        } catch (Throwable failure) {
            rollback();
            if (batch.size() > 1) {
                for (Task<?> task : batch) runBatch(List.of(task));
            } else {
                fail(batch.get(0), failure);
            }
            return;
        }
        // Waking the callers is handed to one virtual thread per commit, so the writer starts its next transaction
        // instead of paying a futex wake per caller (~4 µs each; it was often descheduled in favour of the threads it
        // woke, too). That virtual thread's wake-ups are pushes onto its carrier's own queue. Measured +3.5 % ± 3 % at
        // 20 clients against waking them here; a platform completer thread measured −8 %: waking it (~50 µs on this
        // VM) was on every request's path.
        List<Task<?>> done = List.copyOf(batch);
        callbacks.execute(() -> {
            for (int i = 0; i < done.size(); i++) complete(done.get(i), results[i]);
            for (Runnable r : after) {
                try {
                    r.run();
                } catch (RuntimeException e) {
                    log.warn("an after-commit action failed", e);
                }
            }
        });
    }

    @SuppressWarnings("unchecked")
    private static <T> void complete(Task<T> task, Object result) { task.done().complete((T) result); }

    private void fail(Task<?> task, Throwable failure) {
        if (failure instanceof Abort abort) {
            complete(task, abort.result());
        } else if (failure instanceof SQLException || failure instanceof StoreException) {
            if (failure instanceof SQLException) dropConnectionIfBroken();
            task.done().completeExceptionally(new StoreException("store write failed: " + failure.getMessage(), failure));
        } else {
            task.done().completeExceptionally(failure);
        }
    }

    private Sql sql() {
        if (sql == null) {
            try {
                connection = connections.get();
                connection.setAutoCommit(false);
                // SQLite: BEGIN IMMEDIATE / COMMIT are issued by hand (see begin()), and the driver's own transaction,
                // opened by setAutoCommit(false), is ended at once, so no lock is held between batches (other
                // processes, such as keys create, need the write lock then). The driver is left in manual-commit mode
                // anyway: in autocommit mode it runs a probing BEGIN after every statement (~4 % of the writer's time).
                if (dialect == Dialect.SQLITE) {
                    try (var st = connection.createStatement()) {
                        st.execute("COMMIT");
                    }
                }
            } catch (SQLException | RuntimeException e) {
                closeConnection();
                throw new StoreException("cannot open the writer connection: " + e.getMessage(), e);
            }
            sql = new Sql(connection, dialect, true);
        }
        return sql;
    }

    /** SQLite: take the write lock up front, so reads in the work never have to upgrade (which could fail busy). */
    private void begin() throws SQLException {
        sql.startTransaction();
        if (dialect == Dialect.SQLITE) sql.prepare("BEGIN IMMEDIATE").execute();
    }

    private void commit() throws SQLException {
        sql.finishTransaction();
        if (dialect == Dialect.SQLITE) sql.prepare("COMMIT").execute();
        else connection.commit();
    }

    private void rollback() {
        if (connection == null) return;
        try {
            if (dialect == Dialect.SQLITE) {
                try (var st = connection.createStatement()) {
                    st.execute("ROLLBACK");
                } catch (SQLException e) {
                    // no transaction open (BEGIN itself failed): nothing to undo
                    if (!String.valueOf(e.getMessage()).contains("no transaction is active")) throw e;
                }
                return;
            }
            connection.rollback();
        } catch (SQLException e) {
            log.warn("rollback failed, reopening the writer connection: {}", e.getMessage());
            closeConnection();
        }
    }

    private void dropConnectionIfBroken() {
        try {
            if (connection != null && !connection.isValid(2)) closeConnection();
        } catch (SQLException e) {
            closeConnection();
        }
    }

    private void closeConnection() {
        if (sql != null) sql.closeStatements();
        sql = null;
        if (connection != null) {
            try { connection.close(); } catch (SQLException ignored) { /* already unusable */ }
        }
        connection = null;
    }

    /** Finishes the work already queued, then stops. */
    @Override
    public void close() {
        running = false;
        try {
            thread.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
