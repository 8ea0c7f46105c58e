package io.ringway.api.sms77;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.ringway.media.AudioClip;
import io.ringway.media.Wav;
import io.ringway.testing.Closer;
import io.ringway.testing.TestGateway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.ringway.api.sms77.VoiceApiTest.FAST;
import static io.ringway.api.sms77.VoiceApiTest.awaitEnd;
import static io.ringway.api.sms77.VoiceApiTest.enc;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What sandbox callees hear: espeak-ng speech in the language asked for or detected, WAV and MP3 files played from
 * a URL, pauses. Checked on the WAV of {@code /api/voice/{id}/audio}: rate, length, where there is sound and where not.
 */
class VoiceAudioTest {
    private final Closer open = new Closer();
    private HttpServer files;

    @AfterEach
    void closeAll() throws Exception {
        open.close();
        if (files != null) files.stop(0);
    }

    private <T extends AutoCloseable> T keep(T c) { return open.keep(c); }

    private static String place(TestGateway g, String key, String params) {
        TestGateway.Reply r = g.postForm("/api/voice", "p=" + key + "&" + params);
        assertThat(r.body()).as(r.body()).startsWith("100\n");
        return r.body().split("\n")[1];
    }

    private static byte[] wav(TestGateway g, String key, String id) throws Exception {
        HttpResponse<byte[]> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(g.baseUrl() + "/api/voice/" + id + "/audio"))
                .header("X-Api-Key", key).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    /** RMS of the part of the clip between two times. */
    private static double rms(AudioClip c, long fromMillis, long toMillis) { return c.slice(fromMillis, toMillis).rms(); }

    /** Serves a 1 s 1 kHz tone as WAV at /tone.wav and the test MP3 (1 s, 440 Hz) at /tone.mp3. */
    private String serveFiles() throws Exception {
        short[] tone = new short[8000];
        for (int i = 0; i < tone.length; i++) tone[i] = (short) (12000 * Math.sin(2 * Math.PI * 1000 * i / 8000.0));
        byte[] wav = Wav.write(AudioClip.ofPcm(tone));
        byte[] mp3;
        try (InputStream in = getClass().getResourceAsStream("/media/tone-440hz-1s.mp3")) {
            mp3 = in.readAllBytes();
        }
        files = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        Map<String, byte[]> served = Map.of("/tone.wav", wav, "/tone.mp3", mp3);
        files.createContext("/", ex -> {
            byte[] body = served.get(ex.getRequestURI().getPath());
            ex.sendResponseHeaders(body == null ? 404 : 200, body == null ? -1 : body.length);
            if (body != null) ex.getResponseBody().write(body);
            ex.close();
        });
        files.start();
        return "http://127.0.0.1:" + files.getAddress().getPort();
    }

    @Test
    void germanAndEnglishCallsAreSpeechOfTheirLengthAndKeptForListening() throws Exception {
        TestGateway g = keep(TestGateway.start(FAST));
        String key = g.newAccount("10.00").key();
        String de = place(g, key, "to=4915112345678&text=" + enc("Guten Tag, Ihr Termin beim Zahnarzt ist morgen um neun Uhr. Bitte kommen Sie pünktlich."));
        String en = place(g, key, "to=4915112345678&text=" + enc("Hello, your appointment with the dentist is tomorrow at nine. Please be on time."));
        for (String id : List.of(de, en)) {
            JsonNode e = awaitEnd(g, key, id);
            assertThat(e.path("status").asText()).isEqualTo("completed");
            byte[] file = wav(g, key, id);
            assertThat(new String(file, 0, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("RIFF");
            assertThat(java.nio.ByteBuffer.wrap(file, 24, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt()).isEqualTo(8000);
            AudioClip heard = Wav.read(file);
            // Two sentences of ~15 words: several seconds of speech, energy throughout its middle.
            assertThat(heard.durationMillis()).isBetween(4_000L, 12_000L);
            assertThat(e.path("duration").asLong()).isEqualTo(heard.durationMillis() / 1000);
            long third = heard.durationMillis() / 3;
            assertThat(rms(heard, third, 2 * third)).isGreaterThan(1000);
            Path kept = Path.of("target", "voice-call-" + (id.equals(de) ? "de" : "en") + ".wav");
            Files.write(kept, file); // to listen to
        }
        // Same length of text, different languages: the detector chose different voices, so the audio differs.
        assertThat(Wav.read(wav(g, key, de)).durationMillis()).isNotEqualTo(Wav.read(wav(g, key, en)).durationMillis());
    }

    @Test
    void aScriptPlaysWavAndMp3FromUrlsAroundAPause() throws Exception {
        String base = serveFiles();
        TestGateway g = keep(TestGateway.start(FAST));
        String key = g.newAccount("10.00").key();
        String xml = "<Response><Play>" + base + "/tone.wav</Play><Pause length=\"2\"/><Play>" + base + "/tone.mp3</Play></Response>";
        String id = place(g, key, "xml=1&to=4915112345678&text=" + enc(xml));
        JsonNode e = awaitEnd(g, key, id);
        assertThat(e.path("status").asText()).isEqualTo("completed");
        AudioClip heard = Wav.read(wav(g, key, id));
        // 1 s tone, 2 s silence, ~1 s tone (MP3 frames may add a few ms).
        assertThat(heard.durationMillis()).isBetween(3_950L, 4_200L);
        assertThat(rms(heard, 100, 900)).isGreaterThan(5000);
        assertThat(rms(heard, 1_100, 2_900)).isLessThan(10);
        assertThat(rms(heard, 3_100, 3_900)).isGreaterThan(3000);
    }

    @Test
    void audioThatCannotBeFetchedFailsTheCallBeforeItIsDialledAndRefundsIt() throws Exception {
        String base = serveFiles();
        Map<String, String> strict = new HashMap<>(FAST);
        strict.put("RINGWAY_VOICE_ALLOW_PRIVATE_AUDIO_URLS", "false");
        TestGateway g = keep(TestGateway.start(strict));
        String key = g.newAccount("10.00").key();
        String privateUrl = place(g, key, "xml=1&to=4915112345678&text=" + enc("<Response><Play>" + base + "/tone.wav</Play></Response>"));
        JsonNode e = awaitEnd(g, key, privateUrl);
        assertThat(e.path("status").asText()).isEqualTo("failed");
        assertThat(e.path("error").asText()).startsWith("audio: ").contains("private");
        assertThat(e.path("price").asText()).isEqualTo("0");
        assertThat(VoiceApiTest.balance(g, key)).isEqualByComparingTo("10.00");
    }

    @Test
    void aMissingFileFailsTheCallWithTheStatusOfTheServer() throws Exception {
        String base = serveFiles();
        TestGateway g = keep(TestGateway.start(FAST));
        String key = g.newAccount("10.00").key();
        String id = place(g, key, "xml=1&to=4915112345678&text=" + enc("<Response><Play>" + base + "/missing.mp3</Play></Response>"));
        JsonNode e = awaitEnd(g, key, id);
        assertThat(e.path("status").asText()).isEqualTo("failed");
        assertThat(e.path("error").asText()).contains("404");
    }
}
