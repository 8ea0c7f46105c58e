package io.ringway.media;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * espeak-ng (Debian package {@code espeak-ng}) run as a process per utterance: the text goes in on stdin, never on the
 * command line (no length limit, nothing in {@code ps}, no option injection), a 22,050 Hz WAV comes back on stdout and
 * is resampled to 8 kHz. SSML ({@code <speak>}, {@code <break>}, {@code xml:lang}, …) is read with {@code -m}. A run
 * longer than the timeout is killed; what espeak-ng wrote to stderr is in the exception.
 *
 * <p>Voices: an explicit {@link Speech#voice()} is passed as is ("de", "en-us", "en+f3"); otherwise the language tag,
 * lower-cased, is used when espeak-ng lists a voice for it ("en-gb", "en-us"), else its primary subtag ("de-AT" → "de"),
 * else the tag as given, which espeak-ng refuses with an error naming it.
 */
public final class EspeakNg implements TtsEngine {
    private static final String COMMAND = "espeak-ng";
    private static final int MAX_TEXT_CHARS = 20_000;
    private static final int MAX_OUTPUT_BYTES = 64 << 20; // ~25 minutes at 22,050 Hz
    private static final int MAX_STDERR_BYTES = 4096;
    private static final Pattern VOICE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_+./-]{0,63}");

    private final String command;
    private final Duration timeout;
    private volatile Set<String> languages;

    public EspeakNg() { this(COMMAND, Duration.ofSeconds(30)); }

    /** {@code command} is the executable to run (tests use a stand-in); {@code timeout} bounds each run. */
    EspeakNg(String command, Duration timeout) {
        this.command = command;
        this.timeout = timeout;
    }

    /** Whether an {@code espeak-ng} executable is on the PATH. */
    public static boolean installed() {
        String path = System.getenv("PATH");
        if (path == null) return false;
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, COMMAND))) return true;
        }
        return false;
    }

    @Override
    public String name() { return COMMAND; }

    @Override
    public AudioClip speak(Speech speech) throws TtsException {
        if (speech.text().isBlank()) throw new TtsException("nothing to say: the text is empty");
        if (speech.text().length() > MAX_TEXT_CHARS) {
            throw new TtsException("text too long for one utterance: " + speech.text().length() + " characters, at most " + MAX_TEXT_CHARS);
        }
        List<String> args = new ArrayList<>(List.of(command, "--stdout", "--stdin", "-b", "1", "-v", voice(speech)));
        if (speech.ssml()) args.add("-m");
        Run run = run(args, speech.text().getBytes(StandardCharsets.UTF_8));
        if (run.exit != 0) throw new TtsException(COMMAND + " failed (exit " + run.exit + ")" + run.stderrSuffix());
        try {
            AudioClip clip = Wav.read(run.stdout);
            if (clip.length() == 0) throw new TtsException(COMMAND + " produced no audio" + run.stderrSuffix());
            return clip;
        } catch (AudioFormatException e) {
            throw new TtsException(COMMAND + " wrote audio Ringway cannot read: " + e.getMessage() + run.stderrSuffix(), e);
        }
    }

    private String voice(Speech speech) throws TtsException {
        String v = speech.voice();
        if (v != null) {
            if (!VOICE.matcher(v).matches()) throw new TtsException("not an espeak-ng voice name: " + v);
            return v;
        }
        String tag = speech.language().toLowerCase(Locale.ROOT).replace('_', '-');
        Set<String> known = languages();
        if (known.isEmpty() || known.contains(tag)) return tag;
        String primary = tag.split("-", 2)[0];
        return known.contains(primary) ? primary : tag;
    }

    /** The language codes espeak-ng has voices for ("de", "en", "en-gb", …), listed once; empty when unknown. */
    private Set<String> languages() throws TtsException {
        Set<String> known = languages;
        if (known != null) return known;
        Run run = run(List.of(command, "--voices"), new byte[0]);
        known = new HashSet<>();
        if (run.exit == 0) {
            // "Pty Language Age/Gender VoiceName File Other Languages", e.g. " 2  en-gb  --/M  English_(Great_Britain)  gmw/en  (en 2)"
            for (String line : new String(run.stdout, StandardCharsets.UTF_8).split("\n")) {
                String[] cols = line.strip().split("\\s+");
                if (cols.length < 5 || cols[0].equals("Pty")) continue;
                known.add(cols[1].toLowerCase(Locale.ROOT));
                for (int i = 5; i + 1 < cols.length; i += 2) {
                    if (cols[i].startsWith("(")) known.add(cols[i].substring(1).toLowerCase(Locale.ROOT));
                }
            }
        }
        languages = Set.copyOf(known);
        return languages;
    }

    private record Run(int exit, byte[] stdout, String stderr) {
        String stderrSuffix() { return stderr.isBlank() ? "" : ": " + stderr.strip(); }
    }

    /** Runs {@code args} with {@code input} on stdin; output is read while it runs so no pipe fills up. */
    private Run run(List<String> args, byte[] input) throws TtsException {
        Process process;
        try {
            process = new ProcessBuilder(args).start();
        } catch (IOException e) {
            throw new TtsException("cannot run " + command + " (is the espeak-ng package installed?): " + e.getMessage(), e);
        }
        ByteArrayOutputStream stdout = new ByteArrayOutputStream(1 << 16), stderr = new ByteArrayOutputStream();
        Thread out = Thread.ofVirtual().name("espeak-ng-stdout").start(() -> drain(process.getInputStream(), stdout, MAX_OUTPUT_BYTES, process));
        Thread err = Thread.ofVirtual().name("espeak-ng-stderr").start(() -> drain(process.getErrorStream(), stderr, MAX_STDERR_BYTES, null));
        Thread in = Thread.ofVirtual().name("espeak-ng-stdin").start(() -> {
            try (OutputStream stdin = process.getOutputStream()) {
                stdin.write(input);
            } catch (IOException e) {
                // the process ended without reading everything: its exit status and stderr say why
            }
        });
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new TtsException(command + " did not finish within " + timeout.toSeconds() + " s and was stopped");
            }
            out.join();
            err.join();
            in.join();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new TtsException("interrupted while " + command + " ran", e);
        }
        if (stdout.size() > MAX_OUTPUT_BYTES) throw new TtsException(command + " wrote more than " + MAX_OUTPUT_BYTES + " bytes of audio");
        return new Run(process.exitValue(), stdout.toByteArray(), stderr.toString(StandardCharsets.UTF_8));
    }

    /** Copies {@code from} into {@code to} up to {@code limit} bytes; past it, kills {@code owner} (or discards the rest). */
    private static void drain(InputStream from, ByteArrayOutputStream to, int limit, Process owner) {
        byte[] buffer = new byte[16384];
        try (from) {
            for (int n; (n = from.read(buffer)) > 0; ) {
                if (to.size() <= limit) to.write(buffer, 0, Math.min(n, limit + 1 - to.size()));
                if (to.size() > limit && owner != null) owner.destroyForcibly();
            }
        } catch (IOException e) {
            // the stream closes when the process is killed
        }
    }
}
