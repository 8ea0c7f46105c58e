package io.ringway.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.ringway.call.CallScript.Gather;
import io.ringway.call.CallScript.Hangup;
import io.ringway.call.CallScript.Pause;
import io.ringway.call.CallScript.Play;
import io.ringway.call.CallScript.Say;
import io.ringway.call.CallScript.Step;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** The factories other than xml(), the records' own checks, and spokenText(). */
class CallScriptTest {

    // --- text and textOrSsml

    @Test
    void textIsPlainWordsEvenWhenTheyLookLikeSsml() {
        assertThat(CallScript.text("  <speak>Hi</speak>\n").steps())
                .containsExactly(new Say("<speak>Hi</speak>", false, null, null));
    }

    @Test
    void textKeepsInnerWhiteSpaceAndRefusesBlankOrOverlongText() {
        assertThat(CallScript.text(" Line one.\nLine two. ").steps())
                .containsExactly(new Say("Line one.\nLine two.", false, null, null));
        assertThatIllegalArgumentException().isThrownBy(() -> CallScript.text(" \n")).withMessage("text is empty");
        assertThat(CallScript.text("a".repeat(10_000)).spokenText()).hasSize(10_000);
        assertThatIllegalArgumentException().isThrownBy(() -> CallScript.text("a".repeat(10_001)))
                .withMessageContaining("10001 characters");
    }

    @Test
    void textThatMerelyContainsMarkupIsPlain() throws Exception {
        for (String text : List.of("1 < 2 and 3 > 2", "Press <1> now", "Hi <speak>there</speak>",
                "<b>bold</b> words", "<speaker> is a word", "Say <!DOCTYPE later")) {
            assertThat(CallScript.textOrSsml(text).steps()).containsExactly(new Say(text, false, null, null));
        }
    }

    @Test
    void textOrSsmlReadsASpeakDocument() throws Exception {
        assertThat(CallScript.textOrSsml("\n  <speak xml:lang=\"en-US\">It is <say-as interpret-as=\"time\">"
                + "10:30</say-as>.</speak>  ").steps())
                .containsExactly(new Say("<speak xml:lang=\"en-US\">It is <say-as interpret-as=\"time\">10:30"
                        + "</say-as>.</speak>", true, "en-US", null));
        assertThat(CallScript.textOrSsml("<!-- generated --><SPEAK>Hi</SPEAK>").steps())
                .containsExactly(new Say("<speak>Hi</speak>", true, null, null));
        assertThat(CallScript.textOrSsml("<?xml version=\"1.0\"?><speak>Hi</speak>").steps())
                .containsExactly(new Say("<speak>Hi</speak>", true, null, null));
    }

    @Test
    void textOrSsmlRefusesBlankAndOverlongText() {
        assertThatExceptionOfType(ScriptException.class).isThrownBy(() -> CallScript.textOrSsml("  "))
                .withMessage("the text is empty: give the words to speak");
        assertThatExceptionOfType(ScriptException.class).isThrownBy(() -> CallScript.textOrSsml("a".repeat(10_001)))
                .withMessage("the text has 10001 characters; at most 10000 are accepted");
    }

    @Property(tries = 300)
    void plainWordsComeBackStripped(@ForAll("words") String text) throws Exception {
        CallScript script = CallScript.textOrSsml(text);
        assertThat(script.steps()).containsExactly(new Say(text.strip(), false, null, null));
        assertThat(script.spokenText()).isEqualTo(text.strip());
    }

    @Provide
    Arbitrary<String> words() {
        return Arbitraries.strings().withChars("abcäöü€ <>&;\"'\n\t.!?0123456789").ofMinLength(1).ofMaxLength(60)
                .filter(s -> !s.isBlank() && !s.strip().startsWith("<"));
    }

    // --- menu (Voice2Phone)

    @Test
    void menuSaysWaitsForOneKeyRepliesAndHangsUp() {
        Map<String, String> replies = new LinkedHashMap<>();
        replies.put("1", "Thank you");
        replies.put("2", " See you ");
        CallScript script = CallScript.menu("Please press one", replies, 8);
        assertThat(script.steps()).containsExactly(
                new Say("Please press one", false, null, null),
                new Gather(1, 8, null, List.of(), Map.of(
                        "1", List.of(new Say("Thank you", false, null, null), new Hangup()),
                        "2", List.of(new Say("See you", false, null, null), new Hangup()))),
                new Hangup());
        assertThat(((Gather) script.steps().get(1)).branches().keySet()).containsExactly("1", "2");
        assertThat(script.spokenText()).isEqualTo("Please press one Thank you See you");
    }

    @Test
    void menuWithoutRepliesOnlySpeaks() {
        assertThat(CallScript.menu("Your parcel has arrived.", Map.of(), 5).steps())
                .containsExactly(new Say("Your parcel has arrived.", false, null, null), new Hangup());
    }

