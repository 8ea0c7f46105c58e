package io.ringway;

import io.ringway.config.ConfigLoader;
import io.ringway.config.RingwayConfig;
import io.ringway.http.HttpServer;
import io.ringway.http.Router;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Compiles the request path before the real server listens. A JVM interprets code until it has seen it run many
 * thousand times; on a small machine the first ~100k requests are served several times slower than the rest. So a
 * throwaway gateway (its own SQLite store in a temporary directory, loopback only) is driven with the requests
 * clients send most, for a few seconds, and discarded; the compiled code stays. Nothing of it reaches the real store.
 */
final class Warmup {
    private static final Logger log = LoggerFactory.getLogger(Warmup.class);
    private static final int CONNECTIONS = 16;
    private static final int REQUESTS_PER_CONNECTION = 500;

    private Warmup() {}

    /**
     * Warms up until the request rate stops improving, for {@code seconds} at most, then runs a short second round on
     * a fresh gateway. The real server meets things one steady run never shows: a gateway closing, idle seconds,
     * every connection going away, a key not yet cached. Compiled code that never saw them is thrown away on the
     * first one (a deoptimization) and the request path recompiled under load, which cost the first 20k requests
     * ~30 % of their rate. In the second round that happens here, so the real server starts with code that has seen
     * them.
     */
    static void run(ZoneId zone, int seconds) {
        if (seconds <= 0) return;
        long start = System.nanoTime();
        AtomicLong requests = new AtomicLong();
        int second = Math.min(3, seconds / 3);
        int hooks = Math.min(4, seconds / 4);
        try {
            try (Throwaway gateway = Throwaway.start(zone)) {
                gateway.traffic(requests, () -> waitForPlateau(requests, seconds - second - hooks));
            }
            if (hooks > 0) webhooks(zone, requests, hooks);
            if (second > 0) {
                try (Throwaway gateway = Throwaway.start(zone)) {
                    gateway.traffic(requests, () -> Thread.sleep(second * 400L));
                    Thread.sleep(second * 200L); // idle, no connection open
                    gateway.newKey();
                    gateway.traffic(requests, () -> Thread.sleep(second * 400L));
                }
            }
        } catch (Exception e) {
            log.warn("warm-up stopped early: {}", e.toString());
        }
        log.info("warmed up with {} requests in {} ms", requests.get(), (System.nanoTime() - start) / 1_000_000);
    }

    /**
     * The same traffic with a dlr subscription to a receiver on loopback, so event delivery (outbox, claims, the HTTP
     * client, recording) is compiled too: without it the first ~100k events after a start were delivered at about
     * half the rate of the compiled path (bench/webhooks.sh, measured 2026-11-22).
     */
    private static void webhooks(ZoneId zone, AtomicLong requests, int seconds) throws Exception {
        Router router = new Router().add("POST", "/hook", ex -> ex.text(200, ""));
        try (HttpServer receiver = HttpServer.start("127.0.0.1", 0, 1 << 20, false, router);
             Throwaway gateway = Throwaway.start(zone)) {
            gateway.subscribe("http://127.0.0.1:" + receiver.port() + "/hook");
            gateway.traffic(requests, () -> Thread.sleep(seconds * 1000L));
        }
    }

    private interface Wait { void run() throws InterruptedException; }

    /** A gateway on its own store in a temporary directory, loopback only, deleted on close. */
    private static final class Throwaway implements AutoCloseable {
        private final Path dir;
        private final Ringway gateway;
        private String key;

        private Throwaway(Path dir, Ringway gateway) {
            this.dir = dir;
            this.gateway = gateway;
        }

        static Throwaway start(ZoneId zone) throws IOException {
            Path dir = Files.createTempDirectory("ringway-warmup");
            try {
                RingwayConfig config = ConfigLoader.withEnvironment(Map.of())
                        .set("data_dir", dir.toString())
                        .set("server.host", "127.0.0.1")
                        .set("server.port", "0")
                        .set("server.warmup_seconds", "0")
                        .set("sandbox.receipt_delay_ms", "50")
                        .set("accounts.default_reload_lock", "false")
                        .set("webhooks.allow_private_targets", "true")
                        .set("timezone", zone.getId())
                        .load();
                Throwaway t = new Throwaway(dir, Ringway.start(config));
                t.newKey();
                return t;
            } catch (RuntimeException e) {
                deleteTree(dir);
                throw e;
            }
        }

