package io.ringway.testing;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * sipp (Debian's sip-tester) as the phone or trunk on the other end of Ringway's SIP calls, on 127.0.0.1. It runs a
 * scenario from {@code src/test/resources/sipp} as UAS for a given number of calls and exits: 0 when every call went
 * through its scenario, 1 when one failed (an unexpected message, a timeout), so a test learns whether Ringway's side
 * of the dialogue was what the scenario expects.
 */
public final class Sipp implements AutoCloseable {
    private final Process process;
    private final int sipPort;
    private final int mediaPort;
    private final Path log;

    private Sipp(Process process, int sipPort, int mediaPort, Path log) {
        this.process = process;
        this.sipPort = sipPort;
        this.mediaPort = mediaPort;
        this.log = log;
    }


    /**
     * Starts sipp as UAS with the scenario {@code name} (a file in src/test/resources/sipp) for {@code calls} calls.
     * Its {@code {{key}}} placeholders are filled from {@code values} (sipp itself checks status codes and pauses
     * when it loads a scenario, before its own {@code -key} values apply); {@code extra} are more sipp arguments.
     */
    public static Sipp uas(String name, int calls, Map<String, String> values, String... extra) throws IOException, InterruptedException {
        Path template = Path.of("src/test/resources/sipp", name + ".xml").toAbsolutePath();
        String text = Files.readString(template);
        for (Map.Entry<String, String> v : values.entrySet()) text = text.replace("{{" + v.getKey() + "}}", v.getValue());
        if (text.contains("{{")) throw new IllegalArgumentException("scenario " + name + " needs a value for " + text.substring(text.indexOf("{{")).split("}}")[0] + "}}");
        Path scenario = Files.createTempFile("sipp-" + name, ".xml");
        Files.writeString(scenario, text);
        int[] ports = freePorts(2);
        int sipPort = ports[0], mediaPort = ports[1];
        Path log = Files.createTempFile("sipp-" + name, ".log");
        List<String> cmd = new ArrayList<>(List.of("sipp", "-sf", scenario.toString(), "-i", "127.0.0.1", "-p", Integer.toString(sipPort),
                "-mi", "127.0.0.1", "-mp", Integer.toString(mediaPort), "-m", Integer.toString(calls), "-nostdin",
                "-timeout", "120s", "-timeout_error", "-trace_err", "-error_file", log + ".errors"));
        cmd.addAll(List.of(extra));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.directory(log.getParent().toFile());
        Sipp sipp = new Sipp(pb.start(), sipPort, mediaPort, log);
        sipp.awaitListening();
        return sipp;
    }

    /** Where Ringway's trunk URL points: {@code 127.0.0.1:PORT}. */
    public String hostPort() { return "127.0.0.1:" + sipPort; }

    public int sipPort() { return sipPort; }

    public int mediaPort() { return mediaPort; }

    /** Waits for sipp to finish its calls; returns its exit code (0: every call went as the scenario says). */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroy();
            process.waitFor(5, TimeUnit.SECONDS);
            return -1;
        }
        return process.exitValue();
    }

    /** What sipp printed and the errors it logged, for assertion messages. */
    public String output() {
        StringBuilder out = new StringBuilder();
        for (Path p : List.of(log, Path.of(log + ".errors"))) {
            try {
                if (Files.exists(p)) {
                    String s = Files.readString(p);
                    out.append(s.length() > 6000 ? s.substring(s.length() - 6000) : s).append('\n');
                }
            } catch (IOException e) {
                out.append(e).append('\n');
            }
        }
        return out.toString();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) process.destroyForcibly();
        }
    }

    /** sipp binds its UDP socket a moment after it starts; a trunk pointing at it before then gets ICMP errors. */
    private void awaitListening() throws InterruptedException, IOException {
        // Read from the kernel's socket table: probing by binding the port ourselves would race sipp's own bind.
        String local = String.format(":%04X ", sipPort);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline && process.isAlive()) {
            for (String table : List.of("/proc/net/udp", "/proc/net/tcp")) {
                for (String line : Files.readAllLines(Path.of(table))) {
                    String[] f = line.strip().split("\\s+");
                    if (f.length > 1 && (f[1] + " ").endsWith(local)) return;
                }
            }
            Thread.sleep(20);
        }
        if (!process.isAlive()) throw new IllegalStateException("sipp exited at once: " + output());
    }

    /**
     * An even port free for TCP, with it and the three UDP ports above it free too (SIP listens on UDP and TCP;
     * sipp's media takes the port and the next ones for RTCP and video). Ports come from 10000-19999, apart from the
     * kernel's ephemeral range (32768 up: any socket may get one of those at any time) and from {@link #rtpPorts}.
     */
    public static int freeUdpAndTcpPort() throws IOException { return freePorts(1)[0]; }

    /** Ports {@code first}-{@code last}; {@code toString()} is the form of sip.rtp_ports. */
    public record PortRange(int first, int last) {
        @Override
        public String toString() { return first + "-" + last; }
    }

    /** A range of {@code size} ports for Ringway's RTP (sip.rtp_ports), from 20000-32767: below the ephemeral ports. */
    public static PortRange rtpPorts(int size) {
        int base = 20_000 + 2 * java.util.concurrent.ThreadLocalRandom.current().nextInt((12_000 - size) / 2);
        return new PortRange(base, base + size);
    }

    /** {@code n} such ports at once, distinct: each stays bound until all are found. */
    private static synchronized int[] freePorts(int n) throws IOException {
        List<AutoCloseable> held = new ArrayList<>();
        int[] found = new int[n];
        try {
            for (int k = 0, tries = 0; k < n; tries++) {
                if (tries > 200) throw new IOException("no free port range");
                int port = 10_000 + 2 * java.util.concurrent.ThreadLocalRandom.current().nextInt(4_995);
                List<AutoCloseable> probe = new ArrayList<>();
                try {
                    probe.add(new ServerSocket(port));
                    for (int p = port; p < port + 4; p++) probe.add(new DatagramSocket(p));
                    held.addAll(probe);
                    found[k++] = port;
                } catch (IOException taken) {
                    closeAll(probe);
                }
            }
            return found;
        } finally {
            closeAll(held);
        }
    }

    private static void closeAll(List<AutoCloseable> sockets) {
        for (AutoCloseable c : sockets) {
            try {
                c.close();
            } catch (Exception ignored) {
                // closing a probe
            }
        }
    }
}
