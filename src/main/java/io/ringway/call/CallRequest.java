package io.ringway.call;

/**
 * A call an API asks for. {@code scriptKind}: {@code text} (plain text or an SSML document), {@code xml} (the
 * Response dialect, docs/voice-xml.md) or {@code menu} (Voice2Phone: {@code script} is the message, {@code menu}
 * the key → reply map). {@code ringSeconds}, {@code language}, {@code from} and {@code foreignId} may be null.
 * With {@code defaultCountry}, {@code to} is read in that country's national format unless it starts with + or 00
 * (Voice2Phone); without, by the sms77 rules with the account's country.
 */
public record CallRequest(String api, String to, String defaultCountry, String from, String scriptKind, String script,
                          java.util.Map<String, String> menu, String language, Integer ringSeconds, String foreignId,
                          boolean debug) {
    public static final String SMS77 = "sms77", VOICE2PHONE = "voice2phone";
    public static final String TEXT = "text", XML = "xml", MENU = "menu";
}
