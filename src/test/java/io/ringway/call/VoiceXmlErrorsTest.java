package io.ringway.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every refusal names the problem and, where it has one, the line and column of the element at fault. */
class VoiceXmlErrorsTest {

    /** Asserts the refusal of {@code xml} at line:column, with a message holding each fragment. */
    static void refused(String xml, int line, int column, String... fragments) {
        assertThatExceptionOfType(ScriptException.class).isThrownBy(() -> CallScript.xml(xml)).satisfies(e -> {
            assertThat(e.getMessage()).startsWith("line " + line + ", column " + column + ": ").contains(fragments);
            assertThat(e.line()).isEqualTo(line);
            assertThat(e.column()).isEqualTo(column);
        });
    }

    /** The same inside {@code <Response>} on line 2, the element at fault at column 3. */
    static void refusedInResponse(String element, String... fragments) {
        refused("<Response>\n  " + element + "\n</Response>", 2, 3, fragments);
    }

    // --- the document

    @Test
    void malformedXmlIsReportedWhereTheParserStopped() {
        refused("<Response>\n  <Say>Hi</Sya>\n</Response>", 2, 12, "malformed XML", "Say");
        refused("<Response><Say>a & b</Say></Response>", 1, 19, "malformed XML");
        refused("<Response><Say>x</Say></Response>\n<Response/>", 2, 2, "malformed XML");
    }

    @Test
    void emptyScriptIsRefused() {
        assertThatExceptionOfType(ScriptException.class).isThrownBy(() -> CallScript.xml(" \n "))
                .withMessage("the script is empty: send a <Response> or <speak> document")
                .satisfies(e -> assertThat(e.line()).isZero());
    }

    @Test
    void rootMustBeResponseOrSpeak() {
        refused("\n <Say>Hi</Say>", 2, 2, "the root element must be <Response> or <speak>, not <Say>");
    }

    @Test
    void responseMustHoldAStepAndNoAttributes() {
        refused("<Response>\n</Response>", 1, 1, "<Response> is empty");
        refused("<Response voice=\"x\"><Say>x</Say></Response>", 1, 1, "unknown attribute voice on <Response>",
                "it takes no attributes");
        refusedInResponse("<Response><Say>x</Say></Response>", "<Response> inside <Response>");
    }

    @Test
    void textOutsideSayIsRefusedWhereItStarts() {
        refused("<Response>\n  Hello there\n  <Say>x</Say></Response>", 2, 3,
                "text \"Hello there\" directly inside <Response>", "put words to speak in <Say>");
        refused("<Response><Gather>\n    press 1</Gather></Response>", 2, 5, "directly inside <Gather>");
        refused("<Response><Gather><On digits=\"1\">one</On></Gather></Response>", 1, 34, "directly inside <On>");
    }

    @Test
    void unknownElementsAreNamed() {
        refusedInResponse("<Dial>+4930123</Dial>", "<Dial> is TwiML that Ringway does not support",
                "Say, Play, Pause, Gather and Hangup");
        refusedInResponse("<Speak>x</Speak>", "unknown element <Speak> inside <Response>");
        refusedInResponse("<break time=\"1s\"/>", "unknown element <break>", "SSML goes inside <Say>");
        refusedInResponse("<On digits=\"1\"/>", "<On> outside a <Gather>");
    }

    @Test
    void unknownAndRepeatedAttributesAreNamed() {
        refusedInResponse("<Say lang=\"de\">x</Say>", "unknown attribute lang on <Say>", "language, voice, loop");
        refusedInResponse("<Pause length=\"1\" LENGTH=\"2\"/>", "attribute length is given twice on <Pause>");
        refused("<Response><Say a='1' a='2'>x</Say></Response>", 1, 28, "malformed XML: attribute a is given twice on <Say>");
        refusedInResponse("<Play digits=\"1\">https://example.com/a.mp3</Play>", "unknown attribute digits on <Play>");
        refusedInResponse("<Gather input=\"speech\"/>", "unknown attribute input on <Gather>",
                "numDigits, timeout, finishOnKey");
        refusedInResponse("<Hangup reason=\"x\"/>", "unknown attribute reason on <Hangup>");
    }

