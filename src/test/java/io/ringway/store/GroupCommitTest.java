package io.ringway.store;

import io.ringway.testing.TestDatabase;

import static io.ringway.testing.TestDatabase.queryLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** The single writer: batching, isolation of failures inside a batch, durability of returned writes, closing. */
class GroupCommitTest {
    private final List<Store> stores = new ArrayList<>();

    @AfterEach
    void closeStores() {
        stores.forEach(Store::close);
    }

    private Store open(TestDatabase db, String url, int maxBatch) {
        Store.Options o = db.options(url);
        Store s = Store.open(new Store.Options(o.jdbcUrl(), o.user(), o.password(), o.readerPoolSize(), maxBatch));
        stores.add(s);
        return s;
    }

    private Store open(TestDatabase db) { return open(db, db.freshUrl(), 512); }

    /** Inserts one scratch row (sandbox_submits has no foreign keys) tagged with {@code tag}; returns its id. */
    private static long insert(Sql sql, long tag) throws SQLException {
        return sql.insertReturningId(
                "INSERT INTO sandbox_submits (message_id, recipient, parts, submitted_at) VALUES (?, 'x', 1, 0) RETURNING id", tag);
    }

    private static long count(Store store, String where) {
        return queryLong(store, "SELECT COUNT(*) FROM sandbox_submits WHERE " + where);
    }

