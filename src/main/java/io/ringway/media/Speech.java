package io.ringway.media;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What to say: {@code text} (plain, or SSML when {@code ssml}), in {@code language} (a BCP-47 tag such as "de", "en",
 * "en-GB"), with {@code voice} naming an engine voice, or {@code null} for the engine's default for the language.
 */
public record Speech(String text, String language, String voice, boolean ssml) {
    private static final Pattern LANGUAGE = Pattern.compile("[A-Za-z]{2,3}([-_][A-Za-z0-9]{1,8})*");

    public Speech {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(language, "language");
        if (!LANGUAGE.matcher(language).matches()) throw new IllegalArgumentException("not a language tag: " + language);
    }

    public static Speech text(String text, String language) { return new Speech(text, language, null, false); }

    public static Speech ssml(String ssml, String language) { return new Speech(ssml, language, null, true); }
}
