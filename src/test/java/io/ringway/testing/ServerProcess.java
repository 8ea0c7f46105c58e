package io.ringway.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Ringway as a separate operating-system process, started through its real command line, so a test can kill it
 * with SIGKILL and start it again on the same data directory.
 */
public final class ServerProcess implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Process process;
    private final int port;
    private final Path log;

    private ServerProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Runs {@code ringway serve --port P --data DIR} and waits until it answers HTTP. */
    public static ServerProcess serve(Path dataDir, Map<String, String> env) throws IOException, InterruptedException {
        int port = freePort();
        Path log = Files.createTempFile("ringway-server", ".log");
        ProcessBuilder pb = command("serve", "--port", Integer.toString(port), "--data", dataDir.toString());
        pb.environment().put("RINGWAY_SERVER_HOST", "127.0.0.1");
        pb.environment().put("RINGWAY_SERVER_WARMUP_SECONDS", "0");
        pb.environment().putAll(env);
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        ServerProcess server = new ServerProcess(pb.start(), port, log);
        server.awaitReady();
        return server;
    }

    /** Runs {@code ringway keys create --json} against the data directory and returns its output. */
    public static JsonNode createKey(Path dataDir, String balance, Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder pb = command("keys", "create", "--data", dataDir.toString(), "--balance", balance, "--json");
        pb.environment().putAll(env);
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IllegalStateException("keys create failed: " + out);
        return new ObjectMapper().readTree(out);
    }

    private static ProcessBuilder command(String... args) {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"), "io.ringway.cli.Main"));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private void awaitReady() throws InterruptedException, IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) throw new IllegalStateException("server exited: " + Files.readString(log));
            try {
                HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/api/balance")).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding());
                return;
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("server did not start: " + Files.readString(log));
    }

    public String baseUrl() { return "http://127.0.0.1:" + port; }

    /** A plain JDBC connection to the SQLite store in {@code dataDir}, for checking what a server left there. */
    public static java.sql.Connection database(Path dataDir) throws java.sql.SQLException {
        return java.sql.DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("ringway.db"));
    }

    public String output() throws IOException { return Files.readString(log); }

    /** SIGKILL: no shutdown hook runs, nothing is flushed. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM and wait: the orderly shutdown an operator does. */
    public void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) kill();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) kill();
    }
}