    /**
     * Keeps the writer busy in a transaction of its own until the returned gate opens, so every write submitted
     * meanwhile waits in the queue and goes into the next batch together.
     */
    private static CountDownLatch holdWriter(Store store) throws InterruptedException {
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch gate = new CountDownLatch(1);
        store.writeAsync(sql -> {
            inside.countDown();
            try {
                if (!gate.await(30, TimeUnit.SECONDS)) throw new SQLException("test gate never opened");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        });
        assertThat(inside.await(10, TimeUnit.SECONDS)).as("writer picked up the holding task").isTrue();
        return gate;
    }

    private static void awaitBacklog(Store store, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (store.writeBacklog() < n) {
            assertThat(System.nanoTime()).as("backlog reached %d", n).isLessThan(deadline);
            Thread.sleep(1); // waiting for threads to enqueue, not for a time rule
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void concurrentWritersShareTransactionsAndAllCommit(TestDatabase db) throws Exception {
        Store store = open(db);
        Store.WriterStats before = store.writerStats();
        CountDownLatch gate = holdWriter(store);
        int writers = 300;
        List<Thread> threads = new ArrayList<>();
        List<Long> ids = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < writers; i++) {
            long tag = i;
            threads.add(Thread.ofVirtual().start(() -> ids.add(store.write(sql -> insert(sql, tag)))));
        }
        awaitBacklog(store, writers);
        gate.countDown();
        for (Thread t : threads) t.join(Duration.ofSeconds(30));

        assertThat(ids).hasSize(writers).doesNotHaveDuplicates();
        assertThat(count(store, "recipient = 'x'")).isEqualTo(writers);
        Store.WriterStats after = store.writerStats();
        assertThat(after.work() - before.work()).isEqualTo(writers + 1);
        // the holding task's transaction, then all 300 writes in one
        assertThat(after.transactions() - before.transactions()).isEqualTo(2);
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aBatchNeverExceedsMaxBatch(TestDatabase db) throws Exception {
        Store store = open(db, db.freshUrl(), 10);
        CountDownLatch gate = holdWriter(store);
        Store.WriterStats before = store.writerStats();
        List<CompletableFuture<Long>> done = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            long tag = i;
            done.add(store.writeAsync(sql -> insert(sql, tag)));
        }
        gate.countDown();
        CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        Store.WriterStats after = store.writerStats();
        // holder (1) + 25 writes in batches of at most 10 (3)
        assertThat(after.transactions() - before.transactions()).isEqualTo(4);
        assertThat(count(store, "recipient = 'x'")).isEqualTo(25);
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void abortUndoesOnlyItsOwnWorkAndAnswersItsCaller(TestDatabase db) throws Exception {
        Store store = open(db);
        CountDownLatch gate = holdWriter(store);
        CompletableFuture<Long> first = store.writeAsync(sql -> insert(sql, 1));
        CompletableFuture<String> aborted = store.writeAsync(sql -> {
            insert(sql, 2);
            throw new Abort("refused: no credit");
        });
        CompletableFuture<Long> third = store.writeAsync(sql -> insert(sql, 3));
        gate.countDown();

        assertThat(aborted.get(30, TimeUnit.SECONDS)).isEqualTo("refused: no credit");
        assertThat(first.get(30, TimeUnit.SECONDS)).isPositive();
        assertThat(third.get(30, TimeUnit.SECONDS)).isPositive();
        assertThat(count(store, "message_id = 1")).isEqualTo(1);
        assertThat(count(store, "message_id = 2")).isZero();
        assertThat(count(store, "message_id = 3")).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aFailingStatementFailsOnlyItsCaller(TestDatabase db) throws Exception {
        Store store = open(db);
        CountDownLatch gate = holdWriter(store);
        CompletableFuture<Long> before = store.writeAsync(sql -> insert(sql, 1));
        CompletableFuture<Long> broken = store.writeAsync(sql -> {
            insert(sql, 2);
            return sql.queryLong("SELECT no_such_column FROM sandbox_submits");
        });
        CompletableFuture<Long> after = store.writeAsync(sql -> insert(sql, 3));
        gate.countDown();

        assertThat(before.get(30, TimeUnit.SECONDS)).isPositive();
        assertThat(after.get(30, TimeUnit.SECONDS)).isPositive();
        assertThatThrownBy(() -> Store.await(broken))
                .isInstanceOf(StoreException.class)
                .hasCauseInstanceOf(SQLException.class)
                .hasMessageContaining("no_such_column");
        assertThat(count(store, "message_id IN (1, 3)")).isEqualTo(2);
        assertThat(count(store, "message_id = 2")).as("the failed work's own insert was rolled back").isZero();
        // the writer is still healthy afterwards
        assertThat(store.<Long>write(sql -> insert(sql, 4))).isPositive();
    }

    private static void insertLater(Sql sql, long tag, String recipient) throws SQLException {
        sql.insertLater("sandbox_submits", "message_id, recipient, parts, submitted_at", tag, recipient, 1, 0L);
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void rowsInsertedLaterAreSeenByLaterStatementsOfTheBatchAndCommitted(TestDatabase db) throws Exception {
        Store store = open(db);
        CountDownLatch gate = holdWriter(store);
        List<CompletableFuture<Void>> adds = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            long tag = i;
            adds.add(store.writeAsync(sql -> {
                insertLater(sql, tag, "x");
                return null;
            }));
        }
        CompletableFuture<Long> seen = store.writeAsync(sql -> sql.queryLong("SELECT COUNT(*) FROM sandbox_submits"));
        gate.countDown();

        for (var add : adds) add.get(30, TimeUnit.SECONDS);
        assertThat(seen.get(30, TimeUnit.SECONDS)).as("a statement after them in the same batch sees them").isEqualTo(150L);
        assertThat(count(store, "message_id >= 0")).isEqualTo(150);
        assertThat(queryLong(store, "SELECT COUNT(*) FROM sandbox_submits s JOIN sandbox_submits t ON t.id = s.id + 1 WHERE t.message_id = s.message_id + 1"))
                .as("rows keep the order they were added in, across statements of 64 rows").isEqualTo(149L);
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aRowInsertedLaterThatTheDatabaseRefusesFailsOnlyItsCaller(TestDatabase db) throws Exception {
        Store store = open(db);
        CountDownLatch gate = holdWriter(store);
        CompletableFuture<Void> before = store.writeAsync(sql -> {
            insertLater(sql, 1, "x");
            return null;
        });
        CompletableFuture<Void> refused = store.writeAsync(sql -> {
            insertLater(sql, 2, "x");
            insertLater(sql, 2, null); // recipient is NOT NULL: fails when written, at the commit
            return null;
        });
        CompletableFuture<String> aborted = store.writeAsync(sql -> {
            insertLater(sql, 3, "x");
            throw new Abort("refused: no credit");
        });
        CompletableFuture<Void> after = store.writeAsync(sql -> {
            insertLater(sql, 4, "x");
            return null;
        });
        gate.countDown();

        before.get(30, TimeUnit.SECONDS);
        after.get(30, TimeUnit.SECONDS);
        assertThat(aborted.get(30, TimeUnit.SECONDS)).isEqualTo("refused: no credit");
        assertThatThrownBy(() -> Store.await(refused)).isInstanceOf(StoreException.class).hasCauseInstanceOf(SQLException.class);
        assertThat(count(store, "message_id IN (1, 4)")).isEqualTo(2);
        assertThat(count(store, "message_id IN (2, 3)")).as("rows of the refused and the aborted work").isZero();
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aRuntimeExceptionReachesItsCallerUnchanged(TestDatabase db) {
        Store store = open(db);
        assertThatThrownBy(() -> store.write(sql -> {
            insert(sql, 7);
            throw new IllegalStateException("bug in work");
        })).isInstanceOf(IllegalStateException.class).hasMessage("bug in work");
        assertThat(count(store, "message_id = 7")).isZero();
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aReturnedWriteIsVisibleToReads(TestDatabase db) throws Exception {
        Store store = open(db);
        for (int i = 0; i < 50; i++) {
            long tag = i;
            long id = store.write(sql -> insert(sql, tag));
            assertThat(queryLong(store, "SELECT message_id FROM sandbox_submits WHERE id = ?", id)).isEqualTo(tag);
        }
        long id = store.writeAsync(sql -> insert(sql, 99)).get(30, TimeUnit.SECONDS);
        assertThat(queryLong(store, "SELECT message_id FROM sandbox_submits WHERE id = ?", id)).isEqualTo(99L);
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void writesAfterCloseFailFastWithStoreException(TestDatabase db) {
        Store store = open(db);
        store.write(sql -> insert(sql, 1));
        store.close();
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            assertThatThrownBy(() -> store.write(sql -> insert(sql, 2)))
                    .isInstanceOf(StoreException.class).hasMessageContaining("closed");
            assertThatThrownBy(() -> queryLong(store, "SELECT 1"))
                    .isInstanceOf(StoreException.class);
        });
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void closeFinishesWorkAlreadyQueued(TestDatabase db) throws Exception {
        String url = db.freshUrl();
        Store store = open(db, url, 512);
        CountDownLatch gate = holdWriter(store);
        List<CompletableFuture<Long>> queued = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            long tag = 100 + i;
            queued.add(store.writeAsync(sql -> insert(sql, tag)));
        }
        Thread closer = Thread.ofVirtual().start(store::close);
        gate.countDown();
        closer.join(Duration.ofSeconds(30));
        assertThat(closer.isAlive()).isFalse();
        for (CompletableFuture<Long> f : queued) assertThat(f).isCompleted().isNotCompletedExceptionally();

        Store reopened = open(db, url, 512);
        assertThat(count(reopened, "message_id BETWEEN 100 AND 104")).isEqualTo(5);
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void closingUnderLoadAnswersEveryWriterAndKeepsExactlyTheCommittedOnes(TestDatabase db) throws Exception {
        String url = db.freshUrl();
        Store store = open(db, url, 512);
        List<CompletableFuture<Long>> futures = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            threads.add(Thread.ofVirtual().start(() -> {
                // keeps writing (20 in flight) until the store refuses: some writes race the close, some come after it
                for (int i = 0; ; i++) {
                    CompletableFuture<Long> f = store.writeAsync(sql -> insert(sql, 5));
                    futures.add(f);
                    if (i % 20 == 19) f.handle((v, e) -> null).join();
                    if (f.isCompletedExceptionally()) break;
                }
            }));
        }
        while (store.writerStats().work() < 200) Thread.onSpinWait();
        store.close();
        for (Thread t : threads) t.join(Duration.ofSeconds(30));

        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).handle((v, e) -> null).get(30, TimeUnit.SECONDS);
        long committed = futures.stream().filter(f -> !f.isCompletedExceptionally()).count();
        assertThat(committed).isGreaterThanOrEqualTo(200).isLessThan(futures.size());
        for (CompletableFuture<Long> f : futures) {
            if (f.isCompletedExceptionally()) {
                assertThatThrownBy(f::join).hasCauseInstanceOf(StoreException.class).hasMessageContaining("closed");
            }
        }
        assertThat(count(open(db, url, 512), "message_id = 5")).isEqualTo(committed);
    }
}
