package io.ringway.call;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringway.call.CallScript.Gather;
import io.ringway.call.CallScript.Hangup;
import io.ringway.call.CallScript.Pause;
import io.ringway.call.CallScript.Play;
import io.ringway.call.CallScript.Say;
import io.ringway.call.CallScript.Step;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** What each element and attribute of docs/voice-xml.md turns into. */
class VoiceXmlTest {

    static CallScript xml(String xml) throws ScriptException {
        return CallScript.xml(xml);
    }

    static List<Step> response(String inner) throws ScriptException {
        return xml("<Response>" + inner + "</Response>").steps();
    }

    static Say plain(String text) {
        return new Say(text, false, null, null);
    }

    // --- Say

    @Test
    void sayWithLanguageAndVoice() throws Exception {
        assertThat(response("<Say language=\"de-DE\" voice=\"de+f3\">Guten Tag</Say>"))
                .containsExactly(new Say("Guten Tag", false, "de-DE", "de+f3"));
    }

    @Test
    void sayWithoutAttributesLeavesLanguageAndVoiceToLater() throws Exception {
        assertThat(response("<Say>Hello</Say>")).containsExactly(plain("Hello"));
    }

    @Test
    void sayCollapsesWhiteSpaceAndDecodesReferences() throws Exception {
        assertThat(response("<Say>\n   Tom &amp; Jerry\t&lt;3\r\n  caf&#233; &#x263A;  </Say>"))
                .containsExactly(plain("Tom & Jerry <3 café ☺"));
    }

    @Test
    void sayTakesCdataAsText() throws Exception {
        assertThat(response("<Say><![CDATA[a < b & c]]></Say>")).containsExactly(plain("a < b & c"));
    }

    @Test
    void loopRepeatsTheStep() throws Exception {
        assertThat(response("<Say loop=\"3\">Hi</Say>")).containsExactly(plain("Hi"), plain("Hi"), plain("Hi"));
        assertThat(response("<Play loop=\"2\">https://example.com/a.wav</Play>"))
                .containsExactly(new Play(URI.create("https://example.com/a.wav")),
                        new Play(URI.create("https://example.com/a.wav")));
        assertThat(response("<Say loop=\"10\">Hi</Say>")).hasSize(10);
        assertThat(response("<Say loop=\"1\">Hi</Say>")).hasSize(1);
    }

    @Test
    void loopInsideAGatherRepeatsThere() throws Exception {
        Gather gather = (Gather) response("<Gather><Say loop=\"2\">Press 1</Say>"
                + "<On digits=\"1\"><Play loop=\"2\">http://example.com/x.mp3</Play></On></Gather>").getFirst();
        assertThat(gather.prompt()).containsExactly(plain("Press 1"), plain("Press 1"));
        assertThat(gather.branches().get("1")).hasSize(2);
    }

    // --- SSML inside Say, and <speak>

    @Test
    void ssmlChildrenKeepTheSayAsSsml() throws Exception {
        assertThat(response("<Say>Hello <break time=\"1s\"/> world</Say>"))
                .containsExactly(new Say("<speak>Hello <break time=\"1s\"/> world</speak>", true, null, null));
    }

    @Test
    void ssmlSayIsWrappedWithItsLanguage() throws Exception {
        assertThat(response("<Say language=\"de-DE\" voice=\"anna\"><s>Hallo</s></Say>"))
                .containsExactly(new Say("<speak xml:lang=\"de-DE\"><s>Hallo</s></speak>", true, "de-DE", "anna"));
    }

    @Test
    void everySsmlElementAndAttributePassesThrough() throws Exception {
        String ssml = "<p><s>Your code is <say-as interpret-as=\"digits\" format=\"x\" detail=\"1\">1234</say-as>."
                + "</s><s><prosody rate=\"slow\" pitch=\"+10%\" volume=\"-6dB\">Slowly</prosody>"
                + " <emphasis level=\"strong\">now</emphasis>"
                + "<break strength=\"weak\"/><break time=\"500ms\"/>"
                + "<lang xml:lang=\"fr-FR\">merci</lang></s></p>";
        Say say = (Say) response("<Say>" + ssml + "</Say>").getFirst();
        assertThat(say.ssml()).isTrue();
        assertThat(say.text()).isEqualTo("<speak>" + ssml + "</speak>");
    }

    @Test
    void ssmlIsWrittenInCanonicalForm() throws Exception {
        // names in SSML's lower case, attributes as SSML spells them, white space collapsed, text re-escaped
        Say say = (Say) response("<Say>  A &amp; B\n\n <BREAK TIME='1s' /> <Say-As INTERPRET-AS=\"characters\">"
                + "ab</Say-As>  <!-- a comment --> </Say>").getFirst();
        assertThat(say.text()).isEqualTo(
                "<speak>A &amp; B <break time=\"1s\"/> <say-as interpret-as=\"characters\">ab</say-as></speak>");
    }

