package io.ringway.call;

import static javax.xml.stream.XMLStreamConstants.CHARACTERS;
import static javax.xml.stream.XMLStreamConstants.END_DOCUMENT;
import static javax.xml.stream.XMLStreamConstants.START_ELEMENT;

import io.ringway.call.CallScript.Gather;
import io.ringway.call.CallScript.Hangup;
import io.ringway.call.CallScript.Pause;
import io.ringway.call.CallScript.Play;
import io.ringway.call.CallScript.Say;
import io.ringway.call.CallScript.Step;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads the Voice XML dialect (docs/voice-xml.md): a TwiML subset under {@code <Response>}, with {@code <On>}
 * branches in a Gather, or one SSML {@code <speak>} document. Element and attribute names are matched regardless of
 * case. Counts steps and spoken characters as it goes, loop repeats included, so an oversized script is refused at
 * the element that crosses the limit.
 */
final class VoiceXml {

    /** Where a step stands, which decides what it may hold. */
    private enum Place {
        RESPONSE("Response", "Say, Play, Pause, Gather and Hangup"),
        PROMPT("Gather", "Say, Play, Pause and On"),
        BRANCH("On", "Say, Play, Pause and Hangup");

        final String element;
        final String holds;

        Place(String element, String holds) {
            this.element = element;
            this.holds = holds;
        }
    }

    private static final Set<String> UNSUPPORTED_TWIML = Set.of("dial", "record", "redirect", "reject", "message",
            "sms", "enqueue", "leave", "connect", "stream", "pay", "refer", "prompt", "start", "stop");
    private static final int DEFAULT_TIMEOUT = 5;
    private static final char DEFAULT_FINISH_ON_KEY = '#';

    private final XmlInput in;
    private int steps;
    private int spoken;

    private VoiceXml(XmlInput in) {
        this.in = in;
    }

    /** A script sent with xml=1: a {@code <Response>} or a {@code <speak>} document. */
    static CallScript script(String xml) throws ScriptException {
        return new CallScript(new VoiceXml(XmlInput.open(xml)).document(true));
    }

    /** The one Say of an SSML document sent as text: its root must be {@code <speak>}. */
    static Say speak(String ssml) throws ScriptException {
        return (Say) new VoiceXml(XmlInput.open(ssml)).document(false).getFirst();
    }

    private List<Step> document(boolean responseAllowed) throws ScriptException {
        int event;
        do {
            event = in.next();
        } while (event != START_ELEMENT && event != END_DOCUMENT);
        if (event == END_DOCUMENT) throw new ScriptException("the script has no root element");
        XmlInput.Position at = in.start();
        String root = in.name();
        List<Step> result;
        switch (root.toLowerCase(Locale.ROOT)) {
            case "speak" -> result = speakDocument(at);
            case "response" -> {
                if (!responseAllowed) {
                    throw at.error("<Response> in plain text: this text is read as plain text or an SSML <speak>"
                            + " document; send <Response> scripts with xml=1");
                }
                result = response(at);
            }
            default -> throw at.error("the root element must be <Response>" + (responseAllowed ? " or <speak>"
                    : " (with xml=1) or <speak>") + ", not <" + root + ">");
        }
        while (in.next() != END_DOCUMENT) {
            // the parser refuses anything but comments and white space after the root
        }
        return result;
    }

    private List<Step> response(XmlInput.Position at) throws ScriptException {
        in.attributes("Response");
        List<Step> result = steps(Place.RESPONSE);
        if (result.isEmpty()) throw at.error("<Response> is empty: give at least one step, e.g. <Say>Hello</Say>");
        return result;
    }

    private List<Step> speakDocument(XmlInput.Position at) throws ScriptException {
        Map<String, String> a = in.attributes("speak", "xml:lang", "version");
        String language = language(a, "xml:lang", "speak", at);
        String version = a.get("version");
        if (version != null && !version.equals("1.0") && !version.equals("1.1")) {
            throw at.error("<speak> version=\"" + XmlInput.abbreviate(version) + "\" must be 1.0 or 1.1");
        }
        Ssml.Content content = Ssml.read(in, "speak");
        if (Ssml.strip(content.body()).isEmpty()) throw at.error("<speak> is empty: give the words to speak");
        List<Step> result = new ArrayList<>(1);
        add(result, new Say(Ssml.document(content.body(), language), true, language, null), 1, at);
        return result;
    }

    /** The steps inside the current element, up to its end tag. */
    private List<Step> steps(Place place) throws ScriptException {
        List<Step> result = new ArrayList<>();
        while (true) {
            switch (in.next()) {
                case CHARACTERS -> refuseText(place.element);
                case START_ELEMENT -> step(place, result);
                default -> {
                    return result;
                }
            }
        }
    }

