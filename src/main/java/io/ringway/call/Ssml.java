package io.ringway.call;

import static javax.xml.stream.XMLStreamConstants.CHARACTERS;
import static javax.xml.stream.XMLStreamConstants.START_ELEMENT;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SSML that a Say (or a {@code <speak>} document) may hold, read from the script and written back in one
 * canonical form for the TTS engine: known elements and attributes only, names in SSML's lower case, values
 * checked, white space collapsed, no comments or namespaces. Writing it anew rather than passing the customer's
 * text through means the engine only ever sees markup that was checked.
 */
final class Ssml {

    /** Elements inside one Say; enough for any real prosody markup, and keeps the reader's recursion shallow. */
    static final int MAX_DEPTH = 8;
    static final int MAX_BREAK_MS = 10_000;

    private static final Map<String, List<String>> ELEMENTS = Map.of(
            "break", List.of("time", "strength"),
            "prosody", List.of("rate", "pitch", "volume"),
            "emphasis", List.of("level"),
            "say-as", List.of("interpret-as", "format", "detail"),
            "p", List.of(),
            "s", List.of(),
            "lang", List.of("xml:lang"));
    private static final String KNOWN = "break, prosody, emphasis, say-as, p, s and lang";
    /** Elements after which words are separate even without white space: what strip() turns into a space. */
    private static final Set<String> SEPARATING = Set.of("break", "p", "s", "speak");
    private static final Set<String> TWIML = Set.of("say", "play", "pause", "gather", "hangup", "on", "response");