    @Test
    void speakRootIsOneSsmlSay() throws Exception {
        assertThat(xml("<speak>Hello <break time=\"2s\"/>there</speak>").steps())
                .containsExactly(new Say("<speak>Hello <break time=\"2s\"/>there</speak>", true, null, null));
    }

    @Test
    void xmlLangOnSpeakSetsTheLanguage() throws Exception {
        assertThat(xml("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<speak version=\"1.1\" xmlns=\"http://www.w3.org/2001/10/synthesis\" xml:lang=\"de-DE\">"
                + "Guten Tag</speak>").steps())
                .containsExactly(new Say("<speak xml:lang=\"de-DE\">Guten Tag</speak>", true, "de-DE", null));
    }

    @Test
    void speakWithoutMarkupIsStillSsml() throws Exception {
        Say say = (Say) xml("<speak>Hi</speak>").steps().getFirst();
        assertThat(say.ssml()).isTrue();
        assertThat(say.text()).isEqualTo("<speak>Hi</speak>");
    }

    // --- Play, Pause, Hangup

    @Test
    void playTakesAnHttpOrHttpsUrl() throws Exception {
        assertThat(response("<Play>\n  https://cdn.example.com/hold.mp3?v=2\n</Play><Play>http://10.0.0.1:8080/a.wav</Play>"))
                .containsExactly(new Play(URI.create("https://cdn.example.com/hold.mp3?v=2")),
                        new Play(URI.create("http://10.0.0.1:8080/a.wav")));
    }

    @Test
    void pauseLengthDefaultsToOneSecond() throws Exception {
        assertThat(response("<Pause/><Pause length=\"2\"/><Pause length=\"600\"></Pause><Pause length=\" 1 \"/>"))
                .containsExactly(new Pause(1), new Pause(2), new Pause(600), new Pause(1));
    }

    @Test
    void hangupEndsTheList() throws Exception {
        assertThat(response("<Say>Bye</Say><Hangup/>")).containsExactly(plain("Bye"), new Hangup());
        assertThat(response("<Hangup></Hangup>")).containsExactly(new Hangup());
    }

    // --- Gather

    @Test
    void gatherDefaultsAreTwimls() throws Exception {
        // TwiML: no numDigits gathers until finishOnKey (#) or the timeout (5 s); 20 is our most
        assertThat(response("<Gather/>")).containsExactly(new Gather(20, 5, '#', List.of(), java.util.Map.of()));
    }

    @Test
    void gatherWithPromptAndBranches() throws Exception {
        Gather gather = (Gather) response("""
                <Gather numDigits="1" timeout="10" finishOnKey="*">
                  <Say>For sales press 1, for support press 2.</Say>
                  <Pause length="1"/>
                  <Play>https://example.com/beep.wav</Play>
                  <On digits="1"><Say>Connecting you to sales.</Say><Hangup/></On>
                  <On digits="2"><Say>Support.</Say><Pause/></On>
                </Gather>""").getFirst();
        assertThat(gather.numDigits()).isEqualTo(1);
        assertThat(gather.timeoutSeconds()).isEqualTo(10);
        assertThat(gather.finishOnKey()).isEqualTo('*');
        assertThat(gather.prompt()).containsExactly(plain("For sales press 1, for support press 2."), new Pause(1),
                new Play(URI.create("https://example.com/beep.wav")));
        assertThat(gather.branches()).containsOnlyKeys("1", "2");
        assertThat(gather.branches().keySet()).containsExactly("1", "2");
        assertThat(gather.branches().get("1")).containsExactly(plain("Connecting you to sales."), new Hangup());
        assertThat(gather.branches().get("2")).containsExactly(plain("Support."), new Pause(1));
    }

    @Test
    void onTakesMultiDigitsStarHashAndLettersAsUpperCase() throws Exception {
        Gather gather = (Gather) response("<Gather numDigits=\"4\" finishOnKey=\"\">"
                + "<On digits=\"1234\"/><On digits=\"*\"/><On digits=\"#0\"/><On digits=\"a\"/><On digits=\"D\"/>"
                + "</Gather>").getFirst();
        assertThat(gather.finishOnKey()).isNull();
        assertThat(gather.branches().keySet()).containsExactly("1234", "*", "#0", "A", "D");
        assertThat(gather.branches().get("1234")).isEmpty();
    }

    @Test
    void gatherLimitsAtTheirEdges() throws Exception {
        Gather low = (Gather) response("<Gather numDigits=\"1\" timeout=\"1\" finishOnKey=\"5\"/>").getFirst();
        Gather high = (Gather) response("<Gather numDigits=\"20\" timeout=\"60\" finishOnKey=\"d\"/>").getFirst();
        assertThat(List.of(low.numDigits(), low.timeoutSeconds(), high.numDigits(), high.timeoutSeconds()))
                .containsExactly(1, 1, 20, 60);
        assertThat(low.finishOnKey()).isEqualTo('5');
        assertThat(high.finishOnKey()).isEqualTo('D');
    }