    @Test
    void menuKeysAreSinglePhoneKeys() {
        Gather gather = (Gather) CallScript.menu("m", Map.of("*", "star", " b ", "bee", "#", ""), 5).steps().get(1);
        assertThat(gather.branches()).containsOnlyKeys("*", "B", "#");
        assertThat(gather.branches().get("#")).containsExactly(new Hangup());
        assertThatIllegalArgumentException().isThrownBy(() -> CallScript.menu("m", Map.of("12", "x"), 5))
                .withMessage("Dtmf key \"12\" is not one phone key (0-9, *, #, A-D)");
        assertThatIllegalArgumentException().isThrownBy(() -> CallScript.menu("m", Map.of("x", "x"), 5))
                .withMessageContaining("\"x\"");
        Map<String, String> twice = new LinkedHashMap<>();
        twice.put("a", "x");
        twice.put("A", "y");
        assertThatIllegalArgumentException().isThrownBy(() -> CallScript.menu("m", twice, 5))
                .withMessage("Dtmf key \"A\" is given twice");
    }

    @Test
    void menuRefusesAnEmptyMessageABadTimeoutAndTooMuchText() {
        assertThatIllegalArgumentException().isThrownBy(() -> CallScript.menu(" ", Map.of(), 5))
                .withMessage("message is empty");
        assertThatIllegalArgumentException().isThrownBy(() -> CallScript.menu("m", Map.of("1", "x"), 0))
                .withMessage("timeoutSeconds must be 1 to 60, not 0");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> CallScript.menu("a".repeat(6000), Map.of("1", "b".repeat(5000)), 5))
                .withMessageContaining("11000 characters");
    }

    // --- the records keep their invariants whoever builds them

    @Test
    void recordsRefuseWhatCannotBePlayed() {
        assertThatIllegalArgumentException().isThrownBy(() -> new CallScript(List.of()));
        assertThatIllegalArgumentException().isThrownBy(() -> new Say(" ", false, null, null));
        assertThatIllegalArgumentException().isThrownBy(() -> new Say("x", false, "not a tag", null));
        assertThatIllegalArgumentException().isThrownBy(() -> new Say("x", false, null, "--voice;rm"));
        assertThatIllegalArgumentException().isThrownBy(() -> new Play(URI.create("file:///etc/passwd")));
        assertThatIllegalArgumentException().isThrownBy(() -> new Pause(0));
        assertThatIllegalArgumentException().isThrownBy(() -> new Pause(601));
        assertThatIllegalArgumentException().isThrownBy(() -> new Gather(0, 5, null, List.of(), Map.of()));
        assertThatIllegalArgumentException().isThrownBy(() -> new Gather(1, 61, null, List.of(), Map.of()));
        assertThatIllegalArgumentException().isThrownBy(() -> new Gather(1, 5, 'x', List.of(), Map.of()));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new Gather(1, 5, null, List.of(new Hangup()), Map.of()));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new Gather(1, 5, null, List.of(), Map.of("12", List.of())));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new Gather(2, 5, '#', List.of(), Map.of("1#", List.of())));
        Gather inner = new Gather(1, 5, null, List.of(), Map.of());
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new Gather(1, 5, null, List.of(), Map.of("1", List.of(inner))));
    }

    @Test
    void recordsAreImmutableCopies() {
        List<Step> prompt = new java.util.ArrayList<>(List.of(new Pause(1)));
        Map<String, List<Step>> branches = new LinkedHashMap<>(Map.of("1", List.of(new Hangup())));
        Gather gather = new Gather(1, 5, null, prompt, branches);
        prompt.add(new Pause(2));
        branches.put("2", List.of());
        assertThat(gather.prompt()).hasSize(1);
        assertThat(gather.branches()).containsOnlyKeys("1");
        assertThatExceptionOfType(UnsupportedOperationException.class)
                .isThrownBy(() -> gather.branches().put("3", List.of()));
    }

    // --- spokenText

    @Test
    void spokenTextOfSsmlDropsMarkupAndDecodesText() {
        CallScript script = new CallScript(List.of(
                new Say("<speak xml:lang=\"de\">A&amp;B <emphasis>c</emphasis>d<break time=\"1s\"/>e &#233;&#x41;</speak>",
                        true, "de", null),
                new Play(URI.create("https://example.com/a.mp3")),
                new Say("1 < 2 &amp; plain", false, null, null)));
        assertThat(script.spokenText()).isEqualTo("A&B cd e éA 1 < 2 &amp; plain");
    }

    @Test
    void spokenTextIsEmptyWithoutSays() {
        assertThat(new CallScript(List.of(new Pause(1), new Hangup())).spokenText()).isEmpty();
    }
}
