package io.ringway.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scripts come from anyone with an API key: nothing in them may make the parser read a file, open a connection or
 * spend unbounded time or memory, and no input may escape as anything but a ScriptException.
 */
class VoiceXmlSecurityTest {

    private static final String SECRET = "TOP-SECRET-7f3a9c";

    @TempDir
    Path dir;

    private String secretUri() throws IOException {
        Path secret = Files.writeString(dir.resolve("secret.txt"), SECRET);
        return secret.toUri().toString();
    }

    /** Each way XML offers to pull a file in: general entity, parameter entity, external DTD, XInclude. */
    private List<String> fileAttacks() throws IOException {
        String uri = secretUri();
        return List.of(
                "<?xml version=\"1.0\"?>\n<!DOCTYPE Response [<!ENTITY xxe SYSTEM \"" + uri + "\">]>\n"
                        + "<Response><Say>&xxe;</Say></Response>",
                "<!DOCTYPE Response [<!ENTITY % p SYSTEM \"" + uri + "\"> %p;]><Response><Say>x</Say></Response>",
                "<!DOCTYPE Response SYSTEM \"" + uri + "\"><Response><Say>x</Say></Response>",
                "<!DOCTYPE speak [<!ENTITY xxe SYSTEM \"" + uri + "\">]><speak>&xxe;</speak>",
                "<Response xmlns:xi=\"http://www.w3.org/2001/XInclude\"><Say><xi:include href=\"" + uri
                        + "\" parse=\"text\"/></Say></Response>",
                "<Response><Say>&xxe;</Say></Response>");
    }

    @Test
    void externalEntitiesAreRefusedAndNoFileIsRead() throws IOException {
        for (String attack : fileAttacks()) {
            assertThatExceptionOfType(ScriptException.class).as(attack)
                    .isThrownBy(() -> CallScript.xml(attack))
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(SECRET));
        }
    }

    @Test
    void aDoctypeIsRefusedByName() throws IOException {
        String attack = fileAttacks().getFirst();
        assertThatExceptionOfType(ScriptException.class).isThrownBy(() -> CallScript.xml(attack))
                .withMessageStartingWith("line 2, column 1: <!DOCTYPE> is not allowed");
        String ssml = fileAttacks().get(3);
        assertThatExceptionOfType(ScriptException.class).isThrownBy(() -> CallScript.textOrSsml(ssml))
                .withMessageContaining("<!DOCTYPE> is not allowed");
    }

    @Test
    void theParserOpensNoConnection() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            String url = "http://127.0.0.1:" + listener.getLocalPort() + "/evil";
            List<String> attacks = List.of(
                    "<!DOCTYPE Response SYSTEM \"" + url + ".dtd\"><Response><Say>x</Say></Response>",
                    "<!DOCTYPE Response [<!ENTITY e SYSTEM \"" + url + "\">]><Response><Say>&e;</Say></Response>",
                    "<!DOCTYPE r [<!ENTITY % p SYSTEM \"" + url + "\"> %p;]><Response><Say>x</Say></Response>",
                    "<Response xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:schemaLocation=\"" + url
                            + " " + url + "\"><Say>x</Say></Response>");
            for (String attack : attacks) {
                assertThatExceptionOfType(ScriptException.class).as(attack).isThrownBy(() -> CallScript.xml(attack));
            }
            listener.setSoTimeout(300);
            assertThatExceptionOfType(SocketTimeoutException.class).isThrownBy(listener::accept);
        }
    }

    @Test
    void billionLaughsIsRefusedQuickly() {
        StringBuilder dtd = new StringBuilder("<!DOCTYPE lolz [<!ENTITY lol0 \"lol\">");
        for (int i = 1; i <= 9; i++) {
            dtd.append("<!ENTITY lol").append(i).append(" \"").append(("&lol" + (i - 1) + ";").repeat(10)).append("\">");
        }
        String bomb = dtd + "]><Response><Say>&lol9;</Say></Response>";
        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> assertThatExceptionOfType(ScriptException.class)
                .isThrownBy(() -> CallScript.xml(bomb))
                .withMessageContaining("<!DOCTYPE> is not allowed"));
    }

    @Test
    void hugeInputIsRefusedWithoutParsing() {
        String huge = "<Response>" + "<Pause/>".repeat(1_000_000) + "</Response>";
        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> assertThatExceptionOfType(ScriptException.class)
                .isThrownBy(() -> CallScript.xml(huge))
                .withMessageContaining("at most 10000 are accepted"));
    }

    @Test
    void deepNestingIsRefusedQuickly() {
        String deep = "<Response><Say>" + "<p>".repeat(1400) + "x" + "</p>".repeat(1400) + "</Say></Response>";
        assertThatExceptionOfType(ScriptException.class).isThrownBy(() -> CallScript.xml(deep))
                .withMessageContaining("nests SSML deeper than 8");
    }

    // --- random input never escapes as anything but a ScriptException

    @Property(tries = 1000)
    void garbageOnlyEverFailsWithAScriptException(@ForAll("garbage") String input) {
        assertRefusedCleanlyOrParsed(() -> CallScript.xml(input));
        assertRefusedCleanlyOrParsed(() -> CallScript.textOrSsml(input));
    }

    @Property(tries = 300)
    void arbitraryUnicodeOnlyEverFailsWithAScriptException(@ForAll String input) {
        assertRefusedCleanlyOrParsed(() -> CallScript.xml(input));
        assertRefusedCleanlyOrParsed(() -> CallScript.textOrSsml("<speak>" + input + "</speak>"));
    }

    private interface Parse {
        CallScript run() throws ScriptException;
    }

    private static void assertRefusedCleanlyOrParsed(Parse parse) {
        try {
            CallScript script = parse.run();
            assertThat(script.steps()).isNotEmpty();
        } catch (ScriptException e) {
            assertThat(e.getMessage()).isNotBlank();
        }
    }

    /** Fragments of the dialect, SSML and XML's dangerous corners, shuffled: most are malformed, some valid. */
    @Provide
    Arbitrary<String> garbage() {
        Arbitrary<String> fragment = Arbitraries.oneOf(
                Arbitraries.of("<Response>", "</Response>", "<Say>", "</Say>", "<Say loop=\"3\">", "<Play>",
                        "</Play>", "https://example.com/a.mp3", "<Pause length=\"2\"/>", "<Pause/>", "<Hangup/>",
                        "<Gather numDigits=\"1\">", "<Gather>", "</Gather>", "<On digits=\"1\">", "<On digits=\"#\">",
                        "</On>", "<speak>", "</speak>", "<break time=\"1s\"/>", "<prosody rate=\"slow\">",
                        "</prosody>", "<s>", "</s>", "<lang xml:lang=\"de\">", "</lang>", "<?xml version=\"1.0\"?>",
                        "<!DOCTYPE r [<!ENTITY x \"y\">]>", "&x;", "&amp;", "&#0;", "&#x1F600;", "&#xD800;",
                        "<![CDATA[", "]]>", "<!--", "-->", "<?pi x?>", "\"", "'", "=", "<", ">", "/>", "&", ";",
                        " ", "\n", "\r", "\t", "\u0000", "\uD800", "\uFEFF", "xmlns:a=\"u\"", "<a:b>", "é"),
                Arbitraries.strings().ofMaxLength(8));
        return fragment.list().ofMaxSize(40).map(parts -> String.join("", parts));
    }
}
