package io.ringway.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An SMSC in a separate node process, built on the third-party npm {@code smpp} package (src/test/smsc-sim), so SMPP
 * tests talk to a stack we did not write. The test steers it over a JSON control port: it records every submit_sm
 * with its octets as they were on the wire, sends receipts and MO messages on request, refuses or withholds answers,
 * unbinds or drops sessions, and can be SIGKILLed and started again on the same port.
 */
public final class SmscSimulator implements AutoCloseable {
    public enum IdFormat { HEX, DECIMAL }

    /** {@code user == null} accepts any credentials; otherwise binds with others get ESME_RBINDFAIL. */
    public record Options(String user, String password, IdFormat idFormat, boolean autoReceipts, boolean receiptTlvs, boolean tls) {
        public static Options defaults() { return new Options("ringway", "secret", IdFormat.HEX, false, false, false); }

        public Options credentials(String user, String password) { return new Options(user, password, idFormat, autoReceipts, receiptTlvs, tls); }

        public Options idFormat(IdFormat f) { return new Options(user, password, f, autoReceipts, receiptTlvs, tls); }

        /** A DELIVRD receipt right after each accepted submit_sm that asks for one (registered_delivery bit 0). */
        public Options autoReceipts(boolean on) { return new Options(user, password, idFormat, on, receiptTlvs, tls); }

        /** An smpps:// SMSC with a self-signed certificate (made with openssl), like a carrier's TLS port. */
        public Options tls(boolean on) { return new Options(user, password, idFormat, autoReceipts, receiptTlvs, on); }

        /** Receipts also carry the receipted_message_id and message_state TLVs. */
        public Options receiptTlvs(boolean on) { return new Options(user, password, idFormat, autoReceipts, on, tls); }
    }

    /**
     * One submit_sm as received. {@code run} counts restarts (0 for the first process); {@code seq} and {@code session}
     * count within a run. {@code commandStatus} is -1 for a submit held unanswered, {@code messageId} null unless
     * accepted. {@code udh} includes its length octet; {@code payload} is the rest of short_message; {@code pdu} is the
     * whole PDU.
     */
    public record Submit(int run, int seq, int session, String systemId, String messageId, int commandStatus,
                         String serviceType, int sourceAddrTon, int sourceAddrNpi, String sourceAddr,
                         int destAddrTon, int destAddrNpi, String destinationAddr, int esmClass, int protocolId,
                         int priorityFlag, String scheduleDeliveryTime, String validityPeriod, int registeredDelivery,
                         int dataCoding, byte[] shortMessage, byte[] udh, byte[] payload, byte[] messagePayload,
                         Integer sarMsgRefNum, Integer sarTotalSegments, Integer sarSegmentSeqnum, byte[] pdu, long at) {
        public boolean answered() { return commandStatus >= 0; }

        public boolean accepted() { return messageId != null; }
    }

    /** Counters of the running process only (a restart starts them at zero); {@code sessions} are those bound now. */
    public record Stats(int binds, int sessions, int submits, int deliverSmSent, int deliverSmResp, int deliverSmRespErrors) {}

    private static final Path SOURCES = Paths.get("src", "test", "smsc-sim");
    private static final Path DIR = Paths.get("target", "smsc-sim");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final HexFormat HEX = HexFormat.of();
    private static final Pattern READY = Pattern.compile("smsc-sim ready smpp=(\\d+) control=(\\d+)");
    private static boolean installed;

    private final Options options;
    private final Path log;
    private final List<Submit> earlierRuns = new ArrayList<>();
    private Process process;
    private Path journal;
    private int run = -1;
    private int port;
    private int controlPort;

    private SmscSimulator(Options options, Path log) {
        this.options = options;
        this.log = log;
    }

    public static SmscSimulator start(Options options) {
        try {
            install();
            SmscSimulator sim = new SmscSimulator(options, Files.createTempFile("smsc-sim", ".log"));
            sim.launch();
            return sim;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the SMSC simulator", e);
        }
    }

    public static SmscSimulator start() { return start(Options.defaults()); }

    public int port() { return port; }

    /** {@code smpp://USER:PASSWORD@127.0.0.1:PORT?query} for Ringway's connector setting ({@code ringway:} if any user may bind). */
    public String smppUrl(String query) {
        String user = options.user() == null ? "ringway" : options.user();
        String password = options.password() == null ? "" : options.password();
        String url = (options.tls() ? "smpps://" : "smpp://") + encode(user) + ":" + encode(password) + "@127.0.0.1:" + port;
        return query == null || query.isEmpty() ? url : url + "?" + query;
    }

    /** Every submit_sm received, in order, including those of processes killed before a restart. */
    public synchronized List<Submit> submits() {
        if (!process.isAlive()) reap();
        List<Submit> all = new ArrayList<>(earlierRuns);
        if (journal != null) {
            for (JsonNode n : call("GET", "/submits", null)) all.add(submit(run, n));
        }
        return all;
    }

