package io.ringway.api.sms77;

import io.ringway.testing.TestGateway;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Malformed input gets a documented code or a clear 4xx, never a 5xx; HTTP/1.0 keep-alive works. */
class HttpRobustnessTest {
    private static TestGateway gw;
    private static TestGateway.Key key;

    @BeforeAll
    @BeforeContainer
    static void start() {
        if (gw != null) return;
        gw = TestGateway.start(Map.of("RINGWAY_SERVER_MAX_BODY_BYTES", "65536"));
        key = gw.newAccount("1000");
    }

    @AfterAll
    @AfterContainer
    static void stop() {
        if (gw != null) gw.close();
        gw = null;
    }

    @Test
    void malformedBodiesAreClear4xx() {
        var badJson = gw.send("POST", "/api/sms", "application/json", "{\"to\":".getBytes(), "X-Api-Key", key.key());
        assertThat(badJson.status()).isEqualTo(400);
        assertThat(badJson.body()).contains("not valid JSON");
        var array = gw.send("POST", "/api/sms", "application/json", "[1,2]".getBytes(), "X-Api-Key", key.key());
        assertThat(array.status()).isEqualTo(400);
        var xml = gw.send("POST", "/api/sms", "application/xml", "<a/>".getBytes(), "X-Api-Key", key.key());
        assertThat(xml.status()).isEqualTo(415);
        var huge = gw.send("POST", "/api/sms", "application/x-www-form-urlencoded", new byte[70_000], "X-Api-Key", key.key());
        assertThat(huge.status()).isEqualTo(413);
        assertThat(gw.get("/api/nothing").status()).isEqualTo(404);
        var put = gw.send("PUT", "/api/sms", null, null);
        assertThat(put.status()).isEqualTo(405);
        assertThat(put.header("Allow")).contains("POST");
    }

    @Test
    void theLongestTextFitsInAGetQuery() {
        String text = "Ж".repeat(1520); // 13.7 KB percent-encoded
        var r = gw.get("/api/sms?p=" + key.key() + "&to=4915112345678&no_reload=1&text=" + URLEncoder.encode(text, StandardCharsets.UTF_8));
        assertThat(r.body()).isEqualTo("100");
    }

    @Test
    void aRequestLineBeyondTheLimitIsA414AndTheConnectionIsClosed() throws Exception {
        try (Socket s = new Socket("127.0.0.1", gw.ringway().port())) {
            s.getOutputStream().write(("GET /api/sms?text=" + "a".repeat(70_000) + " HTTP/1.1\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String reply = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(reply).startsWith("HTTP/1.1 414").contains("Connection: close").contains("Content-Type: text/plain")
                    .endsWith("send long parameters in a POST body\n");
        }
    }

    @Test
    void aClientWritingAnOversizedBodyStillReadsThe413() throws Exception {
        try (Socket s = new Socket("127.0.0.1", gw.ringway().port())) {
            int length = 1_000_000; // 15x the test limit of 64 KB
            OutputStream out = s.getOutputStream();
            out.write(("POST /api/sms HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: "
                    + length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Thread.sleep(300); // a slow client: the server has seen the headers long before the body comes
            byte[] chunk = new byte[8192];
            java.util.Arrays.fill(chunk, (byte) 'a');
            for (int sent = 0; sent < length; sent += chunk.length) out.write(chunk, 0, Math.min(chunk.length, length - sent));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
            assertThat(in.readLine()).isEqualTo("HTTP/1.1 413 Payload Too Large");
        }
    }

    @Test
    void doubleSlashesFromConcatenatedBaseUrlsAreTolerated() {
        assertThat(gw.get("/api//balance?p=" + key.key()).body()).matches("\\d+\\.\\d+");
        assertThat(gw.get("/api/balance/?p=" + key.key()).body()).matches("\\d+\\.\\d+");
    }

    @Test
    void http10KeepAliveServesManyRequestsOnOneConnection() throws Exception {
        try (Socket s = new Socket("127.0.0.1", gw.ringway().port())) {
            OutputStream out = s.getOutputStream();
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
            for (int i = 0; i < 3; i++) {
                out.write(("GET /api/balance?p=" + key.key() + " HTTP/1.0\r\nConnection: Keep-Alive\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                String status = in.readLine();
                assertThat(status).matches("HTTP/1\\.[01] 200 OK");
                int length = -1;
                for (String line; !(line = in.readLine()).isEmpty(); ) {
                    if (line.toLowerCase().startsWith("content-length:")) length = Integer.parseInt(line.substring(15).strip());
                }
                char[] body = new char[length];
                assertThat(in.read(body)).isEqualTo(length);
                assertThat(new String(body)).matches("\\d+\\.\\d\\d");
            }
        }
    }

    @Provide
    Arbitrary<String> values() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(40),
                Arbitraries.strings().withCharRange('\u0000', '\uFFFF').ofMaxLength(20),
                Arbitraries.of("", "0", "1", "-1", "true", "undefined", "null", "4915112345678", "+49 151 1234", "0049",
                        "9999999999999999999999", "2030-13-45 25:61", "%", "%zz", "[]", "{}", "\u0000", "1e309", "0x10"));
    }

    @Provide
    Arbitrary<String> names() {
        return Arbitraries.of("to", "text", "from", "delay", "ttl", "label", "foreign_id", "udh", "unicode", "utf8",
                "flash", "debug", "json", "details", "return_msg_id", "no_reload", "performance_tracking", "files",
                "files[0][name]", "files[0][contents]", "msg_id", "ids", "country", "format", "p");
    }

    @Property(tries = 150)
    void anyParametersAnswerWithoutServerError(@ForAll List<@From("names") String> names, @ForAll List<@From("values") String> values) {
        StringBuilder q = new StringBuilder("p=").append(key.key());
        for (int i = 0; i < Math.min(names.size(), values.size()); i++) {
            if (names.get(i).equals("p")) continue;
            q.append('&').append(URLEncoder.encode(names.get(i), StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(values.get(i), StandardCharsets.UTF_8));
        }
        for (String path : List.of("/api/sms", "/api/status", "/api/pricing", "/api/balance")) {
            assertThat(gw.get(path + "?" + q).status()).as(path + "?" + q).isLessThan(500);
            assertThat(gw.postForm(path, q.toString()).status()).as("POST " + path + " " + q).isLessThan(500);
        }
        assertThat(gw.send("DELETE", "/api/sms?" + q, null, null).status()).isLessThan(500);
    }

    @Property(tries = 100)
    void anyJsonBodyAnswersWithoutServerError(@ForAll("names") String name, @ForAll("values") String value) {
        String json = "{\"" + name.replace("\"", "") + "\":" + (value.matches("-?\\d{1,15}") ? value : "\""
                + value.replace("\\", "\\\\").replace("\"", "\\\"").replaceAll("[\\x00-\\x1f]", "") + "\"") + ",\"to\":[1,{},null],\"text\":{}}";
        assertThat(gw.postJson("/api/sms", json, "X-Api-Key", key.key()).status()).as(json).isLessThan(500);
    }
}
