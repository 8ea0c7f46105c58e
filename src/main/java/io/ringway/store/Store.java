package io.ringway.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

import javax.sql.DataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * The durable store: SQLite (embedded default) or PostgreSQL, one schema migrated by Flyway.
 * All writes go through one writer thread with group commit ({@link #write}); a returned write is committed and,
 * on SQLite, fsynced ({@code synchronous=FULL}). Reads run on a small pool of their own connections.
 */
public final class Store implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Store.class);

    private final Dialect dialect;
    private final HikariDataSource readers;
    private final GroupCommitWriter writer;

    private Store(Dialect dialect, HikariDataSource readers, GroupCommitWriter writer) {
        this.dialect = dialect;
        this.readers = readers;
        this.writer = writer;
    }

    /** Where the store is and how big its pools are. */
    public record Options(String jdbcUrl, String user, String password, int readerPoolSize, int maxBatch) {
        public static Options sqlite(Path file) {
            return new Options("jdbc:sqlite:" + file.toAbsolutePath(), "", "", 4, 512);
        }
    }

    public static Store open(Options options) {
        Dialect dialect = Dialect.of(options.jdbcUrl());
        try {
            return dialect == Dialect.SQLITE ? openSqlite(options) : openPostgres(options);
        } catch (FlywayException e) {
            throw new StoreException("database migration failed: " + e.getMessage(), e);
        } catch (SQLException e) {
            throw new StoreException("cannot open the database " + redact(options.jdbcUrl()) + ": " + e.getMessage(), e);
        }
    }

    private static Store openSqlite(Options o) throws SQLException {
        String path = o.jdbcUrl().substring("jdbc:sqlite:".length());
        int query = path.indexOf('?');
        Path file = Path.of(query < 0 ? path : path.substring(0, query));
        try {
            if (file.getParent() != null) Files.createDirectories(file.getParent());
        } catch (IOException e) {
            throw new SQLException("cannot create the data directory " + file.getParent() + ": " + e.getMessage(), e);
        }
        SQLiteConfig cfg = new SQLiteConfig();
        cfg.setJournalMode(SQLiteConfig.JournalMode.WAL);
        cfg.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        cfg.setBusyTimeout(15_000);
        // Ids come from RETURNING; otherwise the driver runs an extra "select last_insert_rowid()" after every update.
        cfg.setGetGeneratedKeys(false);
        SQLiteDataSource ds = new SQLiteDataSource(cfg);
        ds.setUrl(o.jdbcUrl());
        migrate(ds, Dialect.SQLITE);

        SQLiteConfig readCfg = new SQLiteConfig();
        readCfg.setJournalMode(SQLiteConfig.JournalMode.WAL);
        readCfg.setBusyTimeout(15_000);
        HikariConfig hc = new HikariConfig();
        hc.setPoolName("store-readers");
        hc.setJdbcUrl(o.jdbcUrl());
        hc.setDataSourceProperties(readCfg.toProperties());
        hc.setMaximumPoolSize(o.readerPoolSize());
        hc.setMinimumIdle(1);
        HikariDataSource readers = new HikariDataSource(hc);
        GroupCommitWriter writer = new GroupCommitWriter(() -> connect(ds), Dialect.SQLITE, o.maxBatch());
        return new Store(Dialect.SQLITE, readers, writer);
    }

    private static Store openPostgres(Options o) {
        HikariConfig hc = new HikariConfig();
        hc.setPoolName("store");
        hc.setJdbcUrl(o.jdbcUrl());
        if (o.user() != null && !o.user().isBlank()) hc.setUsername(o.user());
        if (o.password() != null && !o.password().isBlank()) hc.setPassword(o.password());
        // readers plus the writer's own connection
        hc.setMaximumPoolSize(o.readerPoolSize() + 1);
        hc.setMinimumIdle(1);
        HikariDataSource pool = new HikariDataSource(hc);
        migrate(pool, Dialect.POSTGRES);
        GroupCommitWriter writer = new GroupCommitWriter(() -> connect(pool), Dialect.POSTGRES, o.maxBatch());
        return new Store(Dialect.POSTGRES, pool, writer);
    }

    private static Connection connect(DataSource ds) {
        try {
            return ds.getConnection();
        } catch (SQLException e) {
            throw new StoreException("cannot connect to the database: " + e.getMessage(), e);
        }
    }

    private static void migrate(DataSource ds, Dialect dialect) {
        Flyway.configure()
                .dataSource(ds)
                .locations("classpath:db/migration")
                .placeholders(Map.of("pk", dialect.identityColumn(), "append_pk", dialect.appendOnlyIdentityColumn()))
                .failOnMissingLocations(true)
                .load()
                .migrate();
    }

    public Dialect dialect() { return dialect; }

    /** Runs write work in the next group commit and returns once it is durable. */
    public <T> T write(Tx<T> work) {
        return await(writer.submit(work));
    }

    /**
     * Like {@link #write} without waiting; the future completes after the commit, on a virtual thread that completes
     * every future of that commit in turn: a dependent action attached without an executor runs there, and one that
     * blocks delays the callers after it.
     */
    public <T> CompletableFuture<T> writeAsync(Tx<T> work) {
        return writer.submit(work);
    }

    /** Runs read-only work on a pooled connection (sees everything committed before it started). */
    public <T> T read(Tx<T> work) {
        try (Connection c = readers.getConnection()) {
            Sql sql = new Sql(c, dialect, false);
            try {
                return work.run(sql);
            } finally {
                sql.closeStatements();
            }
        } catch (SQLException e) {
            throw new StoreException("store read failed: " + e.getMessage(), e);
        }
    }

    /** Counters of the writer since start: transactions, work items committed in them, time busy. */
    public record WriterStats(long transactions, long work, long busyNanos) {}

    public WriterStats writerStats() { return writer.stats(); }

    /** Write work queued and not yet committed. */
    public int writeBacklog() { return writer.backlog(); }

    static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while waiting for the store", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) throw re;
            throw new StoreException("store write failed: " + e.getCause(), e.getCause());
        }
    }

    private static String redact(String url) { return url.replaceAll("password=[^&]*", "password=***"); }

    @Override
    public void close() {
        writer.close();
        readers.close();
        log.debug("store closed");
    }
}