    // --- Say

    @Test
    void emptySayIsRefused() {
        refusedInResponse("<Say>  \n </Say>", "<Say> is empty");
        refusedInResponse("<Say/>", "<Say> is empty");
        refusedInResponse("<Say><break time=\"1s\"/></Say>", "<Say> is empty");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "<Say language=\"de_DE\">x</Say>     | language=\"de_DE\" is not a language tag like de-DE",
            "<Say language=\"\">x</Say>          | language=\"\" is not a language tag",
            "<Say voice=\"a b\">x</Say>          | voice=\"a b\" is not a voice name",
            "<Say voice=\"$(rm)\">x</Say>        | is not a voice name",
            "<Say loop=\"0\">x</Say>             | loop=\"0\" (repeat until hang-up, in TwiML) is not supported: give 1 to 10",
            "<Say loop=\"11\">x</Say>            | loop=\"11\" must be a whole number from 1 to 10 times",
            "<Say loop=\"two\">x</Say>           | loop=\"two\" must be a whole number",
            "<Play loop=\"-1\">http://a.b/c</Play> | <Play> loop=\"-1\" must be a whole number from 1 to 10",
    })
    void badSayAttributeValues(String element, String message) {
        refusedInResponse(element, message);
    }

    @Test
    void stepsInsideSayAreRefused() {
        refused("<Response><Say>Hi <Pause/></Say></Response>", 1, 19,
                "<Pause> inside <Say>: a Say holds only words and SSML", "put <Pause> after it");
        refused("<Response><Say><speak>Hi</speak></Say></Response>", 1, 16, "<speak> inside <Say>");
    }

    @Test
    void unknownSsmlIsRefusedNamingIt() {
        refused("<Response>\n<Say>Hi\n  <audio src=\"x\"/></Say></Response>", 3, 3,
                "unknown element <audio> inside <Say>", "break, prosody, emphasis, say-as, p, s and lang");
        refused("<Response><Say xmlns:amazon=\"urn:a\"><amazon:effect>x</amazon:effect></Say></Response>", 1, 37,
                "unknown element <amazon:effect>");
        refused("<Response><Say><p><voice>x</voice></p></Say></Response>", 1, 19, "unknown element <voice> inside <p>");
        refused("<Response><Say>a<break time=\"1s\" bogus=\"1\"/></Say></Response>", 1, 17,
                "unknown attribute bogus on <break>", "time, strength");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "<break time=\"forever\"/>            | <break> time=\"forever\" is not a duration like 500ms or 2s",
            "<break time=\"11s\"/>                | is longer than 10s: use <Pause",
            "<break time=\"10001ms\"/>            | is longer than 10s",
            "<break strength=\"huge\"/>           | <break> strength=\"huge\" must be one of none, x-weak",
            "<prosody rate=\"warp\">x</prosody>   | <prosody> rate=\"warp\" must be one of x-slow",
            "<prosody pitch=\"up\">x</prosody>    | or a number like +10%",
            "<prosody volume=\"max\">x</prosody>  | <prosody> volume=\"max\" must be one of silent",
            "<emphasis level=\"max\">x</emphasis> | <emphasis> level=\"max\" must be one of strong, moderate, none, reduced",
            "<say-as>12</say-as>                  | <say-as> needs interpret-as",
            "<say-as interpret-as=\"a b\">1</say-as> | interpret-as=\"a b\" is not a single word",
            "<lang>x</lang>                       | <lang> needs xml:lang",
            "<lang xml:lang=\"?\">x</lang>        | <lang> xml:lang=\"?\" is not a language tag",
    })
    void badSsmlAttributeValues(String ssml, String message) {
        refused("<Response><Say>a " + ssml + "</Say></Response>", 1, 18, message);
    }

    @Test
    void ssmlContentRules() {
        refused("<Response><Say>a <break time=\"1s\">x</break></Say></Response>", 1, 18, "<break> must be empty");
        refused("<Response><Say><say-as interpret-as=\"digits\"><s>1</s></say-as></Say></Response>", 1, 46,
                "<s> inside <say-as>");
        String deep = "<s>".repeat(9) + "x" + "</s>".repeat(9);
        refused("<Response><Say>" + deep + "</Say></Response>", 1, 40, "nests SSML deeper than 8 elements");
    }

    // --- Play

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "<Play></Play>                          | <Play> is empty: give the URL of an MP3 or WAV file",
            "<Play>/audio/a.mp3</Play>              | \"/audio/a.mp3\" must be an absolute http:// or https:// URL",
            "<Play>file:///etc/passwd</Play>        | \"file:///etc/passwd\" must be an absolute http:// or https:// URL",
            "<Play>ftp://example.com/a.mp3</Play>   | must be an absolute http:// or https:// URL",
            "<Play>https://exa mple.com/a.mp3</Play> | is not a valid URL",
            "<Play>https:///a.mp3</Play>            | has no host name",
            "<Play>https://u:p@example.com/a.mp3</Play> | must not carry a user name or password",
    })
    void badPlayUrls(String element, String message) {
        refusedInResponse(element, message);
    }

    @Test
    void elementsInsidePlayAreRefusedWhereTheyStart() {
        refused("<Response>\n  <Play>https://example.com/<b>a</b></Play>\n</Response>", 2, 29, "<b> inside <Play>: <Play> holds only the URL");
    }

    @Test
    void overlongPlayUrlIsRefused() {
        refusedInResponse("<Play>https://example.com/" + "a".repeat(2000) + "</Play>", "URL is longer than 2000");
    }

    // --- Pause and Hangup

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "<Pause length=\"0\"/>   | <Pause> length=\"0\" must be a whole number from 1 to 600 seconds",
            "<Pause length=\"601\"/> | <Pause> length=\"601\" must be a whole number from 1 to 600 seconds",
            "<Pause length=\"2s\"/>  | <Pause> length=\"2s\" must be a whole number",
            "<Pause length=\"1.5\"/> | must be a whole number",
    })
    void badPauseLengths(String element, String message) {
        refusedInResponse(element, message);
    }

    @Test
    void pauseAndHangupMustBeEmpty() {
        refused("<Response><Pause>wait</Pause></Response>", 1, 11, "<Pause> must be empty, but holds \"wait\"");
        refused("<Response><Hangup><Say>x</Say></Hangup></Response>", 1, 19, "<Say> inside <Hangup>");
    }

    // --- Gather and On

    @Test
    void gathersDoNotNest() {
        refused("<Response>\n<Gather>\n  <Gather/>\n</Gather></Response>", 3, 3, "<Gather> inside <Gather>",
                "Gathers do not nest");
        refused("<Response><Gather><On digits=\"1\">\n <Gather/></On></Gather></Response>", 2, 2,
                "<Gather> inside <On>");
        refused("<Response><Gather><Hangup/></Gather></Response>", 1, 19, "<Hangup> inside <Gather>",
                "Say, Play, Pause and On");
    }

    @Test
    void gatherActionUrlsAreRefusedWithTheAlternative() {
        refusedInResponse("<Gather action=\"https://example.com/next\" numDigits=\"1\"/>",
                "<Gather> action is not supported: Ringway does not fetch URLs during a call",
                "<On digits=\"…\">");
        refusedInResponse("<Gather METHOD=\"GET\"/>", "<Gather> method is not supported");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "<Gather numDigits=\"0\"/>      | <Gather> numDigits=\"0\" must be a whole number from 1 to 20",
            "<Gather numDigits=\"21\"/>     | <Gather> numDigits=\"21\" must be a whole number from 1 to 20",
            "<Gather timeout=\"0\"/>        | <Gather> timeout=\"0\" must be a whole number from 1 to 60 seconds",
            "<Gather timeout=\"61\"/>       | <Gather> timeout=\"61\" must be a whole number from 1 to 60 seconds",
            "<Gather finishOnKey=\"##\"/>   | <Gather> finishOnKey=\"##\" must be one key (0-9, *, #, A-D), or empty",
            "<Gather finishOnKey=\"x\"/>    | <Gather> finishOnKey=\"x\" must be one key",
    })
    void badGatherAttributes(String element, String message) {
        refusedInResponse(element, message);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "<On/>                   | <On> needs digits, e.g. <On digits=\"1\">",
            "<On digits=\"\"/>       | <On digits=\"\"> is empty",
            "<On digits=\"1x\"/>     | <On digits=\"1x\"> has 'X': keys are 0-9, *, # and A-D",
            "<On digits=\"E\"/>      | has 'E': keys are 0-9, *, # and A-D",
            "<On digits=\"12\"/>     | <On digits=\"12\"> can never be entered: the Gather takes 1 digit",
            "<On digits=\"#\"/>      | <On digits=\"#\"> can never be entered: '#' is the finishOnKey",
            "<On digit=\"1\"/>       | unknown attribute digit on <On>: it takes digits",
    })
    void badOnDigits(String on, String message) {
        refused("<Response><Gather numDigits=\"1\">\n  " + on + "\n</Gather></Response>", 2, 3, message);
    }

    @Test
    void duplicateOnDigitsAreRefusedWithTheFirst() {
        refused("<Response><Gather numDigits=\"1\">\n  <On digits=\"a\"/>\n  <On digits=\"A\"/>\n</Gather></Response>",
                3, 3, "<On digits=\"A\"> is given twice in this Gather (first at line 2, column 3)");
    }

    // --- limits

    @Test
    void moreThan200StepsAfterLoopsAreRefused() {
        String twenty = "<Say loop=\"10\">x</Say>\n".repeat(20);
        refused("<Response>\n" + twenty + "<Pause/>\n</Response>", 22, 1,
                "the script has more than 200 steps, counting loop repeats");
        String gathered = "<Gather>" + "<Pause/>".repeat(199) + "</Gather>"; // 199 prompt steps + the Gather
        refused("<Response>" + gathered + "<Hangup/></Response>", 1, 1620, "more than 200 steps");
    }

    @Test
    void spokenTextOver10000CharactersCountingLoopsIsRefused() {
        String words = "a".repeat(1001);
        refused("<Response>\n<Say loop=\"10\">" + words + "</Say></Response>", 2, 1,
                "the script speaks more than 10000 characters, counting loop repeats");
    }

    @Test
    void inputOver10000CharactersIsRefusedBeforeParsing() {
        String script = "<Response><Say>" + "a".repeat(10_000) + "</Say></Response>";
        assertThatExceptionOfType(ScriptException.class).isThrownBy(() -> CallScript.xml(script))
                .withMessage("the script has 10032 characters; at most 10000 are accepted");
    }

    // --- <speak>

    @Test
    void speakDocumentRules() {
        refused("<speak version=\"2.0\">x</speak>", 1, 1, "<speak> version=\"2.0\" must be 1.0 or 1.1");
        refused("<speak xml:lang=\"english please\">x</speak>", 1, 1, "xml:lang=\"english please\" is not a language tag");
        refused("<speak>\n</speak>", 1, 1, "<speak> is empty");
        refused("<speak rate=\"1\">x</speak>", 1, 1, "unknown attribute rate on <speak>: it takes xml:lang, version");
        refused("<speak>x<Say>y</Say></speak>", 1, 9, "<Say> inside <speak>");
    }

    @Test
    void textOrSsmlRefusesAResponseAndMalformedSpeak() {
        assertThatExceptionOfType(ScriptException.class)
                .isThrownBy(() -> CallScript.textOrSsml("<?xml version=\"1.0\"?>\n<Response><Say>x</Say></Response>"))
                .withMessage("line 2, column 1: <Response> in plain text: this text is read as plain text or an SSML"
                        + " <speak> document; send <Response> scripts with xml=1");
        assertThatExceptionOfType(ScriptException.class)
                .isThrownBy(() -> CallScript.textOrSsml("<speak>Hello <break time=\"1s\"></speak>"))
                .withMessageStartingWith("line 1, column 33: malformed XML:");
        assertThatExceptionOfType(ScriptException.class)
                .isThrownBy(() -> CallScript.textOrSsml("<speak><blink>x</blink></speak>"))
                .withMessageContaining("unknown element <blink> inside <speak>");
    }
}