    private void step(Place place, List<Step> out) throws ScriptException {
        XmlInput.Position at = in.start();
        String name = in.name();
        switch (name.toLowerCase(Locale.ROOT)) {
            case "say" -> say(at, out);
            case "play" -> play(at, out);
            case "pause" -> pause(at, out);
            case "hangup" -> {
                if (place == Place.PROMPT) {
                    throw at.error("<Hangup> inside <Gather>: a Gather prompt holds " + place.holds
                            + "; put <Hangup/> after the Gather or in an <On>");
                }
                in.attributes("Hangup");
                in.empty("Hangup", at);
                add(out, new Hangup(), 1, at);
            }
            case "gather" -> {
                if (place != Place.RESPONSE) {
                    throw at.error("<Gather> inside <" + place.element + ">: Gathers do not nest; a script can"
                            + " gather keys one level deep, with <Gather> directly inside <Response>");
                }
                gather(at, out);
            }
            case "on" -> throw at.error("<On> outside a <Gather>: <On digits=\"…\"> belongs directly inside <Gather>");
            case "response" -> throw at.error("<Response> inside <" + place.element + ">: only the root is a Response");
            default -> {
                boolean twiml = UNSUPPORTED_TWIML.contains(name.toLowerCase(Locale.ROOT));
                String what = twiml ? "<" + name + "> is TwiML that Ringway does not support"
                        : "unknown element <" + name + "> inside <" + place.element + ">";
                String hint = !twiml && place == Place.RESPONSE ? " (SSML goes inside <Say>)" : "";
                throw at.error(what + ": <" + place.element + "> can hold " + place.holds + hint);
            }
        }
    }

    private void say(XmlInput.Position at, List<Step> out) throws ScriptException {
        Map<String, String> a = in.attributes("Say", "language", "voice", "loop");
        String language = language(a, "language", "Say", at);
        String voice = a.get("voice");
        if (voice != null && !ScriptRules.isVoiceName(voice)) {
            throw at.error("<Say> voice=\"" + XmlInput.abbreviate(voice) + "\" is not a voice name"
                    + " (letters, digits and . _ + -, at most 64)");
        }
        int loop = loop(a, "Say", at);
        Ssml.Content content = Ssml.read(in, "Say");
        String words = Ssml.strip(content.body());
        if (words.isEmpty()) throw at.error("<Say> is empty: give the words to speak");
        Say say = content.markup() ? new Say(Ssml.document(content.body(), language), true, language, voice)
                : new Say(words, false, language, voice);
        add(out, say, loop, at);
    }

    private void play(XmlInput.Position at, List<Step> out) throws ScriptException {
        Map<String, String> a = in.attributes("Play", "loop");
        int loop = loop(a, "Play", at);
        String raw = in.textContent("Play", "only the URL of an MP3 or WAV file").strip();
        if (raw.isEmpty()) throw at.error("<Play> is empty: give the URL of an MP3 or WAV file");
        if (raw.length() > ScriptRules.MAX_URL_CHARS) {
            throw at.error("<Play> URL is longer than " + ScriptRules.MAX_URL_CHARS + " characters");
        }
        URI url;
        try {
            url = new URI(raw);
        } catch (URISyntaxException e) {
            throw at.error("<Play> URL \"" + XmlInput.abbreviate(raw) + "\" is not a valid URL: " + e.getReason());
        }
        String problem = ScriptRules.urlProblem(url);
        if (problem != null) throw at.error("<Play> URL \"" + XmlInput.abbreviate(raw) + "\" " + problem);
        add(out, new Play(url), loop, at);
    }

    private void pause(XmlInput.Position at, List<Step> out) throws ScriptException {
        Map<String, String> a = in.attributes("Pause", "length");
        int seconds = number(a, "length", "Pause", 1, ScriptRules.MIN_PAUSE, ScriptRules.MAX_PAUSE, " seconds", at);
        in.empty("Pause", at);
        add(out, new Pause(seconds), 1, at);
    }

    private void gather(XmlInput.Position at, List<Step> out) throws ScriptException {
        for (String callback : List.of("action", "method")) {
            if (in.has(callback)) {
                throw at.error("<Gather> " + callback + " is not supported: Ringway does not fetch URLs during a"
                        + " call; put what each key does in <On digits=\"…\"> inside the Gather");
            }
        }
        Map<String, String> a = in.attributes("Gather", "numDigits", "timeout", "finishOnKey");
        // TwiML gathers until finishOnKey or the timeout when numDigits is not given; 20 is the most we take.
        int numDigits = number(a, "numDigits", "Gather", ScriptRules.MAX_DIGITS,
                ScriptRules.MIN_DIGITS, ScriptRules.MAX_DIGITS, "", at);
        int timeout = number(a, "timeout", "Gather", DEFAULT_TIMEOUT,
                ScriptRules.MIN_TIMEOUT, ScriptRules.MAX_TIMEOUT, " seconds", at);
        Character finishOnKey = finishOnKey(a.get("finishOnKey"), at);
        List<Step> prompt = new ArrayList<>();
        Map<String, List<Step>> branches = new LinkedHashMap<>();
        Map<String, XmlInput.Position> seen = new LinkedHashMap<>();
        while (true) {
            int event = in.next();
            if (event == CHARACTERS) {
                refuseText("Gather");
            } else if (event == START_ELEMENT && in.name().equalsIgnoreCase("on")) {
                XmlInput.Position onAt = in.start();
                String digits = branchDigits(numDigits, finishOnKey, seen, onAt);
                seen.put(digits, onAt);
                branches.put(digits, steps(Place.BRANCH));
            } else if (event == START_ELEMENT) {
                step(Place.PROMPT, prompt);
            } else {
                break;
            }
        }
        add(out, new Gather(numDigits, timeout, finishOnKey, prompt, branches), 1, at);
    }