        void newKey() {
            key = gateway.accounts().create("warmup", new BigDecimal("100000000")).apiKey();
        }

        /** Subscribes the current key's account to dlr events, as {@code sms77-client} does (a form post). */
        void subscribe(String targetUrl) throws IOException {
            String form = "action=subscribe&event_type=dlr&request_method=JSON&target_url="
                    + java.net.URLEncoder.encode(targetUrl, StandardCharsets.UTF_8);
            String request = "POST /api/hooks HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Api-Key: " + key
                    + "\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: " + form.length() + "\r\n\r\n" + form;
            try (Socket s = new Socket("127.0.0.1", gateway.port())) {
                s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
                byte[] buffer = new byte[16384];
                if (!readResponse(s.getInputStream(), buffer)
                        || !new String(buffer, StandardCharsets.ISO_8859_1).contains("\"success\":true")) {
                    throw new IOException("the warm-up subscription was refused");
                }
            }
        }

        /** Clients on {@link #CONNECTIONS} connections until {@code until} returns; their connections are closed. */
        void traffic(AtomicLong requests, Wait until) throws InterruptedException {
            AtomicBoolean stop = new AtomicBoolean();
            List<Thread> clients = new ArrayList<>();
            for (int c = 0; c < CONNECTIONS; c++) {
                int client = c;
                String k = key;
                clients.add(Thread.ofVirtual().start(() -> drive(gateway.port(), k, client, stop, requests)));
            }
            try {
                until.run();
            } finally {
                stop.set(true);
                for (Thread t : clients) t.join();
            }
        }

        @Override
        public void close() {
            try {
                gateway.close();
            } finally {
                deleteTree(dir);
            }
        }
    }

    /**
     * Returns once the request rate stopped improving (the hot code is compiled): no half-second window in the last
     * two seconds beat the best earlier one by 3 %. At least 3 s, at most {@code maxSeconds}.
     */
    private static void waitForPlateau(AtomicLong requests, int maxSeconds) throws InterruptedException {
        long start = System.nanoTime();
        long best = 0;
        int windowsWithoutGain = 0;
        long last = requests.get();
        while (System.nanoTime() - start < maxSeconds * 1_000_000_000L) {
            Thread.sleep(500);
            long now = requests.get();
            long rate = now - last;
            last = now;
            if (rate > best * 103 / 100) {
                best = rate;
                windowsWithoutGain = 0;
            } else {
                windowsWithoutGain++;
            }
            if (windowsWithoutGain >= 4 && System.nanoTime() - start > 3_000_000_000L) return;
        }
    }

