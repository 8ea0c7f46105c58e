package io.ringway.call;

import static javax.xml.stream.XMLStreamConstants.CDATA;
import static javax.xml.stream.XMLStreamConstants.CHARACTERS;
import static javax.xml.stream.XMLStreamConstants.DTD;
import static javax.xml.stream.XMLStreamConstants.END_DOCUMENT;
import static javax.xml.stream.XMLStreamConstants.END_ELEMENT;
import static javax.xml.stream.XMLStreamConstants.ENTITY_REFERENCE;
import static javax.xml.stream.XMLStreamConstants.SPACE;
import static javax.xml.stream.XMLStreamConstants.START_ELEMENT;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLResolver;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * One script document read with the JDK's StAX parser, locked down because the text comes from anyone with an API
 * key: no DTD is accepted, so no entity exists beyond the five XML predefines and character references (no XXE, no
 * "billion laughs"); nothing external is resolved or fetched; StAX has no XInclude. The input is bounded before
 * parsing starts. Adds what users need in messages: where a start tag begins, attributes matched regardless of case.
 */
final class XmlInput {

    /** A place in the script, 1-based, as an editor shows it. */
    record Position(int line, int column) {
        ScriptException error(String problem) {
            return new ScriptException(problem, line, column);
        }
    }

    private final String text;
    private final int[] lineStarts;
    private final XMLStreamReader reader;
    private boolean ended;

    private XmlInput(String text, XMLStreamReader reader) {
        this.text = text;
        this.lineStarts = lineStarts(text);
        this.reader = reader;
    }

    static XmlInput open(String text) throws ScriptException {
        if (text.length() > ScriptRules.MAX_INPUT_CHARS) {
            throw new ScriptException("the script has " + text.length() + " characters; at most "
                    + ScriptRules.MAX_INPUT_CHARS + " are accepted");
        }
        // A byte order mark that survived decoding is no part of the document (and editors count no column for it).
        if (text.startsWith("\uFEFF")) text = text.substring(1);
        // The JDK's own implementation, whatever else is on the class path: these are the settings it is tested with.
        XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setProperty(XMLInputFactory.RESOLVER, (XMLResolver) (publicId, systemId, base, namespace) -> {
            throw new XMLStreamException("external resources are never read: " + systemId);
        });
        factory.setProperty(XMLInputFactory.IS_COALESCING, true);
        try {
            return new XmlInput(text, factory.createXMLStreamReader(new StringReader(text)));
        } catch (XMLStreamException e) {
            throw malformed(e);
        }
    }

    /**
     * The next START_ELEMENT, END_ELEMENT, CHARACTERS (also for CDATA) or END_DOCUMENT. Comments and processing
     * instructions are skipped; a DOCTYPE is refused the moment the parser reports it, before any entity is used.
     */
    int next() throws ScriptException {
        while (true) {
            if (ended) return END_DOCUMENT;
            int event;
            try {
                event = reader.next();
            } catch (XMLStreamException e) {
                throw malformed(e);
            } catch (RuntimeException e) {
                // Not seen in fuzzing (200k hostile inputs), but a parser slip on customer input must stay a
                // refusal of the script, not become a server error.
                throw new ScriptException("malformed XML: " + e.getMessage());
            }
            switch (event) {
                case START_ELEMENT, END_ELEMENT:
                    return event;
                case END_DOCUMENT:
                    ended = true;
                    return event;
                case CHARACTERS, CDATA, SPACE:
                    return CHARACTERS;
                case DTD: {
                    int at = Math.max(0, text.indexOf("<!DOCTYPE"));
                    throw position(at).error("<!DOCTYPE> is not allowed: scripts use no DTD and no entities"
                            + " (write &amp; &lt; &gt; &quot; &apos; or a character reference like &#233;)");
                }
                case ENTITY_REFERENCE:
                    throw here().error("unknown entity &" + reader.getLocalName() + ";");
                default:
                    // comments, processing instructions
            }
        }
    }

    /** The current element's name, with its prefix when it has one (elements of other vocabularies are refused). */
    String name() {
        String prefix = reader.getPrefix();
        return prefix == null || prefix.isEmpty() ? reader.getLocalName() : prefix + ":" + reader.getLocalName();
    }

    /** The text of the current CHARACTERS event. */
    String characters() {
        return reader.getText();
    }

    /** Where the current start tag begins: the parser reports where it ends, and '<' cannot occur inside a tag. */
    Position start() {
        int end = reported();
        int lt = text.lastIndexOf('<', Math.max(0, end - 1));
        return position(lt >= 0 ? lt : end);
    }