    public List<Submit> awaitSubmits(int atLeast, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<Submit> all = submits();
            if (all.size() >= atLeast) return all;
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the SMSC simulator got " + all.size() + " submit_sm, expected at least " + atLeast
                        + " within " + timeout + "\n" + log());
            }
            sleep(20);
        }
    }

    public Stats stats() {
        JsonNode n = call("GET", "/stats", null);
        return new Stats(n.path("binds").asInt(), n.path("sessions").asInt(), n.path("submits").asInt(),
                n.path("deliverSmSent").asInt(), n.path("deliverSmResp").asInt(), n.path("deliverSmRespErrors").asInt());
    }

    /**
     * A receipt for a message this simulator accepted, addressed back to its sender. {@code messageId} goes into the
     * receipt as given, so it may name the message in the other number base than the submit_sm_resp did.
     */
    public void receipt(String messageId, String stat, String err, boolean tlvs) {
        Submit s = submits().stream().filter(x -> x.accepted() && sameNumber(x.messageId(), messageId)).findFirst().orElse(null);
        receipt(messageId, stat, err, tlvs, s == null ? "" : s.destinationAddr(), s == null ? "" : s.sourceAddr());
    }

    public void receipt(String messageId, String stat, String err, boolean tlvs, String from, String to) {
        call("POST", "/receipt", JSON.createObjectNode().put("message_id", messageId).put("stat", stat).put("err", err)
                .put("tlvs", tlvs).put("source_addr", from).put("destination_addr", to));
    }

    /** A mobile-originated deliver_sm carrying exactly these octets (with a UDH in them, pass esm_class 0x40). */
    public void mo(String from, String to, int dataCoding, int esmClass, byte[] shortMessage) {
        call("POST", "/mo", moRequest(from, to, dataCoding, esmClass, shortMessage));
    }

    /** One part of a concatenated MO, numbered by the sar_* TLVs. */
    public void mo(String from, String to, int dataCoding, int esmClass, byte[] shortMessage, int sarRef, int sarTotal, int sarSeq) {
        ObjectNode q = moRequest(from, to, dataCoding, esmClass, shortMessage);
        q.putObject("sar").put("ref", sarRef).put("total", sarTotal).put("seq", sarSeq);
        call("POST", "/mo", q);
    }

    /** An MO whose text is in the message_payload TLV, short_message empty. */
    public void moPayload(String from, String to, int dataCoding, int esmClass, byte[] messagePayload) {
        call("POST", "/mo", moRequest(from, to, dataCoding, esmClass, new byte[0]).put("message_payload_hex", HEX.formatHex(messagePayload)));
    }

    /** The next {@code count} submit_sm are refused with {@code commandStatus} (e.g. 0x58 ESME_RTHROTTLED). */
    public void throttle(int count, int commandStatus) {
        call("POST", "/throttle", JSON.createObjectNode().put("count", count).put("command_status", commandStatus));
    }

    /** While on, submit_sm are recorded but never answered. */
    public void hold(boolean on) { call("POST", "/hold", JSON.createObjectNode().put("on", on)); }

    public void unbindAll() { call("POST", "/unbind", null); }

    /** Closes every connection without an unbind, as a network failure would. */
    public void dropConnections() { call("POST", "/drop", null); }

    /** SIGKILL: the process's submits stay readable through {@link #submits()}. */
    public synchronized void kill() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) throw new IllegalStateException("the SMSC simulator outlived SIGKILL");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        reap();
    }

    /** Kills the process if it still runs and starts a new one on the same SMPP and control ports. */
    public synchronized void restart() {
        kill();
        try {
            launch();
        } catch (IOException e) {
            throw new IllegalStateException("cannot restart the SMSC simulator", e);
        }
    }

    /** What the node process printed, across restarts, for failure messages. */
    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public synchronized void close() {
        kill();
        try {
            Files.deleteIfExists(log);
        } catch (IOException ignored) {
            // a temp file
        }
    }

    private void launch() throws IOException {
        run++;
        // The journal is how a SIGKILLed process's submits survive: node writes each one before answering it.
        journal = Files.createTempFile("smsc-sim-submits", ".jsonl");
        ProcessBuilder pb = new ProcessBuilder("node", "smsc-sim.js").directory(DIR.toFile());
        var env = pb.environment();
        env.put("HOST", "127.0.0.1");
        env.put("PORT", Integer.toString(port));
        env.put("CONTROL_PORT", Integer.toString(controlPort));
        env.put("ID_FORMAT", options.idFormat() == IdFormat.DECIMAL ? "dec" : "hex");
        env.put("DLR", options.autoReceipts() ? "1" : "0");
        env.put("DLR_TLVS", options.receiptTlvs() ? "1" : "0");
        env.put("LIFETIME", "600");
        env.put("JOURNAL", journal.toAbsolutePath().toString());
        env.put("EXIT_ON_EOF", "1");
        if (options.tls()) {
            Path[] pem = selfSignedCertificate();
            env.put("TLS_KEY", pem[0].toString());
            env.put("TLS_CERT", pem[1].toString());
        }
        if (options.user() != null) env.put("SIM_USER", options.user());
        if (options.password() != null) env.put("SIM_PASSWORD", options.password());
        long logStart = Files.size(log);
        // Port 0 the first time: node binds ephemeral ports itself and reports them, so no other process can take them
        // between our choosing and its binding.
        process = pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            byte[] out = Files.readAllBytes(log);
            Matcher m = READY.matcher(new String(out, (int) logStart, out.length - (int) logStart, StandardCharsets.UTF_8));
            if (m.find()) {
                port = Integer.parseInt(m.group(1));
                controlPort = Integer.parseInt(m.group(2));
                stats();
                return;
            }
            if (!process.isAlive()) throw new IllegalStateException("the SMSC simulator exited (" + process.exitValue() + "):\n" + log());
            sleep(20);
        }
        process.destroyForcibly();
        throw new IllegalStateException("the SMSC simulator did not start within 15 s:\n" + log());
    }

    /** Moves a dead process's submits from its journal to {@code earlierRuns}, once. */
    private void reap() {
        if (journal == null) return;
        try {
            for (String line : Files.readAllLines(journal)) {
                try {
                    earlierRuns.add(submit(run, JSON.readTree(line)));
                } catch (com.fasterxml.jackson.core.JacksonException torn) {
                    // a SIGKILL in the middle of the write: that submit was never answered
                }
            }
            Files.deleteIfExists(journal);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the SMSC simulator's journal " + journal, e);
        }
        journal = null;
    }

    private JsonNode call(String method, String path, JsonNode body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + controlPort + path))
                .timeout(Duration.ofSeconds(5)).header("content-type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
        try {
            HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode json = JSON.readTree(r.body());
            if (r.statusCode() != 200) throw new IllegalStateException("SMSC simulator " + method + " " + path + ": " + json.path("error").asText(r.body()));
            return json;
        } catch (IOException e) {
            throw new IllegalStateException("SMSC simulator " + method + " " + path + " failed: " + e + "\n" + log(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private boolean sameNumber(String ours, String given) {
        if (ours.equals(given)) return true;
        BigInteger n = new BigInteger(ours, options.idFormat() == IdFormat.HEX ? 16 : 10);
        return given.matches("[0-9]+") && n.equals(new BigInteger(given)) || given.matches("[0-9a-fA-F]+") && n.equals(new BigInteger(given, 16));
    }

    private static ObjectNode moRequest(String from, String to, int dataCoding, int esmClass, byte[] shortMessage) {
        return JSON.createObjectNode().put("source_addr", from).put("destination_addr", to).put("data_coding", dataCoding)
                .put("esm_class", esmClass).put("short_message_hex", HEX.formatHex(shortMessage));
    }

    private static Submit submit(int run, JsonNode n) {
        return new Submit(run, n.path("seq").asInt(), n.path("session").asInt(), text(n, "system_id"), text(n, "message_id"),
                n.path("command_status").isNumber() ? n.get("command_status").asInt() : -1, text(n, "service_type"), n.path("source_addr_ton").asInt(),
                n.path("source_addr_npi").asInt(), text(n, "source_addr"), n.path("dest_addr_ton").asInt(),
                n.path("dest_addr_npi").asInt(), text(n, "destination_addr"), n.path("esm_class").asInt(),
                n.path("protocol_id").asInt(), n.path("priority_flag").asInt(), text(n, "schedule_delivery_time"),
                text(n, "validity_period"), n.path("registered_delivery").asInt(), n.path("data_coding").asInt(),
                bytes(n, "short_message_hex"), bytes(n, "udh_hex"), bytes(n, "payload_hex"), bytes(n, "message_payload_hex"),
                integer(n, "sar_msg_ref_num"), integer(n, "sar_total_segments"), integer(n, "sar_segment_seqnum"),
                bytes(n, "pdu_hex"), n.path("at").asLong());
    }

    private static String text(JsonNode n, String field) { return n.path(field).isTextual() ? n.get(field).asText() : null; }

    private static Integer integer(JsonNode n, String field) { return n.path(field).isNumber() ? n.get(field).asInt() : null; }

    private static byte[] bytes(JsonNode n, String field) { return n.path(field).isTextual() ? HEX.parseHex(n.get(field).asText()) : null; }

    private static String encode(String s) { return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20"); }

    /** A key and self-signed certificate for 127.0.0.1 (PEM), made once per test run. */
    private static synchronized Path[] selfSignedCertificate() throws IOException {
        Path key = DIR.resolve("tls-key.pem").toAbsolutePath(), cert = DIR.resolve("tls-cert.pem").toAbsolutePath();
        if (Files.exists(key) && Files.exists(cert)) return new Path[] {key, cert};
        Process p = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                "-subj", "/CN=127.0.0.1", "-keyout", key.toString(), "-out", cert.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IllegalStateException("openssl failed: " + out);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return new Path[] {key, cert};
    }

    private static synchronized void install() {
        if (installed) return;
        NodePackage.install(SOURCES, DIR, "the SMPP tests run an SMSC simulator on the npm smpp package");
        installed = true;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
