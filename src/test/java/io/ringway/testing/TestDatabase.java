package io.ringway.testing;

import io.ringway.store.Store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The two databases the store runs on, for {@code @ParameterizedTest @EnumSource(TestDatabase.class)}: a real
 * SQLite file in a temporary directory, or a fresh database on the shared embedded PostgreSQL server.
 */
public enum TestDatabase {
    SQLITE, POSTGRES;

    /** A URL of a database nobody used yet. */
    public String freshUrl() {
        if (this == POSTGRES) return EmbeddedPostgres.freshDatabaseUrl();
        try {
            Path dir = Files.createTempDirectory("ringway-store-test");
            dir.toFile().deleteOnExit();
            TEMP_DIRS.add(dir);
            return "jdbc:sqlite:" + dir.resolve("ringway.db").toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Store.Options options(String url) {
        return new Store.Options(url, this == POSTGRES ? "postgres" : "", "", 4, 512);
    }

    public Store open(String url) { return Store.open(options(url)); }

    public Store openFresh() { return open(freshUrl()); }

    /** First column of the first row of a query on a reader connection ({@code null} when there is no row). */
    public static Long queryLong(Store store, String query, Object... params) {
        return store.read(sql -> sql.queryLong(query, params));
    }

    private static final List<Path> TEMP_DIRS = java.util.Collections.synchronizedList(new ArrayList<>());

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (Path dir : TEMP_DIRS) {
                try (Stream<Path> files = Files.walk(dir)) {
                    files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                } catch (IOException ignored) {
                    // temp dir: the OS cleans up
                }
            }
        }));
    }
}