    /** One keep-alive connection sending the request shapes of the sms77 clients until told to stop. */
    private static void drive(int port, String key, int client, AtomicBoolean stop, AtomicLong count) {
        String k = "p=" + key;
        String[] senders = {"12345", "Ringway", "%2B4917012345678", "Shop_24"};
        String[] numbers = {"4915112345678", "%2B4917612345678", "0049171234567", "01761234567"};
        String[] texts = {"Your+code+is+4711", "load+test+message", "Gr%C3%BC%C3%9Fe+aus+Berlin", "Meeting+at+10%3A30+tomorrow"};
        String json = "{\"to\":[\"4915112345678\",\"4917612345678\"],\"text\":\"warm up json\",\"from\":\"Ringway\"}";
        // Headers as real clients send them (curl, the JS clients' fetch, scripts): a request path compiled only for
        // bare requests deoptimizes on the first real one.
        String host = "Host: 127.0.0.1:" + port + "\r\n";
        String[] agents = {"User-Agent: curl/8.5.0\r\nAccept: */*\r\n", "User-Agent: node\r\nAccept: */*\r\nAccept-Encoding: gzip, deflate\r\n",
                "User-Agent: python-requests/2.31.0\r\nAccept-Encoding: gzip, deflate\r\nAccept: */*\r\nConnection: keep-alive\r\n"};
        String post = "POST /api/sms HTTP/1.1\r\n" + host + "X-Api-Key: " + key + "\r\nContent-Type: application/json\r\nSentWith: js\r\n"
                + "Accept: application/json\r\nContent-Length: " + json.length() + "\r\n\r\n" + json;
        String form = "to=4915112345678&text=warm+up+form&from=12345";
        String postForm = "POST /api/sms HTTP/1.1\r\n" + host + agents[1] + "sentWith: js\r\nX-Api-Key: " + key
                + "\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: " + form.length() + "\r\n\r\n" + form;
        byte[] buffer = new byte[16384];
        long i = client;
        // Clients open connections all the time (ab, cron scripts, serverless functions): a new connection every
        // few hundred requests keeps accepting and closing compiled too.
        while (!stop.get()) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                s.setTcpNoDelay(true);
                OutputStream out = s.getOutputStream();
                InputStream in = s.getInputStream();
                for (long end = i + REQUESTS_PER_CONNECTION; i < end && !stop.get(); i++) {
                    int r = (int) (i % 22);
                    String headers = host + agents[(int) (i / 3 % agents.length)] + "\r\n";
                    String query = k + "&from=" + senders[(int) (i / 20 % 4)] + "&to=" + numbers[(int) (i / 80 % 4)] + "&text=" + texts[(int) (i / 7 % 4)];
                    String request = switch (r) {
                        case 10, 11 -> "GET /api/sms?" + query + "&return_msg_id=1 HTTP/1.1\r\n" + headers;
                        case 12 -> "GET /api/sms?" + query + "&details=1 HTTP/1.1\r\n" + headers;
                        case 13, 14 -> "GET /api/sms?" + query + "&json=1 HTTP/1.1\r\n" + headers;
                        case 15, 16 -> post;
                        case 17 -> postForm;
                        case 18 -> "GET /api/balance?" + k + " HTTP/1.1\r\n" + headers;
                        case 19 -> "GET /api/status?" + k + "&msg_id=" + (i % 1000 + 1) + " HTTP/1.1\r\n" + headers;
                        // readiness probes and misconfigured clients: no key or a wrong one (900)
                        case 20 -> "GET /api/balance HTTP/1.1\r\n" + (i % 44 == 20 ? "" : "Authorization: Bearer x" + i + "\r\n") + headers;
                        case 21 -> "GET /api/sms?" + query.substring(k.length() + 1) + " HTTP/1.1\r\nAuthorization: Basic " + key + "\r\n" + headers;
                        default -> "GET /api/sms?" + query + " HTTP/1.0\r\nConnection: Keep-Alive\r\n" + headers;
                    };
                    out.write(request.getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                    if (!readResponse(in, buffer)) return;
                    count.incrementAndGet();
                }
            } catch (IOException e) {
                return; // the gateway is being closed
            }
        }
    }

    /** Reads one response (headers and Content-Length body); false when the connection ended. */
    private static boolean readResponse(InputStream in, byte[] buffer) throws IOException {
        int filled = 0;
        int headerEnd = -1;
        int length = -1;
        while (true) {
            int n = in.read(buffer, filled, buffer.length - filled);
            if (n < 0) return false;
            filled += n;
            if (headerEnd < 0) {
                String text = new String(buffer, 0, filled, StandardCharsets.ISO_8859_1);
                int end = text.indexOf("\r\n\r\n");
                if (end < 0) continue;
                headerEnd = end + 4;
                int at = text.toLowerCase(java.util.Locale.ROOT).indexOf("content-length:");
                length = at < 0 ? 0 : Integer.parseInt(text.substring(at + 15, text.indexOf('\r', at)).strip());
            }
            if (filled >= headerEnd + length) return true;
        }
    }

    private static void deleteTree(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory; the OS cleans it eventually
        }
    }
}