    @Test
    void stepsAfterTheGatherFollowIt() throws Exception {
        assertThat(response("<Gather numDigits=\"1\"><On digits=\"1\"><Say>One</Say></On></Gather>"
                + "<Say>Nothing chosen.</Say><Hangup/>"))
                .hasSize(3)
                .element(1).isEqualTo(plain("Nothing chosen."));
    }

    // --- names regardless of case, white space, comments

    @Test
    void elementAndAttributeNamesAreMatchedRegardlessOfCase() throws Exception {
        assertThat(xml("<response><SAY LANGUAGE=\"en-GB\" Loop=\"2\">Hi</SAY><pause LENGTH=\"3\"/>"
                + "<gather NUMDIGITS=\"2\" TimeOut=\"9\" finishonkey=\"*\"><on DIGITS=\"12\"><hangup/></on></gather>"
                + "</response>").steps())
                .containsExactly(new Say("Hi", false, "en-GB", null), new Say("Hi", false, "en-GB", null),
                        new Pause(3), new Gather(2, 9, '*', List.of(), java.util.Map.of("12", List.of(new Hangup()))));
    }

    @Test
    void whiteSpaceCommentsAndProcessingInstructionsBetweenStepsAreIgnored() throws Exception {
        assertThat(xml("\uFEFF<?xml version=\"1.0\"?>\n<!-- greeting -->\n<Response>\n\t<!-- first -->\n"
                + "  <Say>\n    Hello\n  </Say>\n  <?tts fast?>\n  <Hangup />\n</Response>\n<!-- end -->\n").steps())
                .containsExactly(plain("Hello"), new Hangup());
    }

    @Test
    void attributeValuesAreStripped() throws Exception {
        assertThat(response("<Say language=\" de-DE \" loop=\" 2\">x</Say>"))
                .containsExactly(new Say("x", false, "de-DE", null), new Say("x", false, "de-DE", null));
    }

    @Test
    void responseMayUseANamespace() throws Exception {
        assertThat(xml("<Response xmlns=\"urn:example\"><Say>x</Say></Response>").steps())
                .containsExactly(plain("x"));
    }

    // --- spokenText

    @Test
    void spokenTextJoinsEverySayInOrderWithoutMarkup() throws Exception {
        CallScript script = xml("""
                <Response>
                  <Say loop="2">Welcome.</Say>
                  <Play>https://example.com/a.mp3</Play>
                  <Gather numDigits="1">
                    <Say>Press <emphasis>one</emphasis>.<break time="1s"/>Or two.</Say>
                    <On digits="1"><Say>Tom &amp; Jerry</Say></On>
                    <On digits="2"><Say language="fr"><s>Au</s><s>revoir</s></Say></On>
                  </Gather>
                  <Say>Bye</Say>
                </Response>""");
        assertThat(script.spokenText()).isEqualTo("Welcome. Welcome. Press one. Or two. Tom & Jerry Au revoir Bye");
    }

    // --- docs/voice-xml.md

    @Test
    void everyScriptInTheDocumentationParses() throws Exception {
        String doc = Files.readString(Path.of("docs/voice-xml.md"));
        Matcher block = Pattern.compile("```xml\n(.*?)```", Pattern.DOTALL).matcher(doc);
        int documents = 0;
        while (block.find()) {
            String xml = block.group(1);
            String root = xml.strip();
            if (root.startsWith("<Response") || root.startsWith("<speak")) {
                assertThat(xml(xml).steps()).as(xml).isNotEmpty();
                documents++;
            } else {
                assertThat(response(xml)).as(xml).isNotEmpty(); // a single element shown on its own
            }
        }
        assertThat(documents).isGreaterThanOrEqualTo(3);
    }

    @Test
    void theDocumentedVoice2PhoneEquivalentIsTheMenu() throws Exception {
        Map<String, String> dtmf = new LinkedHashMap<>();
        dtmf.put("1", "Thank you, confirmed.");
        dtmf.put("2", "Cancelled.");
        assertThat(xml("""
                <Response>
                  <Say>Please press one to confirm.</Say>
                  <Gather numDigits="1" finishOnKey="">
                    <On digits="1"><Say>Thank you, confirmed.</Say><Hangup/></On>
                    <On digits="2"><Say>Cancelled.</Say><Hangup/></On>
                  </Gather>
                  <Hangup/>
                </Response>"""))
                .isEqualTo(CallScript.menu("Please press one to confirm.", dtmf, 5));
    }
}