    private static final Pattern DURATION = Pattern.compile("(\\d{1,6}(?:\\.\\d{1,3})?)(ms|s)");
    private static final Pattern RELATIVE = Pattern.compile("[+-]?\\d{1,4}(\\.\\d{1,3})?(%|Hz|st|dB)?");
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9:_-]{0,31}");
    private static final Pattern DOCUMENT_START =
            Pattern.compile("(?s)\\A\\uFEFF?\\s*(<\\?xml|(<!--.*?-->\\s*)*(<!DOCTYPE|<speak[\\s/>]))", Pattern.CASE_INSENSITIVE);

    /** What a Say or speak holds: the SSML between the speak tags, and whether any SSML element was in it. */
    record Content(String body, boolean markup) {}

    private Ssml() {}

    /**
     * Whether text given as plain text is an SSML document: it begins, after white space and comments, with
     * {@code <speak}, or with an XML declaration or DOCTYPE, which plain words never do. Text that merely contains
     * markup somewhere is words to speak.
     */
    static boolean isDocument(String text) {
        return DOCUMENT_START.matcher(text).lookingAt();
    }

    /** Reads the content of the current element (a Say or speak) up to its end tag. */
    static Content read(XmlInput in, String element) throws ScriptException {
        StringBuilder body = new StringBuilder();
        boolean markup = children(in, element, body, 0);
        return new Content(body.toString().strip(), markup);
    }

    static String document(String body, String language) {
        return language == null ? "<speak>" + body + "</speak>"
                : "<speak xml:lang=\"" + escapeAttribute(language) + "\">" + body + "</speak>";
    }

    /** The words of SSML without its markup, white space collapsed: for the spoken-text limit and spokenText(). */
    static String strip(String ssml) {
        StringBuilder words = new StringBuilder(ssml.length());
        int i = 0;
        while (i < ssml.length()) {
            char c = ssml.charAt(i);
            if (c == '<') {
                int close = ssml.indexOf('>', i);
                if (close < 0) break;
                if (SEPARATING.contains(tagName(ssml.substring(i + 1, close)))) words.append(' ');
                i = close + 1;
            } else if (c == '&') {
                int semi = ssml.indexOf(';', i);
                int codePoint = semi < 0 ? -1 : entity(ssml.substring(i + 1, semi));
                if (codePoint < 0) {
                    words.append(c);
                    i++;
                } else {
                    words.appendCodePoint(codePoint);
                    i = semi + 1;
                }
            } else {
                words.append(c);
                i++;
            }
        }
        return collapse(words).strip();
    }

    /** Runs of XML white space (space, tab, line breaks) as one space; other characters as they are. */
    static String collapse(CharSequence text) {
        StringBuilder out = new StringBuilder(text.length());
        appendCollapsed(out, text, false);
        return out.toString();
    }

    private static boolean children(XmlInput in, String parent, StringBuilder body, int depth)
            throws ScriptException {
        boolean markup = false;
        while (true) {
            switch (in.next()) {
                case CHARACTERS -> appendCollapsed(body, in.characters(), true);
                case START_ELEMENT -> {
                    element(in, parent, body, depth + 1);
                    markup = true;
                }
                default -> {
                    return markup;
                }
            }
        }
    }

    private static void element(XmlInput in, String parent, StringBuilder body, int depth) throws ScriptException {
        XmlInput.Position at = in.start();
        String name = in.name();
        String canonical = name.toLowerCase(Locale.ROOT);
        List<String> allowed = ELEMENTS.get(canonical);
        if (allowed == null) throw at.error(unknown(name, parent));
        if (depth > MAX_DEPTH) {
            throw at.error("<" + name + "> nests SSML deeper than " + MAX_DEPTH + " elements inside <" + parent + ">");
        }
        Map<String, String> attributes = in.attributes(canonical, allowed.toArray(String[]::new));
        check(canonical, attributes, at);
        body.append('<').append(canonical);
        attributes.forEach((k, v) -> body.append(' ').append(k).append("=\"").append(escapeAttribute(v)).append('"'));
        switch (canonical) {
            case "break" -> {
                in.empty("break", at);
                body.append("/>");
                return;
            }
            case "say-as" -> {
                body.append('>');
                appendCollapsed(body, in.textContent("say-as", "only the text to interpret"), true);
            }
            default -> {
                body.append('>');
                children(in, canonical, body, depth);
            }
        }
        body.append("</").append(canonical).append('>');
    }

    private static String unknown(String name, String parent) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.equals("speak")) {
            return "<speak> inside <" + parent + ">: the " + parent + " already is the SSML document; put its"
                    + " content directly inside";
        }
        if (TWIML.contains(lower)) {
            return "<" + name + "> inside <" + parent + ">: a " + parent + " holds only words and SSML (" + KNOWN
                    + "); put <" + name + "> after it";
        }
        return "unknown element <" + name + "> inside <" + parent + ">: SSML here can use " + KNOWN;
    }

    private static void check(String element, Map<String, String> attributes, XmlInput.Position at)
            throws ScriptException {
        for (Map.Entry<String, String> a : attributes.entrySet()) {
            String value = a.getValue();
            String problem = switch (element + " " + a.getKey()) {
                case "break time" -> breakTimeProblem(value);
                case "break strength" -> oneOf(value, "none", "x-weak", "weak", "medium", "strong", "x-strong");
                case "prosody rate" -> keywordOrNumber(value, "x-slow", "slow", "medium", "fast", "x-fast", "default");
                case "prosody pitch" -> keywordOrNumber(value, "x-low", "low", "medium", "high", "x-high", "default");
                case "prosody volume" ->
                        keywordOrNumber(value, "silent", "x-soft", "soft", "medium", "loud", "x-loud", "default");
                case "emphasis level" -> oneOf(value, "strong", "moderate", "none", "reduced");
                case "lang xml:lang" -> ScriptRules.isLanguageTag(value) ? null : "is not a language tag like de-DE";
                default -> TOKEN.matcher(value).matches() ? null : "is not a single word like digits or date";
            };
            if (problem != null) {
                throw at.error("<" + element + "> " + a.getKey() + "=\"" + XmlInput.abbreviate(value) + "\" " + problem);
            }
        }
        if (element.equals("say-as") && !attributes.containsKey("interpret-as")) {
            throw at.error("<say-as> needs interpret-as, e.g. <say-as interpret-as=\"digits\">");
        }
        if (element.equals("lang") && !attributes.containsKey("xml:lang")) {
            throw at.error("<lang> needs xml:lang, e.g. <lang xml:lang=\"en-US\">");
        }
    }

    private static String breakTimeProblem(String value) {
        Matcher m = DURATION.matcher(value);
        if (!m.matches()) return "is not a duration like 500ms or 2s";
        double ms = Double.parseDouble(m.group(1)) * (m.group(2).equals("s") ? 1000 : 1);
        return ms <= MAX_BREAK_MS ? null : "is longer than 10s: use <Pause length=\"…\"> between Says for longer silence";
    }

    private static String oneOf(String value, String... keywords) {
        for (String k : keywords) if (k.equals(value)) return null;
        return "must be one of " + String.join(", ", keywords);
    }

    private static String keywordOrNumber(String value, String... keywords) {
        if (RELATIVE.matcher(value).matches()) return null;
        String problem = oneOf(value, keywords);
        return problem == null ? null : problem + ", or a number like +10% (with %, Hz, st or dB)";
    }

    /** Appends text, escaped for SSML when {@code escape}, with white-space runs (also across appends) as one space. */
    private static void appendCollapsed(StringBuilder out, CharSequence text, boolean escape) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                if (out.isEmpty() || out.charAt(out.length() - 1) != ' ') out.append(' ');
            } else if (escape && c == '&') {
                out.append("&amp;");
            } else if (escape && c == '<') {
                out.append("&lt;");
            } else if (escape && c == '>') {
                out.append("&gt;");
            } else {
                out.append(c);
            }
        }
    }

    private static String escapeAttribute(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static String tagName(String tag) {
        int from = tag.startsWith("/") ? 1 : 0;
        int to = from;
        while (to < tag.length() && !Character.isWhitespace(tag.charAt(to)) && tag.charAt(to) != '/') to++;
        return tag.substring(from, to).toLowerCase(Locale.ROOT);
    }

    /** The code point of an entity's name (amp, #233, #xE9), or -1 if it is none of those. */
    private static int entity(String name) {
        switch (name) {
            case "amp": return '&';
            case "lt": return '<';
            case "gt": return '>';
            case "quot": return '"';
            case "apos": return '\'';
            default:
        }
        try {
            int cp = name.startsWith("#x") || name.startsWith("#X") ? Integer.parseInt(name.substring(2), 16)
                    : name.startsWith("#") ? Integer.parseInt(name.substring(1)) : -1;
            return Character.isValidCodePoint(cp) ? cp : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
