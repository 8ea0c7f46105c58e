package io.ringway.media;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Speech for calls, cached: a message that was said before is not synthesized again. A call waits for its audio
 * before it is answered, so a repeated announcement must start at once, also after a restart.
 *
 * <p>Two levels, keyed by (engine name, voice or language, SSML flag, text): memory, least recently used first out,
 * bounded by the bytes of the samples it holds; and one WAV file per key under {@code cacheDir}, named by the SHA-256
 * of the key, written to a temporary file and moved into place atomically, so a crash leaves no half file under a
 * real name. Files are never deleted here (see docs/media.md). Concurrent requests for the same key synthesize once:
 * the others wait for the first.
 */
public final class Tts {
    private static final Logger log = LoggerFactory.getLogger(Tts.class);

    private final TtsEngine engine;
    private final Path cacheDir;
    private final ClipMemory memory;
    private final ConcurrentHashMap<String, CompletableFuture<AudioClip>> running = new ConcurrentHashMap<>();

    /** {@code cacheDir} is created when first written; {@code null} keeps the cache in memory only. */
    public Tts(TtsEngine engine, Path cacheDir, long memoryCacheBytes) {
        this.engine = engine;
        this.cacheDir = cacheDir;
        this.memory = new ClipMemory(memoryCacheBytes);
    }

    public AudioClip speak(Speech speech) throws TtsException {
        String key = key(speech);
        AudioClip clip = memory.get(key);
        if (clip != null) return clip;
        CompletableFuture<AudioClip> mine = new CompletableFuture<>();
        CompletableFuture<AudioClip> first = running.putIfAbsent(key, mine);
        if (first != null) return await(first);
        try {
            clip = memory.get(key); // the request before this one may have finished between the two looks
            if (clip == null) clip = read(key);
            if (clip == null) {
                clip = engine.speak(speech);
                write(key, clip);
            }
            memory.put(key, clip);
            mine.complete(clip);
            return clip;
        } catch (Throwable t) {
            mine.completeExceptionally(t);
            throw t;
        } finally {
            running.remove(key, mine);
        }
    }

    private static AudioClip await(CompletableFuture<AudioClip> first) throws TtsException {
        try {
            return first.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw new TtsException(cause.getMessage() == null ? cause.toString() : cause.getMessage(), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TtsException("interrupted while waiting for speech", e);
        }
    }

    /** SHA-256 (hex) of the fields that decide the audio, separated by a character no field contains. */
    String key(Speech speech) {
        String voice = speech.voice() == null ? "" : speech.voice();
        String fields = String.join("\u0000", engine.name(), voice, speech.language().toLowerCase(Locale.ROOT).replace('_', '-'),
                speech.ssml() ? "ssml" : "text", speech.text());
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(fields.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private AudioClip read(String key) {
        if (cacheDir == null) return null;
        Path file = cacheDir.resolve(key + ".wav");
        try {
            return Wav.read(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException | AudioFormatException e) {
            log.warn("TTS cache file {} unreadable, synthesizing again: {}", file, e.getMessage());
            return null;
        }
    }

    /** Best effort: speech that cannot be cached is still returned. */
    private void write(String key, AudioClip clip) {
        if (cacheDir == null) return;
        Path tmp = null;
        try {
            Files.createDirectories(cacheDir);
            tmp = Files.createTempFile(cacheDir, key, ".tmp");
            Files.write(tmp, Wav.write(clip));
            Files.move(tmp, cacheDir.resolve(key + ".wav"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            log.warn("cannot write TTS cache file in {}: {}", cacheDir, e.getMessage());
            try {
                if (tmp != null) Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // left for the operator; the name ends in .tmp
            }
        }
    }
}