    private String branchDigits(int numDigits, Character finishOnKey, Map<String, XmlInput.Position> seen,
                                XmlInput.Position at) throws ScriptException {
        String raw = in.attributes("On", "digits").get("digits");
        if (raw == null) throw at.error("<On> needs digits, e.g. <On digits=\"1\">");
        String digits = raw.toUpperCase(Locale.ROOT);
        String problem = ScriptRules.branchProblem(digits, numDigits, finishOnKey);
        if (problem != null) throw at.error("<On digits=\"" + XmlInput.abbreviate(raw) + "\"> " + problem);
        XmlInput.Position first = seen.get(digits);
        if (first != null) {
            throw at.error("<On digits=\"" + raw + "\"> is given twice in this Gather (first at line "
                    + first.line() + ", column " + first.column() + ")");
        }
        return digits;
    }

    private Character finishOnKey(String value, XmlInput.Position at) throws ScriptException {
        if (value == null) return DEFAULT_FINISH_ON_KEY;
        if (value.isEmpty()) return null; // TwiML: an empty finishOnKey means no key ends the input
        char key = Character.toUpperCase(value.charAt(0));
        if (value.length() != 1 || !ScriptRules.isKey(key)) {
            throw at.error("<Gather> finishOnKey=\"" + XmlInput.abbreviate(value) + "\" must be one key"
                    + " (0-9, *, #, A-D), or empty for none");
        }
        return key;
    }

    private String language(Map<String, String> a, String attribute, String element, XmlInput.Position at)
            throws ScriptException {
        String language = a.get(attribute);
        if (language != null && !ScriptRules.isLanguageTag(language)) {
            throw at.error("<" + element + "> " + attribute + "=\"" + XmlInput.abbreviate(language)
                    + "\" is not a language tag like de-DE or en");
        }
        return language;
    }

    private int loop(Map<String, String> a, String element, XmlInput.Position at) throws ScriptException {
        if ("0".equals(a.get("loop"))) {
            throw at.error("<" + element + "> loop=\"0\" (repeat until hang-up, in TwiML) is not supported:"
                    + " give 1 to " + ScriptRules.MAX_LOOP);
        }
        return number(a, "loop", element, 1, 1, ScriptRules.MAX_LOOP, " times", at);
    }

    private static int number(Map<String, String> a, String attribute, String element, int byDefault,
                              int min, int max, String unit, XmlInput.Position at) throws ScriptException {
        String raw = a.get(attribute);
        if (raw == null) return byDefault;
        String problem = "\" must be a whole number from " + min + " to " + max + unit;
        try {
            int value = Integer.parseInt(raw);
            if (ScriptRules.inRange(value, min, max)) return value;
        } catch (NumberFormatException e) {
            // reported below
        }
        throw at.error("<" + element + "> " + attribute + "=\"" + XmlInput.abbreviate(raw) + problem);
    }

    private void refuseText(String element) throws ScriptException {
        String text = in.characters();
        if (!text.isBlank()) {
            throw in.textStart().error("text \"" + XmlInput.abbreviate(Ssml.collapse(text).strip())
                    + "\" directly inside <" + element + ">: put words to speak in <Say>");
        }
    }

    /** Adds {@code step} {@code times} times, refusing at {@code at} when the script grows past its limits. */
    private void add(List<Step> out, Step step, int times, XmlInput.Position at) throws ScriptException {
        int words = step instanceof Say say ? CallScript.spoken(say).length() : 0;
        for (int i = 0; i < times; i++) {
            if (++steps > ScriptRules.MAX_STEPS) {
                throw at.error("the script has more than " + ScriptRules.MAX_STEPS + " steps, counting loop repeats"
                        + " and the steps inside Gathers");
            }
            spoken += words;
            if (spoken > ScriptRules.MAX_SPOKEN_CHARS) {
                throw at.error("the script speaks more than " + ScriptRules.MAX_SPOKEN_CHARS
                        + " characters, counting loop repeats");
            }
            out.add(step);
        }
    }
}
