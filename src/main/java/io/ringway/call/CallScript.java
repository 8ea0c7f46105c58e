package io.ringway.call;

import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;

/**
 * What a call says and does, step by step, as the API's input asked for it: sms77 {@code text} (plain words or an
 * SSML document), sms77 {@code text} with {@code xml=1} (Voice XML, see docs/voice-xml.md), or a Voice2Phone
 * message with its DTMF replies. The steps run in order until the last one or a {@link Hangup}.
 *
 * <p>The records check their own invariants (ranges, phone keys, http(s) audio, no Gather inside a Gather), so a
 * script that exists can be played; the factories add the per-call limits (200 steps after loop repeats, 10,000
 * spoken characters).
 */
public record CallScript(List<Step> steps) {

    public CallScript {
        steps = List.copyOf(steps);
        if (steps.isEmpty()) throw new IllegalArgumentException("a call script has at least one step");
    }

    public sealed interface Step permits Say, Play, Pause, Gather, Hangup {}

    /** text to speak; ssml = text is an SSML document (<speak>…) for the TTS engine; language/voice nullable = decide later */
    public record Say(String text, boolean ssml, String language, String voice) implements Step {
        public Say {
            Objects.requireNonNull(text, "text");
            if (text.isBlank()) throw new IllegalArgumentException("a Say needs words to speak");
            if (language != null && !ScriptRules.isLanguageTag(language)) {
                throw new IllegalArgumentException("not a language tag: " + language);
            }
            if (voice != null && !ScriptRules.isVoiceName(voice)) {
                throw new IllegalArgumentException("not a voice name: " + voice);
            }
        }
    }

    public record Play(URI url) implements Step {
        public Play {
            Objects.requireNonNull(url, "url");
            String problem = ScriptRules.urlProblem(url);
            if (problem != null) throw new IllegalArgumentException("audio URL " + url + " " + problem);
        }
    }

    public record Pause(int seconds) implements Step {
        public Pause {
            requireRange("seconds", seconds, ScriptRules.MIN_PAUSE, ScriptRules.MAX_PAUSE);
        }
    }

    /** Waits for digits after its prompt; branches by what was entered (none matched or no input: go on after the Gather). */
    public record Gather(int numDigits, int timeoutSeconds, Character finishOnKey, List<Step> prompt,
                         Map<String, List<Step>> branches) implements Step {
        public Gather {
            requireRange("numDigits", numDigits, ScriptRules.MIN_DIGITS, ScriptRules.MAX_DIGITS);
            requireRange("timeoutSeconds", timeoutSeconds, ScriptRules.MIN_TIMEOUT, ScriptRules.MAX_TIMEOUT);
            if (finishOnKey != null && !ScriptRules.isKey(finishOnKey)) {
                throw new IllegalArgumentException("finishOnKey is not a phone key: " + finishOnKey);
            }
            prompt = List.copyOf(prompt);
            for (Step s : prompt) {
                if (!(s instanceof Say || s instanceof Play || s instanceof Pause)) {
                    throw new IllegalArgumentException("a Gather prompt holds Say, Play and Pause, not " + s);
                }
            }
            Map<String, List<Step>> copy = new LinkedHashMap<>();
            branches.forEach((digits, steps) -> {
                Objects.requireNonNull(digits, "digits");
                String problem = ScriptRules.branchProblem(digits, numDigits, finishOnKey);
                if (problem != null) throw new IllegalArgumentException("branch digits \"" + digits + "\" " + problem);
                List<Step> branch = List.copyOf(steps);
                if (branch.stream().anyMatch(Gather.class::isInstance)) {
                    throw new IllegalArgumentException("Gathers do not nest: branch \"" + digits + "\" holds one");
                }
                copy.put(digits, branch);
            });
            branches = Collections.unmodifiableMap(copy); // in the order given, as the script lists them
        }
    }

    public record Hangup() implements Step {}

    /**
     * Plain words to speak, exactly as given apart from surrounding white space; markup in them is read out as
     * characters, never interpreted. For text whose meaning the caller chose (Voice2Phone, internal calls).
     *
     * @throws IllegalArgumentException if the text is blank or longer than 10,000 characters
     */
    public static CallScript text(String text) {
        return new CallScript(List.of(plainSay(text, "text")));
    }