    /** Where the text of the current CHARACTERS event begins, at its first character that is not white space. */
    Position textStart() {
        int end = reported();
        int from = text.lastIndexOf('>', Math.max(0, end - 1)) + 1;
        while (from < end && Character.isWhitespace(text.charAt(from))) from++;
        return position(from);
    }

    /** Where the parser is now. */
    Position here() {
        return position(reported());
    }

    /**
     * The current start tag's attributes under the names in {@code allowed}, matched regardless of case, values
     * stripped of surrounding white space. Refuses other attributes, and one given twice in different cases.
     */
    Map<String, String> attributes(String element, String... allowed) throws ScriptException {
        Map<String, String> found = new LinkedHashMap<>();
        for (int i = 0; i < reader.getAttributeCount(); i++) {
            String prefix = reader.getAttributePrefix(i);
            String name = prefix == null || prefix.isEmpty()
                    ? reader.getAttributeLocalName(i) : prefix + ":" + reader.getAttributeLocalName(i);
            String canonical = Arrays.stream(allowed).filter(name::equalsIgnoreCase).findFirst().orElse(null);
            if (canonical == null) {
                throw start().error("unknown attribute " + name + " on <" + element + ">: "
                        + (allowed.length == 0 ? "it takes no attributes" : "it takes " + String.join(", ", allowed)));
            }
            if (found.put(canonical, reader.getAttributeValue(i).strip()) != null) {
                throw start().error("attribute " + canonical + " is given twice on <" + element + ">");
            }
        }
        return found;
    }

    /** Whether the current start tag has an attribute of this name, in any case. */
    boolean has(String attribute) {
        for (int i = 0; i < reader.getAttributeCount(); i++) {
            if (attribute.equalsIgnoreCase(reader.getAttributeLocalName(i))) return true;
        }
        return false;
    }

    /** The text inside the current element, which must hold no elements; {@code what} says what belongs there. */
    String textContent(String element, String what) throws ScriptException {
        StringBuilder content = new StringBuilder();
        while (true) {
            switch (next()) {
                case CHARACTERS -> content.append(characters());
                case START_ELEMENT -> throw start().error("<" + name() + "> inside <" + element + ">: "
                        + "<" + element + "> holds " + what);
                default -> {
                    return content.toString();
                }
            }
        }
    }

    /** Reads to the end of the current element (which starts {@code at}): it must be empty, white space aside. */
    void empty(String element, Position at) throws ScriptException {
        String content = textContent(element, "nothing");
        if (!content.isBlank()) {
            throw at.error("<" + element + "> must be empty, but holds \"" + abbreviate(content.strip()) + "\"");
        }
    }

    private int reported() {
        Location location = reader.getLocation();
        return index(location.getLineNumber(), location.getColumnNumber());
    }

    private static ScriptException malformed(XMLStreamException e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        int cut = message.indexOf("Message: ");
        String problem = "malformed XML: " + readable(cut >= 0 ? message.substring(cut + "Message: ".length()) : message);
        Location location = e.getLocation();
        if (location == null || location.getLineNumber() < 1) return new ScriptException(problem);
        return new ScriptException(problem, location.getLineNumber(), Math.max(1, location.getColumnNumber()));
    }

    /** The JDK reports some namespace errors by key, e.g. "…REC-xml-names-19990114#AttributeNotUnique?Say&amp;a". */
    private static String readable(String message) {
        String marker = "REC-xml-names-19990114#";
        int key = message.indexOf(marker);
        if (key < 0) return message;
        String[] parts = message.substring(key + marker.length()).split("[?&]");
        if (parts[0].equals("AttributeNotUnique") && parts.length == 3) {
            return "attribute " + parts[2] + " is given twice on <" + parts[1] + ">";
        }
        return String.join(" ", parts);
    }

    private int index(int line, int column) {
        if (line < 1 || line > lineStarts.length) return text.length();
        return Math.min(text.length(), lineStarts[line - 1] + Math.max(1, column) - 1);
    }

    private Position position(int index) {
        int line = Arrays.binarySearch(lineStarts, index);
        if (line < 0) line = -line - 2;
        return new Position(line + 1, index - lineStarts[line] + 1);
    }

    /** Lines end at \n, \r\n or a lone \r, as XML counts them. */
    private static int[] lineStarts(String text) {
        List<Integer> starts = new ArrayList<>();
        starts.add(0);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') i++;
            if (c == '\n' || c == '\r') starts.add(i + 1);
        }
        return starts.stream().mapToInt(Integer::intValue).toArray();
    }

    static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }
}