    /**
     * sms77 {@code text} without {@code xml=1}: plain words, or an SSML document when the text is one, i.e. begins
     * (after white space and comments) with {@code <speak}, an XML declaration or a DOCTYPE. Such a document is read
     * like {@link #xml} reads one; text that merely contains {@code <} somewhere is plain words.
     *
     * @throws ScriptException if the text is blank or too long, or is an SSML document that is malformed or breaks
     *     the rules of docs/voice-xml.md
     */
    public static CallScript textOrSsml(String text) throws ScriptException {
        Objects.requireNonNull(text, "text");
        if (text.length() > ScriptRules.MAX_INPUT_CHARS) {
            throw new ScriptException("the text has " + text.length() + " characters; at most "
                    + ScriptRules.MAX_INPUT_CHARS + " are accepted");
        }
        if (Ssml.isDocument(text)) return new CallScript(List.of(VoiceXml.speak(text)));
        if (text.isBlank()) throw new ScriptException("the text is empty: give the words to speak");
        return text(text);
    }

    /**
     * sms77 {@code text} with {@code xml=1}: a Voice XML {@code <Response>} or an SSML {@code <speak>} document
     * (docs/voice-xml.md). Parsed without DTDs, entities or any access to files or the network.
     *
     * @throws ScriptException naming the element, its line and column, and what is wrong
     */
    public static CallScript xml(String xml) throws ScriptException {
        Objects.requireNonNull(xml, "xml");
        if (xml.isBlank()) throw new ScriptException("the script is empty: send a <Response> or <speak> document");
        return VoiceXml.script(xml);
    }

    /**
     * A Voice2Phone call: the message, then one key is awaited for {@code timeoutSeconds}; a key in {@code replies}
     * has its reply spoken, and the call ends either way. With no replies the call ends after the message. A blank
     * reply ends the call without words. Keys are single phone keys (0-9, *, #, A-D; a-d taken as A-D).
     *
     * @throws IllegalArgumentException naming the key or value that is not allowed
     */
    public static CallScript menu(String message, Map<String, String> replies, int timeoutSeconds) {
        Say say = plainSay(message, "message");
        if (replies.isEmpty()) return new CallScript(List.of(say, new Hangup()));
        Map<String, List<Step>> branches = new LinkedHashMap<>();
        int spoken = say.text().length();
        for (Map.Entry<String, String> e : replies.entrySet()) {
            String key = Objects.requireNonNull(e.getKey(), "key").strip().toUpperCase(Locale.ROOT);
            if (key.length() != 1 || !ScriptRules.isKey(key.charAt(0))) {
                throw new IllegalArgumentException("Dtmf key \"" + e.getKey() + "\" is not one phone key (0-9, *, #, A-D)");
            }
            String reply = e.getValue() == null ? "" : e.getValue().strip();
            List<Step> branch = reply.isEmpty() ? List.of(new Hangup())
                    : List.of(new Say(reply, false, null, null), new Hangup());
            if (branches.put(key, branch) != null) {
                throw new IllegalArgumentException("Dtmf key \"" + e.getKey() + "\" is given twice");
            }
            spoken += reply.length();
        }
        if (spoken > ScriptRules.MAX_SPOKEN_CHARS) {
            throw new IllegalArgumentException("message and replies have " + spoken + " characters; at most "
                    + ScriptRules.MAX_SPOKEN_CHARS);
        }
        return new CallScript(List.of(say, new Gather(1, timeoutSeconds, null, List.of(), branches), new Hangup()));
    }

    /**
     * Every Say's words in script order (prompts, then branches in their order), SSML markup removed, joined by a
     * space: for language detection and journals.
     */
    public String spokenText() {
        StringJoiner words = new StringJoiner(" ");
        collect(steps, words);
        return words.toString();
    }

    /** The words a Say speaks: its text, or for SSML the text without markup. */
    static String spoken(Say say) {
        return say.ssml() ? Ssml.strip(say.text()) : say.text();
    }

    private static void collect(List<Step> steps, StringJoiner words) {
        for (Step step : steps) {
            if (step instanceof Say say) {
                words.add(spoken(say));
            } else if (step instanceof Gather gather) {
                collect(gather.prompt(), words);
                gather.branches().values().forEach(branch -> collect(branch, words));
            }
        }
    }

    private static Say plainSay(String text, String name) {
        Objects.requireNonNull(text, name);
        String words = text.strip();
        if (words.isEmpty()) throw new IllegalArgumentException(name + " is empty");
        if (words.length() > ScriptRules.MAX_SPOKEN_CHARS) {
            throw new IllegalArgumentException(name + " has " + words.length() + " characters; at most "
                    + ScriptRules.MAX_SPOKEN_CHARS);
        }
        return new Say(words, false, null, null);
    }

    private static void requireRange(String name, int value, int min, int max) {
        if (!ScriptRules.inRange(value, min, max)) {
            throw new IllegalArgumentException(name + " must be " + min + " to " + max + ", not " + value);
        }
    }
}
